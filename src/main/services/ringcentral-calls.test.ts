import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RingCentralSimulator } from '../../../server/sandbox/ringcentral/ringcentral-simulator'
import type { ScreenPop } from '../../shared/ipc-contract'
import { createIpcDispatcher } from '../ipc/dispatcher'
import { ScreenPopTracker } from './ringcentral-calls'
import { MemorySecretStore } from './secret-store'
import { consoleFor, extensionCredential, startSimulator, type ConsoleUnderTest } from './testing/ringcentral-test-kit'

let simulator: RingCentralSimulator
let console: ConsoleUnderTest
const frontDesk = '62264425017' // extension 102

beforeEach(async () => {
  simulator = await startSimulator()
  console = consoleFor(simulator, new MemorySecretStore())
  console.services.start()
  await console.services.handlers['ringcentral:signIn']({ jwt: await extensionCredential(simulator, '102') })
})
afterEach(async () => {
  await console.stop()
  await simulator.close()
})

const pops = () => console.events.filter((event) => event.name === 'calls:screenPop').map((event) => event.payload as ScreenPop)

describe('calls for the signed-in extension', () => {
  it('pops an incoming call once, then updates it when answered and ended, in sequence order', async () => {
    const newPops: ScreenPop[] = []
    console.services.onNewScreenPop((pop) => newPops.push(pop))
    const telephonySessionId = 's-front-desk-call-1'
    const event = (sequence: number, statusCode: 'Proceeding' | 'Answered' | 'Disconnected') =>
      simulator.telephonyEvent({ telephonySessionId, sequence, statusCode, customerNumber: '+14085550199', extensionId: frontDesk, extensionName: 'Maya Chen' })
    await event(1, 'Proceeding')
    await event(1, 'Proceeding') // the same event again
    await event(3, 'Disconnected')
    await event(2, 'Answered') // arrives late: older than what was seen, ignored
    await console.next('calls:screenPop', (pop) => pop.status === 'ended')

    expect(pops().map((pop) => pop.status)).toEqual(['ringing', 'ended'])
    expect(pops()[0]).toMatchObject({ telephonySessionId, fromNumber: '+14085550199', transferred: false })
    expect(newPops.map((pop) => pop.telephonySessionId)).toEqual([telephonySessionId])
  })

  it("never pops another extension's call", async () => {
    await simulator.inboundCall({ from: '+14085550100', telephonySessionId: 's-for-extension-101', statuses: ['Proceeding'] })
    // A later call to this extension proves the socket delivered everything before it.
    await simulator.telephonyEvent({ telephonySessionId: 's-for-102', sequence: 1, statusCode: 'Proceeding', customerNumber: '+14085550101', extensionId: frontDesk })
    await console.next('calls:screenPop', (pop) => pop.telephonySessionId === 's-for-102')
    expect(pops().map((pop) => pop.telephonySessionId)).toEqual(['s-for-102'])
  })

  it('reconnects after the socket drops, and a later call still pops', async () => {
    const dropped = await fetch(`${simulator.url}/__sim/ringcentral/ws/drop`, { method: 'POST' })
    expect(await dropped.json()).toEqual({ dropped: 1 })
    await console.next('ringcentral:session', (session) => session.state === 'reconnecting')
    const since = console.events.length
    await console.next('ringcentral:session', (session) => session.state === 'connected' && console.events.length > since)
    expect(simulator.webSocketGateway.connections()).toEqual([expect.objectContaining({ extensionId: frontDesk, recovered: true })])

    await simulator.telephonyEvent({ telephonySessionId: 's-after-drop', sequence: 1, statusCode: 'Proceeding', customerNumber: '+14085550102', extensionId: frontDesk })
    expect(await console.next('calls:screenPop', (pop) => pop.telephonySessionId === 's-after-drop')).toMatchObject({ status: 'ringing' })
  })

  it('transfers an answered call through Call Control, and reports a refused transfer clearly', async () => {
    const call = await simulator.calls.scriptedCall({ from: '+14085550103', toExtension: '102', lines: [], hangUp: false })
    await console.next('calls:screenPop', (pop) => pop.telephonySessionId === call.telephonySessionId && pop.status === 'answered')

    const result = await console.services.handlers['calls:transfer']({ ...call, extensionNumber: '103' })
    expect(result).toEqual({ telephonySessionId: call.telephonySessionId, extensionNumber: '103' })
    expect(simulator.calls.transfers).toEqual([expect.objectContaining({ ...call, kind: 'transfer', target: { extensionNumber: '103' } })])
    // The outcome: this extension's party is gone (BlindTransfer), so its pop ends.
    await console.next('calls:screenPop', (pop) => pop.telephonySessionId === call.telephonySessionId && pop.status === 'ended')

    await expect(console.services.handlers['calls:transfer']({ telephonySessionId: 's-unknown', partyId: 'p-unknown-2', extensionNumber: '103' })).rejects.toThrow(
      /RingCentral refused the transfer to extension 103: Telephony session not found/,
    )
  })

  it('pops a call transferred from another extension without guessing from its party id (the relay’s record tells the renderer)', async () => {
    const call = await simulator.calls.scriptedCall({ from: '+14085550104', toExtension: '101', lines: [], hangUp: false })
    // The relay (signed in as the app's own extension) escalates the call to the front desk.
    const { SDK } = await import('@ringcentral/sdk')
    const relay = new SDK({ server: simulator.url, clientId: 'sim-client-console', clientSecret: 'console-test-secret' })
    await relay.platform().login({ jwt: 'sim-jwt-app-own-credential-for-tests' })
    await relay.platform().post(`/restapi/v1.0/account/~/telephony/sessions/${call.telephonySessionId}/parties/${call.partyId}/transfer`, { extensionNumber: '102' })
    const pop = await console.next('calls:screenPop', (p) => p.telephonySessionId === call.telephonySessionId)
    // An extension-level subscription sees only this extension's party: no evidence of the transfer.
    expect(pop).toMatchObject({ transferred: false, fromNumber: '+14085550104', status: 'ringing' })
    expect(pop.partyId).not.toBe(call.partyId)
    await relay.platform().logout()
  })

  it('rejects a malformed transfer request before it reaches RingCentral', async () => {
    const dispatch = createIpcDispatcher(console.services.handlers)
    const result = await dispatch('calls:transfer', { telephonySessionId: 's-1', partyId: 'p-1', extensionNumber: '10; DROP' })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_payload', message: expect.stringMatching(/extensionNumber/) } })
    const missing = await dispatch('calls:transfer', { telephonySessionId: 's-1', extensionNumber: '103' })
    expect(missing).toMatchObject({ ok: false, error: { code: 'invalid_payload' } })
    expect(simulator.calls.transfers).toEqual([])
  })
})

