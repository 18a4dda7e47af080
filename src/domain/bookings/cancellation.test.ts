import { describe, expect, it } from 'vitest'
import { cancellationTerms } from './cancellation'

const booking = { eventDate: '2026-12-20', paidCents: 10000, depositCents: 10000 }
const policy = { depositRefundDays: 7 }

describe('cancellationTerms', () => {
  it('owes everything back when cancelled at least the policy days ahead', () => {
    const terms = cancellationTerms(booking, '2026-12-13', policy)
    expect(terms).toMatchObject({ daysBefore: 7, keptCents: 0, refundCents: 10000, policySet: true })
    expect(terms.text).toBe('Cancelled 7 days ahead (at least 7 under the deposit policy): refund the $100.00 paid.')
  })

  it('keeps the deposit inside the window and owes back only what was paid beyond it', () => {
    expect(cancellationTerms(booking, '2026-12-14', policy)).toMatchObject({ daysBefore: 6, keptCents: 10000, refundCents: 0 })
    const overpaid = cancellationTerms({ ...booking, paidCents: 60000 }, '2026-12-19', policy)
    expect(overpaid).toMatchObject({ keptCents: 10000, refundCents: 50000 })
    expect(overpaid.text).toContain('refund the other $500.00 paid')
  })

  it('never keeps more than was paid', () => {
    expect(cancellationTerms({ ...booking, paidCents: 4000 }, '2026-12-19', policy)).toMatchObject({ keptCents: 4000, refundCents: 0 })
  })

  it('says nothing is owed when nothing was paid, and leaves it to the owner without a policy', () => {
    expect(cancellationTerms({ ...booking, paidCents: 0 }, '2026-12-19', policy).text).toBe('Nothing was paid, so nothing is owed back.')
    const none = cancellationTerms(booking, '2026-12-01', { depositRefundDays: null })
    expect(none).toMatchObject({ policySet: false, keptCents: 0, refundCents: 0 })
    expect(none.text).toContain('up to the owner')
    expect(cancellationTerms(booking, '2026-12-01', {}).policySet).toBe(false)
  })

  it('treats a cancel after the party date as inside the window', () => {
    expect(cancellationTerms(booking, '2026-12-22', policy)).toMatchObject({ daysBefore: -2, keptCents: 10000 })
  })
})
