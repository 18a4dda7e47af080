import pino from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { relayEventFilters } from '../src/providers/ringcentral/notifications'
import { RingCentralWebhookSubscription } from '../src/providers/ringcentral/webhook-subscription'
import { signInsNotingWrites, storageEngines } from '../src/storage/testing/storage-engines'
import { startRelayHarness, type RelayHarness } from '../sandbox/testing/relay-harness'

let relay: RelayHarness
let manager: RingCentralWebhookSubscription

beforeEach(async () => {
  relay = await startRelayHarness({ withRingCentralCredentials: true })
  manager = new RingCentralWebhookSubscription({
    records: relay.storage.ringCentral,
    signIns: relay.storage.signIns,
    settings: relay.config.providers.ringCentral,
    webhookAddress: relay.webhookUrl('ringcentral'),
    logger: pino({ level: 'silent' }),
    now: relay.clock.now,
    expiresInSeconds: 7 * 24 * 3600,
    renewBeforeSeconds: 24 * 3600,
    documents: relay.storage.documents,
  })
})
afterEach(async () => {
  await manager.stop()
  await relay.close()
})

function simulatedSubscriptions() {
  return [...relay.sandbox.ringcentral.subscriptions.values()]
}

describe('the relay’s RingCentral webhook subscription', () => {
  it('is created with the documented filters and an explicit expiresIn, passing the handshake', async () => {
    expect(relay.config.providers.ringCentral.mode).toBe('live')
    const { action, subscriptionId } = await manager.ensure()
    expect(action).toBe('created')
    const [subscription] = simulatedSubscriptions()
    expect(subscription).toMatchObject({
      id: subscriptionId,
      status: 'Active',
      eventFilters: [...relayEventFilters],
      expiresIn: 7 * 24 * 3600,
      deliveryMode: { address: relay.webhookUrl('ringcentral') },
    })
    expect(await manager.ensure()).toEqual({ action: 'kept', subscriptionId })

    // Events now flow from the simulator to the relay through that subscription.
    const call = await relay.control.ringcentral.inboundCall({ from: '+14085550199', statuses: ['Proceeding'] })
    await relay.worker.drain()
    expect(await relay.documents.get('calls', call.telephonySessionId)).toMatchObject({ status: 'ringing' })
  })

  it('is renewed when less than a day is left', async () => {
    const { subscriptionId } = await manager.ensure()
    const before = Date.parse(simulatedSubscriptions()[0]!.expirationTime)
    relay.clock.advance(6 * 24 * 3600 * 1000 + 60_000)
    expect(await manager.ensure()).toEqual({ action: 'renewed', subscriptionId })
    // The simulator renews from its own (real) clock: the expiry is at least as late as before.
    expect(Date.parse(simulatedSubscriptions()[0]!.expirationTime)).toBeGreaterThanOrEqual(before)
  })

  it('is recreated when blacklisted or gone', async () => {
    const first = await manager.ensure()
    await relay.control.ringcentral.blacklist(first.subscriptionId)
    const second = await manager.ensure()
    expect(second.action).toBe('recreated')
    expect(second.subscriptionId).not.toBe(first.subscriptionId)
    expect(simulatedSubscriptions().map((s) => [s.id, s.status])).toEqual([[second.subscriptionId, 'Active']])

    await relay.control.ringcentral.expire(second.subscriptionId)
    const third = await manager.ensure()
    expect(third.action).toBe('recreated')
    expect(relay.sandbox.ringcentral.subscriptions.get(third.subscriptionId)?.status).toBe('Active')
  })

  it('keeps a subscription whose voicemail filter RingCentral did not grant, and tells the owner once', async () => {
    const voicemailFilter = relayEventFilters.find((filter) => filter.endsWith('/voicemail'))!
    await relay.control.ringcentral.denyFilter(voicemailFilter, { reason: 'Permission [ReadMessages] is not granted' })
    const { action, subscriptionId } = await manager.ensure()
    expect(action).toBe('created')
    const [subscription] = simulatedSubscriptions()
    expect(subscription!.eventFilters).not.toContain(voicemailFilter)
    expect(subscription!.disabledFilters).toEqual([expect.objectContaining({ filter: voicemailFilter, reason: 'Permission [ReadMessages] is not granted' })])

    // Checked again and again: no delete-and-recreate loop.
    expect(await manager.ensure()).toEqual({ action: 'kept', subscriptionId })
    expect(await manager.ensure()).toEqual({ action: 'kept', subscriptionId })
    expect(simulatedSubscriptions().map((s) => s.id)).toEqual([subscriptionId])

    const item = await relay.documents.get('needsAttention', 'att-rc-filter-voicemail')
    expect(item).toMatchObject({ kind: 'failed_job', status: 'open', rejectedEdit: { filter: voicemailFilter } })
    expect(String(item!.title)).toMatch(/voicemail/i)
    expect(String(item!.title)).toMatch(/ReadMessages/)
    const firstUpdate = item!.updatedAt
    await manager.ensure()
    expect((await relay.documents.get('needsAttention', 'att-rc-filter-voicemail'))!.updatedAt).toBe(firstUpdate)

    // The permission is granted: the renewal asks for every filter again and the item closes.
    await relay.control.ringcentral.denyFilter(voicemailFilter, { granted: true })
    relay.clock.advance(6 * 24 * 3600 * 1000 + 60_000)
    expect(await manager.ensure()).toEqual({ action: 'renewed', subscriptionId })
    expect(simulatedSubscriptions()[0]!.eventFilters).toContain(voicemailFilter)
    expect(simulatedSubscriptions()[0]!.disabledFilters).toBeUndefined()
    expect(await relay.documents.get('needsAttention', 'att-rc-filter-voicemail')).toMatchObject({ status: 'dismissed' })
  })
})

describe.each(storageEngines)('the subscription kept on $name', (engine) => {
  it.skipIf(engine.skipReason !== null)('is shared by two relays on one database: one subscription, one sign-in', async () => {
    const { mine, theirs, close } = await engine.open(relay.clock.now)
    try {
      const managerOn = (stores: typeof mine, signInsWritten: string[]) =>
        new RingCentralWebhookSubscription({
          records: stores.ringCentral,
          signIns: signInsNotingWrites(stores.signIns, signInsWritten),
          settings: relay.config.providers.ringCentral,
          webhookAddress: relay.webhookUrl('ringcentral'),
          logger: pino({ level: 'silent' }),
          now: relay.clock.now,
        })
      const writtenByA: string[] = []
      const writtenByB: string[] = []
      const first = await managerOn(mine, writtenByA).ensure()
      expect(first.action).toBe('created')
      expect(writtenByA.length).toBeGreaterThan(0)

      // Relay B on the same database finds A's subscription and A's sign-in: no second subscription, no new login.
      expect(await managerOn(theirs, writtenByB).ensure()).toEqual({ action: 'kept', subscriptionId: first.subscriptionId })
      expect(writtenByB).toEqual([])
      expect(simulatedSubscriptions().map((s) => s.id)).toEqual([first.subscriptionId])
      expect(await theirs.ringCentral.subscription()).toMatchObject({ subscriptionId: first.subscriptionId, address: relay.webhookUrl('ringcentral') })
    } finally {
      await close()
    }
  })
})
