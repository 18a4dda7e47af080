import { describe, expect, it } from 'vitest'
import { aBooking, aZellePayment } from '../../../src/domain/matching/testing/test-support'
import { replayInDateOrder } from './replay'
import type { TransactionLabel } from './synthetic-business'

// Robert Smith's party on Nov 28 ($1,650, $100 deposit). His wife's company pays both parts.
const robert = aBooking()
const deposit = aZellePayment('HARBOR VIEW HOA', 100, '2026-11-03')
const balance = aZellePayment('HARBOR VIEW HOA', 1550, '2026-11-28')
const labelFor = (transactionId: string, paymentType: TransactionLabel['paymentType']): TransactionLabel => ({
  transactionId,
  bookingId: robert.id,
  paymentType,
  kind: 'customer_payment',
  payerNamed: true,
  payer: 'company',
  replacedBy: null,
})
const set = {
  now: '2026-12-10T18:00:00.000Z',
  bookings: [robert],
  transactions: [balance, deposit],
  labels: [labelFor(deposit.transaction_id, 'deposit'), labelFor(balance.transaction_id, 'balance')],
}

describe('replayInDateOrder', () => {
  it("learns the payer the owner accepted, so the same payer's next payment is auto-accepted", () => {
    const learning = replayInDateOrder(set, { learn: true })
    expect(learning.runs).toBe(2)
    expect(learning.learned).toBe(1)
    const [balanceOutcome, depositOutcome] = learning.outcomes
    // The first payment from someone else is the owner's to settle.
    expect(depositOutcome).toMatchObject({ transactionId: deposit.transaction_id, status: 'needs_review', bookingId: robert.id })
    expect(balanceOutcome).toMatchObject({ transactionId: balance.transaction_id, status: 'auto_accepted', bookingId: robert.id, paymentType: 'balance' })
  })

  it('without learning, the owner settles both and the balance is read after the deposit they accepted', () => {
    const replay = replayInDateOrder(set, { learn: false })
    expect(replay.learned).toBe(0)
    const balanceOutcome = replay.outcomes[0]!
    expect(balanceOutcome.status).not.toBe('auto_accepted')
    expect(balanceOutcome.reasons.join('\n')).not.toMatch(/no deposit recorded/)
  })
})
