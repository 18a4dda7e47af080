import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { buildTestRelay } from '../../../server/test/helper'
import { demoBusinessProfile } from '../../domain/business-profile'
import type { RelayApp } from '../../../server/src/app'
import type { SyncState, SyncStreamEvent } from '../../shared/ipc-contract'
import { IpcError } from '../ipc/dispatcher'
import { seedDemoBusiness } from '../../../server/src/demo/seed'
import { ExternalLinks } from './external-links'
import { PairingFile } from './pairing-file'
import { MemorySecretStore } from './secret-store'
import { SyncService } from './sync-service'

const at = '2026-11-22T10:00:00.000Z'
const extension = (id: string, employeeName: string) => ({
  id, updatedAt: at, extensionNumber: '101', ringCentralExtensionId: null, employeeName, role: 'frontdesk',
  status: 'available', workingHours: [], isPrimary: false, alertPhone: null, _deleted: false,
})

describe('SyncService against a real relay', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function setup(relayUrlOverride?: string) {
    const relay: RelayApp = await buildTestRelay()
    const relayUrl = relayUrlOverride ?? (await relay.listen({ port: 0, host: '127.0.0.1' }))
    cleanups.push(() => relay.close())
    const secrets = new MemorySecretStore()
    const states: SyncState[] = []
    const stream: SyncStreamEvent[] = []
    const pairingFile = new PairingFile(join(mkdtempSync(join(tmpdir(), 'console-')), 'pairing.json'))
    const externalLinks = new ExternalLinks()
    const service = new SyncService({
      relayUrl,
      secrets,
      pairingFile,
      emitState: (state) => states.push(state),
      emitStream: (event) => stream.push(event),
      reconnectDelayMs: 50,
      observeDocuments: (collection, documents) => externalLinks.observe(collection, documents),
    })
    await service.start()
    cleanups.push(() => service.stop())
    return { relay, service, secrets, states, stream, pairingFile, externalLinks }
  }

  it('pairs with a one-time code, keeps the token out of its state, and opens the live stream', async () => {
    const { relay, service, secrets, stream, pairingFile } = await setup()
    expect(service.getState()).toMatchObject({ paired: false, live: false })
    const { code } = await relay.devices.createPairingCode('owner')

    const state = await service.pair(code, 'Owner laptop')
    expect(state).toMatchObject({ paired: true, role: 'owner', deviceName: 'Owner laptop', tokenRemembered: false })
    const token = (await secrets.get('relay-device-token'))!
    expect(token).toMatch(/^sbd_/)
    expect(JSON.stringify(state)).not.toContain(token)
    expect(JSON.stringify(pairingFile.read())).not.toContain(token)

    await expect.poll(() => service.getState().live).toBe(true)
    await expect.poll(() => stream).toEqual(['RESYNC'])

    const conflicts = await service.push('extensions', [{ assumedMasterState: null, newDocumentState: extension('ext_1', 'Kenji Sato') }])
    expect(conflicts).toEqual([])
    await expect.poll(() => stream.length).toBe(2)
    expect(stream[1]).toMatchObject({ collection: 'extensions', documents: [{ id: 'ext_1', employeeName: 'Kenji Sato' }] })

    const pulled = await service.pull('extensions', null, 10)
    expect(pulled.documents.map((d) => d.id)).toEqual(['ext_1'])
    expect(service.getState().lastSyncAt).not.toBeNull()
  })

  it('explains a refused code and keeps the console unpaired', async () => {
    const { service } = await setup()
    await expect(service.pair('WRONG-CODE0', 'Laptop')).rejects.toMatchObject({ code: 'refused', message: expect.stringMatching(/unknown, already used or expired/) })
    expect(service.getState().paired).toBe(false)
    await expect(service.pull('bookings', null, 10)).rejects.toMatchObject({ code: 'not_paired' })
  })

  it('reports a revoked device as no longer paired', async () => {
    const { relay, service } = await setup()
    const paired = await service.pair((await relay.devices.createPairingCode('frontdesk')).code, 'Front desk')
    await relay.devices.revoke(paired.deviceId!)
    const error = await service.pull('bookings', null, 10).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(IpcError)
    expect(error).toMatchObject({ code: 'not_paired' })
    expect(service.getState().error).toMatch(/Pair it again/)
  })

  it('says the relay is unreachable instead of failing obscurely', async () => {
    const { service } = await setup('http://127.0.0.1:9')
    await expect(service.pair('ABCDE-FGHJK', 'Laptop')).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining('cannot be reached') })
  })

  it('gives a front desk the business rules, null until the business is set up', async () => {
    const { relay, service } = await setup()
    await service.pair((await relay.devices.createPairingCode('frontdesk')).code, 'Front desk')
    expect(await service.businessRules()).toEqual({ rules: null })
    await relay.storage.documents.put('settings', { ...demoBusinessProfile(at), adultPriceCents: 6000 })
    const { rules } = await service.businessRules()
    expect(rules).toMatchObject({ adultPriceCents: 6000, depositCents: 10_000 })
    expect(rules).not.toHaveProperty('faqs')
    // The settings document itself stays out of reach.
    await expect(service.pull('settings', null, 10)).rejects.toMatchObject({ code: 'refused' })
  })

  it('forgets the pairing on unpair', async () => {
    const { relay, service, secrets, pairingFile } = await setup()
    await service.pair((await relay.devices.createPairingCode('owner')).code, 'Laptop')
    const state = await service.unpair()
    expect(state).toMatchObject({ paired: false, live: false, deviceId: null })
    expect(await secrets.get('relay-device-token')).toBeNull()
    expect(pairingFile.read()).toBeNull()
  })

  it('lets links out only to the review page named in the relay settings, learnt from pulls and the stream', async () => {
    const { relay, service, externalLinks } = await setup()
    await seedDemoBusiness(relay.storage, new Date())
    await service.pair((await relay.devices.createPairingCode('owner')).code, 'Owner laptop')
    await expect.poll(() => service.getState().live).toBe(true)
    expect(externalLinks.allows('https://checkout.stripe.com/c/pay/cs_test_1')).toBe(true)
    expect(externalLinks.allows('https://reviews.example/cafe')).toBe(false)

    await relay.storage.documents.update('settings', 'business', (settings) => ({ ...settings!, reviewUrl: 'https://reviews.example/cafe' }))
    await expect.poll(() => externalLinks.allows('https://reviews.example/cafe')).toBe(true)
    await relay.storage.documents.update('settings', 'business', (settings) => ({ ...settings!, reviewUrl: 'https://reviews.example/new' }))
    await expect.poll(() => externalLinks.allows('https://reviews.example/cafe')).toBe(false)
    expect(externalLinks.allows('https://reviews.example/new')).toBe(true)

    // A console started later learns it from its first pull.
    const later = new ExternalLinks()
    later.observe('settings', (await service.pull('settings', null, 10)).documents)
    expect(later.allows('https://reviews.example/new')).toBe(true)
    // Nothing but the settings can add to the list.
    later.observe('bookings', [{ id: 'bk_1', reviewUrl: 'https://evil.example/' }])
    expect(later.allows('https://evil.example/')).toBe(false)
  })
})

