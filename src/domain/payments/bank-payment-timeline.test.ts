import { describe, expect, it } from 'vitest'
import type { TimelineEntry } from '../schemas'
import { bankPaymentEntries, reversalReason, type TimelineAddition } from './bank-payment-timeline'

const venmo = { matchId: 'pm_tx_1', transactionId: 'tx_1', text: '$100.00 received by Venmo (deposit, accepted by Owner laptop).' }

/** Adds entries the way the relay does (by id, once). */
function apply(timeline: TimelineEntry[], additions: TimelineAddition[]): TimelineEntry[] {
  const known = new Set(timeline.map((entry) => entry.id))
  return [
    ...timeline,
    ...additions.filter((entry) => !known.has(entry.id)).map((entry) => ({ ...entry, at: '2026-11-22T10:00:00.000Z', actor: 'relay' as const, by: null })),
  ]
}

describe('bank payments on the booking timeline', () => {
  it('records a payment once while it counts', () => {
    const first = bankPaymentEntries([], [venmo], () => 'rejected')
    expect(first).toEqual([{ id: 'pay-bank-tx_1', kind: 'payment', text: venmo.text, ref: 'paymentMatches/pm_tx_1' }])
    expect(bankPaymentEntries(apply([], first), [venmo], () => 'rejected')).toEqual([])
  })

  it('adds a reversal when the payment stops counting: accept → undo → reject leaves received, then reversed', () => {
    let timeline = apply([], bankPaymentEntries([], [venmo], () => ''))
    const reversal = bankPaymentEntries(timeline, [], () => 'the acceptance was undone; it waits for review')
    expect(reversal).toEqual([
      {
        id: 'pay-bank-reversed-tx_1',
        kind: 'payment',
        text: 'Reversed: $100.00 received by Venmo (deposit, accepted by Owner laptop) no longer counts on this booking — the acceptance was undone; it waits for review.',
        ref: 'paymentMatches/pm_tx_1',
      },
    ])
    timeline = apply(timeline, reversal)
    // Rejecting what already does not count adds nothing more.
    expect(bankPaymentEntries(timeline, [], () => 'rejected by Owner laptop')).toEqual([])
  })

  it('numbers repeated rounds, so every accept and every reversal shows', () => {
    let timeline: TimelineEntry[] = []
    const ids: string[] = []
    for (const counts of [true, false, true, false]) {
      const additions = bankPaymentEntries(timeline, counts ? [venmo] : [], () => 'rejected')
      ids.push(...additions.map((entry) => entry.id))
      timeline = apply(timeline, additions)
    }
    expect(ids).toEqual(['pay-bank-tx_1', 'pay-bank-reversed-tx_1', 'pay-bank-tx_1~2', 'pay-bank-reversed-tx_1~2'])
  })

  it('leaves other entries alone', () => {
    const card: TimelineEntry = { id: 'pay-stripe-cs_1', at: '2026-11-20T10:00:00.000Z', kind: 'payment', actor: 'relay', by: null, text: 'Deposit of $100.00 received by card.', ref: null }
    expect(bankPaymentEntries([card], [], () => 'rejected')).toEqual([])
  })

  it('says why the money left', () => {
    expect(reversalReason({ status: 'rejected', bookingId: null, decidedBy: 'Owner laptop' }, 'bk_1', false)).toBe('rejected by Owner laptop')
    expect(reversalReason({ status: 'accepted', bookingId: 'bk_2', decidedBy: 'Owner laptop' }, 'bk_1', false)).toBe('matched to another booking by Owner laptop')
    expect(reversalReason({ status: 'needs_review', bookingId: 'bk_1', decidedBy: null }, 'bk_1', false)).toBe('the acceptance was undone; it waits for review')
    expect(reversalReason({ status: 'needs_review', bookingId: 'bk_1', decidedBy: 'matcher' }, 'bk_1', true)).toBe('the bank removed the transaction')
  })
})
