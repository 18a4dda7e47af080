/**
 * The `WebhookInbox` contract (../contracts.ts) as one suite that every engine's test runs: what
 * the relay relies on must hold the same on SQLite and on PostgreSQL, including with a second
 * connection (a second relay) on the same database.
 */
import { describe, expect, it } from 'vitest'
import type { NewInboxEvent, WebhookInbox } from '../contracts'
import { onFreshDatabase, type StorageEngine } from './storage-engines'

const event = (eventId: string, body = `{"id":"${eventId}"}`): NewInboxEvent => ({
  provider: 'stripe',
  eventId,
  headers: { 'user-agent': 'Stripe/1.0' },
  body: Buffer.from(body),
})

const lease = 60_000

export function webhookInboxContract(engine: StorageEngine): void {
  let clock = new Date('2026-03-01T12:00:00.000Z')
  const now = () => clock
  const onFresh = onFreshDatabase(engine, now, (stores) => stores.inbox, () => (clock = new Date('2026-03-01T12:00:00.000Z')))
  const withInbox = (test: (stores: { inbox: WebhookInbox; other: WebhookInbox }) => Promise<void>) => onFresh((inbox, other) => test({ inbox, other }))

  describe('webhook inbox contract', () => {
    it(
      'stores an event once: a redelivery, through this relay or another, only counts deliveries',
      withInbox(async ({ inbox, other }) => {
        const first = await inbox.record(event('evt_1'))
        expect(first.isDuplicate).toBe(false)
        expect(await other.record(event('evt_1'))).toEqual({ seq: first.seq, isDuplicate: true })
        expect(await inbox.record({ ...event('evt_1'), provider: 'plaid' })).toMatchObject({ isDuplicate: false })
        expect(await inbox.count()).toBe(2)
        expect(await inbox.get(first.seq)).toMatchObject({ eventId: 'evt_1', status: 'pending', attempts: 0, deliveries: 2 })
      }),
    )

    it(
      'keeps one row when the same event arrives at two relays at once',
      withInbox(async ({ inbox, other }) => {
        const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? inbox : other).record(event('evt_race'))))
        expect(answers.filter((answer) => !answer.isDuplicate)).toHaveLength(1)
        expect(new Set(answers.map((answer) => answer.seq)).size).toBe(1)
        expect(await inbox.count()).toBe(1)
        expect((await inbox.list())[0]!.deliveries).toBe(8)
      }),
    )

    it(
      'returns the exact bytes and headers it was given',
      withInbox(async ({ inbox }) => {
        const body = Buffer.from([0x7b, 0x00, 0xff, 0xc3, 0xa9, 0x7d])
        const { seq } = await inbox.record({ ...event('evt_bytes'), body, headers: { 'stripe-signature': 't=1,v1=ab', 'x-a': 'é' } })
        const stored = await inbox.get(seq)
        expect(stored!.body.equals(body)).toBe(true)
        expect(stored!.headers).toEqual({ 'stripe-signature': 't=1,v1=ab', 'x-a': 'é' })
        expect(stored!.receivedAt).toBe('2026-03-01T12:00:00.000Z')
      }),
    )

    it(
      'hands each due event to one worker at a time, oldest first, until its lease ends',
      withInbox(async ({ inbox, other }) => {
        for (const id of ['evt_a', 'evt_b', 'evt_c']) {
          await inbox.record(event(id))
          clock = new Date(clock.getTime() + 1_000)
        }
        const mine = await inbox.claimDue(now(), lease, 2)
        expect(mine.map((e) => e.eventId)).toEqual(['evt_a', 'evt_b'])
        expect((await other.claimDue(now(), lease)).map((e) => e.eventId)).toEqual(['evt_c'])
        expect(await other.claimDue(now(), lease)).toEqual([])
        await inbox.markDone(mine[0]!.seq, 1)
        // A worker that died with evt_b leaves it to whoever looks after the lease.
        clock = new Date(clock.getTime() + lease + 1)
        expect((await other.claimDue(now(), lease)).map((e) => e.eventId)).toEqual(['evt_b', 'evt_c'])
      }),
    )

    it(
      'splits a backlog between two workers claiming at once, with no event given to both',
      withInbox(async ({ inbox, other }) => {
        for (let i = 0; i < 40; i++) await inbox.record(event(`evt_${String(i).padStart(2, '0')}`))
        const claimed: string[] = []
        // Eight claims in flight at once, four through each relay, round after round.
        for (let round = 0; round < 40 && claimed.length < 40; round++) {
          const batches = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? inbox : other).claimDue(now(), lease, 3)))
          claimed.push(...batches.flat().map((e) => e.eventId))
          await Promise.all(batches.flat().map((e) => inbox.markDone(e.seq, 1)))
        }
        expect(claimed).toHaveLength(40)
        expect(new Set(claimed).size).toBe(40)
        expect(await inbox.list({ status: 'done', limit: 100 })).toHaveLength(40)
      }),
    )

    it(
      'retries a failed event when due, keeps a dead one, and replays only dead or done events',
      withInbox(async ({ inbox }) => {
        const { seq } = await inbox.record(event('evt_fail'))
        await inbox.claimDue(now(), lease)
        const retryAt = new Date(clock.getTime() + 5_000)
        await inbox.markFailed(seq, 1, 'Error: downstream unavailable', retryAt)
        expect(await inbox.get(seq)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Error: downstream unavailable', nextAttemptAt: retryAt.toISOString() })
        expect(await inbox.claimDue(now(), lease)).toEqual([])
        clock = retryAt
        expect(await inbox.claimDue(now(), lease)).toHaveLength(1)
        expect(await inbox.replay(seq)).toBe(false)
        await inbox.markFailed(seq, 2, 'x'.repeat(2_000), null)
        const dead = await inbox.get(seq)
        expect(dead).toMatchObject({ status: 'dead', attempts: 2 })
        expect(dead!.lastError).toHaveLength(500)
        expect(await inbox.list({ status: 'dead' })).toHaveLength(1)
        expect(await inbox.replay(seq)).toBe(true)
        expect(await inbox.get(seq)).toMatchObject({ status: 'pending', attempts: 0, processedAt: null })
        const [again] = await inbox.claimDue(now(), lease)
        await inbox.markDone(again!.seq, 1)
        expect(await inbox.get(seq)).toMatchObject({ status: 'done', attempts: 1, lastError: null, processedAt: clock.toISOString() })
      }),
    )

    it(
      'finds an event by number or provider id and lists newest first without bodies',
      withInbox(async ({ inbox }) => {
        const a = await inbox.record(event('evt_x'))
        const b = await inbox.record({ ...event('evt_x'), provider: 'ringcentral' })
        await inbox.record(event('123456'))
        expect((await inbox.find(String(a.seq))).map((e) => e.seq)).toEqual([a.seq])
        expect((await inbox.find('evt_x')).map((e) => e.seq)).toEqual([a.seq, b.seq])
        expect(await inbox.find('evt_none')).toEqual([])
        expect((await inbox.find('123456')).map((e) => e.eventId)).toEqual(['123456'])
        const listed = await inbox.list({ limit: 2 })
        expect(listed.map((e) => e.eventId)).toEqual(['123456', 'evt_x'])
        expect(listed[0]).not.toHaveProperty('body')
      }),
    )
  })
}