describe('SyncService pairing with the code it starts with (how `npm start` pairs its console)', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function startWithCode(
    options: {
      code?: (relay: RelayApp) => Promise<string>
      relayUrl?: string
      reconnectDelayMs?: number
      /** Answers the nth pairing request in the relay's place (`forward` asks the relay), or leaves it to the relay. */
      answerPair?: (attempt: number, forward: () => Promise<Response>) => Promise<Response | null> | Response | null
    } = {},
  ) {
    const relay: RelayApp = await buildTestRelay()
    const relayUrl = options.relayUrl ?? (await relay.listen({ port: 0, host: '127.0.0.1' }))
    cleanups.push(() => relay.close())
    const code = options.code ? await options.code(relay) : (await relay.devices.createPairingCode('owner')).code
    const states: SyncState[] = []
    let pairAttempts = 0
    const service = new SyncService({
      relayUrl,
      secrets: new MemorySecretStore(),
      pairingFile: new PairingFile(join(mkdtempSync(join(tmpdir(), 'console-')), 'pairing.json')),
      emitState: (state) => states.push(state),
      emitStream: () => undefined,
      reconnectDelayMs: options.reconnectDelayMs ?? 20,
      pairOnStart: { code, name: 'Browser console' },
      // The relay itself, except for the pairing answers a test puts in its place.
      fetch: async (input, init) => {
        if (String(input).endsWith('/devices/pair')) {
          pairAttempts += 1
          const stand = await options.answerPair?.(pairAttempts, () => fetch(input, init))
          if (stand) return stand
        }
        return fetch(input, init)
      },
    })
    cleanups.push(() => service.stop())
    return { relay, service, states, started: service.start(), attempts: () => pairAttempts }
  }

  it('pairs at start and opens the live stream', async () => {
    const { service, started } = await startWithCode()
    await started
    expect(service.getState()).toMatchObject({ paired: true, role: 'owner', deviceName: 'Browser console', error: null })
    await expect.poll(() => service.getState().live).toBe(true)
  })

  it('tries again while the relay cannot store the pairing just now (5xx), then pairs', async () => {
    // What the relay answers when it cannot store the pairing (routes/devices/pair.ts).
    const busy = () =>
      new Response(JSON.stringify({ error: 'storage_unavailable', message: 'The relay could not save the pairing; try again in a moment.' }), {
        status: 503,
        headers: { 'content-type': 'application/json', 'retry-after': '5' },
      })
    const { service, states, started, attempts } = await startWithCode({ answerPair: (attempt) => (attempt <= 2 ? busy() : null) })
    await started
    expect(attempts()).toBe(3)
    // Meanwhile the console said what was happening.
    expect(states.map((state) => state.error)).toContain('The relay could not save the pairing; try again in a moment. Pairing again in 1 s.')
    expect(service.getState()).toMatchObject({ paired: true, role: 'owner', error: null })
  })

  it('stops at a refused code and says why', async () => {
    const { service, started, attempts } = await startWithCode({ code: async () => 'WRONG-CODE0' })
    await started
    expect(attempts()).toBe(1)
    expect(service.getState()).toMatchObject({ paired: false, error: expect.stringMatching(/unknown, already used or expired/) })
  })

  it('keeps trying while the relay cannot be reached, and stops trying when the console stops', async () => {
    const { service, started, attempts } = await startWithCode({ relayUrl: 'http://127.0.0.1:9' })
    await expect.poll(attempts).toBeGreaterThanOrEqual(2)
    expect(service.getState()).toMatchObject({ paired: false, error: expect.stringMatching(/cannot be reached.*Pairing again in/) })
    service.stop()
    await started
    const stoppedAt = attempts()
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(attempts()).toBe(stoppedAt)
  })

  it('says the code may be spent when a try whose answer was lost had used it', async () => {
    const lost = () => new Response(JSON.stringify({ message: 'The relay could not save the pairing; try again in a moment.' }), { status: 503 })
    // The first try reaches the relay and pairs, but its answer is lost on the way back.
    const { service, started, attempts } = await startWithCode({ answerPair: async (attempt, forward) => (attempt === 1 ? (await forward(), lost()) : null) })
    await started
    expect(attempts()).toBe(2)
    expect(service.getState()).toMatchObject({ paired: false, error: expect.stringMatching(/unknown, already used or expired.*An earlier try may have used it/) })
  })

  it('ends at once when the console is paired in Settings while it waits, and keeps that pairing', async () => {
    const busy = () => new Response(JSON.stringify({ message: 'The relay could not save the pairing; try again in a moment.' }), { status: 503 })
    const { relay, service, started, attempts } = await startWithCode({ reconnectDelayMs: 60_000, answerPair: (attempt) => (attempt === 1 ? busy() : null) })
    await expect.poll(() => service.getState().error).toMatch(/Pairing again in 60 s/)
    const settingsCode = (await relay.devices.createPairingCode('frontdesk')).code
    await service.pair(settingsCode, 'Front desk')
    // The start-up loop's minute-long wait ended with it.
    await started
    expect(attempts()).toBe(2)
    expect(service.getState()).toMatchObject({ paired: true, role: 'frontdesk', deviceName: 'Front desk', error: null })
  })
})