describe('screen pop tracking', () => {
  const party = (code: string, id = 'p-abc-2', extensionId = '7', reason?: string) => ({ id, extensionId, direction: 'Inbound', status: { code, ...(reason ? { reason } : {}) }, from: { phoneNumber: '+15551230000' } })
  const event = (sequence: number, ...parties: ReturnType<typeof party>[]) => ({ body: { telephonySessionId: 's-abc', sequence, parties } })
  const at = new Date('2026-11-22T10:00:00.000Z')

  it('does not pop a call that ended before it rang here', () => {
    const tracker = new ScreenPopTracker('7')
    expect(tracker.accept(event(1, party('Disconnected')), at)).toEqual([])
    expect(tracker.accept(event(2, party('Proceeding', 'p-abc-2', '8')), at)).toEqual([])
  })

  it('treats each party separately', () => {
    const tracker = new ScreenPopTracker('7')
    const first = tracker.accept(event(1, party('Proceeding')), at)
    const second = tracker.accept(event(2, party('Disconnected', 'p-abc-2', '7', 'BlindTransfer'), party('Proceeding', 'p-abc-3')), at)
    expect(first.map(({ pop, isNew }) => [pop.partyId, pop.status, isNew])).toEqual([['p-abc-2', 'ringing', true]])
    expect(second.map(({ pop, isNew }) => [pop.partyId, pop.status, isNew, pop.transferred])).toEqual([
      ['p-abc-2', 'ended', false, false],
      ['p-abc-3', 'ringing', true, true],
    ])
  })

  it('reads nothing from party ids: a high suffix is not a transfer, a low one does not hide one', () => {
    const tracker = new ScreenPopTracker('7')
    const [plain] = tracker.accept(event(1, party('Proceeding', 'p-9f3c-7')), at)
    expect(plain!.pop.transferred).toBe(false)
    const other = new ScreenPopTracker('7')
    other.accept(event(1, party('Answered', 'p-77aa-5', '8')), at)
    const [reached] = other.accept(event(2, party('Disconnected', 'p-77aa-5', '8', 'BlindTransfer'), party('Proceeding', 'p-77aa-1')), at)
    expect([reached!.pop.partyId, reached!.pop.transferred]).toEqual(['p-77aa-1', true])
  })
})
