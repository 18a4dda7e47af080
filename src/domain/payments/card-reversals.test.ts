import { describe, expect, it } from 'vitest'
import { applyCardDispute, applyCardRefund, disputeOutcome, type DisputeReport } from './card-reversals'

const refund = (refundedTotalCents: number, alreadyCountedCents: number) => ({ chargeId: 'ch_1', chargeAmountCents: 10_000, refundedTotalCents, alreadyCountedCents })

describe('applyCardRefund', () => {
  it('takes only the part not counted yet off what was paid, and adds it to the refunded total', () => {
    const first = applyCardRefund({ paidCents: 10_000, refundedCents: 0 }, refund(2_500, 0))
    expect(first?.changes).toEqual({ paidCents: 7_500, refundedCents: 2_500 })
    expect(first?.entries[0]?.text).toBe("Refund of $25.00 to the customer's card (Stripe): $25.00 of the $100.00 card payment refunded so far.")
    const rest = applyCardRefund({ paidCents: 7_500, refundedCents: 2_500 }, refund(10_000, 2_500))
    expect(rest?.changes).toEqual({ paidCents: 0, refundedCents: 10_000 })
    expect(rest?.entries[0]?.text).toContain('the whole $100.00 card payment is refunded')
    expect(rest?.entries[0]?.id).not.toBe(first?.entries[0]?.id)
  })

  it('changes nothing for a repeated or late event', () => {
    expect(applyCardRefund({ paidCents: 7_500, refundedCents: 2_500 }, refund(2_500, 2_500))).toBeNull()
    expect(applyCardRefund({ paidCents: 0, refundedCents: 10_000 }, refund(2_500, 10_000))).toBeNull()
  })

  it('never takes paid money below zero (the payment was counted another way)', () => {
    expect(applyCardRefund({ paidCents: 1_000 }, refund(10_000, 0))?.changes).toEqual({ paidCents: 0, refundedCents: 10_000 })
  })
})

const report = (stripeStatus: string, overrides: Partial<DisputeReport> = {}): DisputeReport => ({
  id: 'dp_1',
  amountCents: 10_000,
  reason: 'fraudulent',
  stripeStatus,
  openedAt: '2026-12-01T10:00:00.000Z',
  respondBy: '2026-12-08T10:00:00.000Z',
  at: '2026-12-05T10:00:00.000Z',
  ...overrides,
})

describe('applyCardDispute', () => {
  it('records an open dispute without touching the money, and says so on the timeline', () => {
    const opened = applyCardDispute({ paidCents: 10_000, disputes: [] }, report('needs_response'))
    expect(opened).toMatchObject({ opened: true, closed: null, changes: { paidCents: 10_000 } })
    expect(opened?.changes.disputes).toEqual([
      { id: 'dp_1', amountCents: 10_000, reason: 'fraudulent', status: 'open', openedAt: '2026-12-01T10:00:00.000Z', respondBy: '2026-12-08T10:00:00.000Z', closedAt: null },
    ])
    expect(opened?.entries.map((entry) => entry.text)).toEqual([
      "The customer's bank disputes a card payment of $100.00 (the cardholder says they did not make this payment). Respond in Stripe by 2026-12-08.",
    ])
  })

  it('a lost dispute takes the money off once; a won one keeps it; closed is final', () => {
    const open = applyCardDispute({ paidCents: 10_000, disputes: [] }, report('needs_response'))!
    const booking = { paidCents: 10_000, disputes: open.changes.disputes }
    expect(applyCardDispute(booking, report('under_review'))).toBeNull()
    const lost = applyCardDispute(booking, report('lost'))!
    expect(lost).toMatchObject({ opened: false, closed: 'lost', changes: { paidCents: 0 } })
    expect(lost.changes.disputes?.[0]).toMatchObject({ status: 'lost', closedAt: '2026-12-05T10:00:00.000Z', respondBy: null })
    const after = { paidCents: 0, disputes: lost.changes.disputes }
    expect(applyCardDispute(after, report('lost'))).toBeNull()
    expect(applyCardDispute(after, report('needs_response'))).toBeNull()
    const won = applyCardDispute(booking, report('won'))!
    expect(won).toMatchObject({ closed: 'won', changes: { paidCents: 10_000 } })
    expect(won.entries.map((entry) => entry.text)).toEqual(['Dispute closed in your favour: the $100.00 card payment stays paid.'])
  })

  it('a closing that arrives before the opening records both', () => {
    const closed = applyCardDispute({ paidCents: 10_000 }, report('lost'))!
    expect(closed).toMatchObject({ opened: true, closed: 'lost', changes: { paidCents: 0 } })
    expect(closed.entries.map((entry) => entry.id)).toEqual(['dispute-dp_1', 'dispute-dp_1-lost'])
  })

  it("maps Stripe's dispute states", () => {
    expect(['needs_response', 'under_review', 'warning_needs_response', 'warning_under_review', 'appeal_needs_response'].map(disputeOutcome)).toEqual(['open', 'open', 'open', 'open', 'open'])
    expect(['won', 'warning_closed', 'prevented', 'lost'].map(disputeOutcome)).toEqual(['won', 'won', 'won', 'lost'])
  })
})
