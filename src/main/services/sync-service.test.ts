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
