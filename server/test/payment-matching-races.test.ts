/**
 * Payment matching on PostgreSQL, where a unit's questions are awaited and other relays write in
 * between: a person's decision committed while a Plaid sync is matching stands, and learning "also
 * pays as" keeps an edit made to the customer meanwhile. A gate holds one answer back until the
 * test has made the other relay's write.
 */
import { describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../../src/domain/business-profile'
import { PaymentMatching, paymentMatchIdFor } from '../src/matching'
import type { UnitStorage } from '../src/storage/unit-of-work'
import { storageEngines, type ContractStores } from '../src/storage/testing/storage-engines'
import { buildPlaidTransaction } from '../sandbox/plaid/payloads'
import { bookingFixture } from '../sandbox/testing/booking-fixture'

const now = () => new Date()
const today = () => new Date().toISOString().slice(0, 10)
const inWeeks = (weeks: number) => new Date(Date.now() + weeks * 7 * 86_400_000).toISOString().slice(0, 10)
const postgres = storageEngines.find((engine) => engine.name === 'PostgreSQL')!

/** A gate the unit waits at, and a promise that says when the unit reached it. */
function gate() {
  let open!: () => void
  let reached!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  const arrived = new Promise<void>((resolve) => (reached = resolve))
  return { open, arrived, wait: async () => (reached(), await opened) }
}

/** `reads` whose `method` answers, then waits at `at` before handing the answer over. */
function heldAt<T extends object>(reads: T, method: keyof T & string, at: ReturnType<typeof gate>): T {
  const held = Object.create(reads) as Record<string, unknown>
  const original = reads[method] as (...args: unknown[]) => Promise<unknown>
  held[method] = async (...args: unknown[]) => {
    const answer = await original.apply(reads, args)
    await at.wait()
    return answer
  }
  return held as T
}

async function withBookings(stores: ContractStores) {
  await stores.documents.put('settings', demoBusinessProfile(now().toISOString()))
  await stores.documents.put('customers', { id: 'cust_sam', name: 'Sam Reyes', phone: '+14085550199', email: null, notes: '', smsOptOut: false, createdAt: now().toISOString(), alsoPaysAs: [] })
  for (const [id, customerName, customerId] of [
    ['bk_dana', 'Dana Whitfield', null],
    ['bk_sam', 'Sam Reyes', 'cust_sam'],
  ] as const) {
    await stores.documents.put('bookings', bookingFixture({ id, customerName, customerId, eventDate: inWeeks(3), createdAt: now().toISOString(), confirmedAt: now().toISOString() }))
  }
}

describe('payment matching while another relay writes, on PostgreSQL', () => {
  it.skipIf(postgres.skipReason !== null)('a person’s decision committed while a Plaid sync is matching is not overwritten by the matcher', async () => {
    const { mine, theirs, close } = await postgres.open(now)
    try {
      await withBookings(mine)
      const line = buildPlaidTransaction({ transactionId: 'txn_who', amount: -100, date: today(), name: 'VENMO CASHOUT FROM J SMITH' })
      await theirs.units((unit) => new PaymentMatching(unit, now).applyPlaidChanges({ added: [line], modified: [], removed: [] }))
      const proposed = (await mine.documents.get('paymentMatches', paymentMatchIdFor('txn_who')))!
      expect(proposed.status).not.toBe('auto_accepted')

      // Relay B syncs again (Plaid modified the line); its unit is reading the bookings when...
      const slow = gate()
      const sync = theirs.units((unit: UnitStorage) =>
        new PaymentMatching({ ...unit, bookings: heldAt(unit.bookings, 'all', slow) }, now).applyPlaidChanges({
          added: [],
          modified: [{ ...line, name: 'VENMO CASHOUT FROM J SMITH REF 7' }],
          removed: [],
        }),
      )
      await slow.arrived
      // ...the owner places the payment on Sam's booking through relay A (a console's push): it
      // waits for the sync's hold on the match, and is not undone by it.
      const decision = mine.documents.put('paymentMatches', { ...proposed, bookingId: 'bk_sam', paymentType: 'deposit', status: 'accepted', decidedBy: 'Owner laptop', decidedAt: now().toISOString() })
      await new Promise((resolve) => setTimeout(resolve, 200))
      slow.open()
      await Promise.all([sync, decision])

      const after = (await mine.documents.get('paymentMatches', paymentMatchIdFor('txn_who')))!
      expect(after).toMatchObject({ status: 'accepted', bookingId: 'bk_sam', decidedBy: 'Owner laptop' })
    } finally {
      await close()
    }
  }, 30_000)

  it.skipIf(postgres.skipReason !== null)('learning "also pays as" keeps an edit made to the customer meanwhile', async () => {
    const { mine, theirs, close } = await postgres.open(now)
    try {
      await withBookings(mine)
      const line = buildPlaidTransaction({ transactionId: 'txn_who', amount: -100, date: today(), name: 'VENMO CASHOUT FROM J SMITH' })
      await theirs.units((unit) => new PaymentMatching(unit, now).applyPlaidChanges({ added: [line], modified: [], removed: [] }))
      const proposed = (await mine.documents.get('paymentMatches', paymentMatchIdFor('txn_who')))!
      await mine.documents.put('paymentMatches', { ...proposed, bookingId: 'bk_sam', paymentType: 'deposit', status: 'accepted', decidedBy: 'Owner laptop', decidedAt: now().toISOString() })

      // Relay A follows the decision; it has read Sam's record when...
      const slow = gate()
      const follow = mine.units((unit: UnitStorage) => new PaymentMatching({ ...unit, customers: heldAt(unit.customers, 'live', slow) }, now).followDecision(proposed.id))
      await slow.arrived
      // ...the owner's note on Sam is stored through relay B.
      const note = theirs.documents.update('customers', 'cust_sam', (current) => (current ? { ...current, notes: 'Prefers a call, never texts.' } : null))
      await new Promise((resolve) => setTimeout(resolve, 200))
      slow.open()
      await Promise.all([follow, note])

      const sam = (await mine.queries.customers.live('cust_sam'))!
      expect(sam.alsoPaysAs?.map((payer) => payer.learnedFrom)).toEqual([proposed.id])
      expect(sam.notes).toBe('Prefers a call, never texts.')
    } finally {
      await close()
    }
  }, 30_000)
})
