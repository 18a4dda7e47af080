import { describe, expect, it } from 'vitest'
import { balanceDueCents, deriveBookingStatus, isDepositUnpaid, type BookingStatusFacts } from './booking-status'

const today = '2026-12-01'
const base: BookingStatusFacts = {
  eventDate: '2026-12-12',
  totalCents: 0,
  depositCents: 10_000,
  paidCents: 0,
  quotedAt: null,
  confirmedAt: null,
  cancelledAt: null,
}
const at = '2026-11-20T18:00:00.000Z'
const status = (facts: Partial<BookingStatusFacts>, options = {}) => deriveBookingStatus({ ...base, ...facts }, today, options)

describe('deriveBookingStatus', () => {
  it('walks the whole loop as facts arrive: inquiry → quoted → confirmed → deposit paid → completed → paid in full', () => {
    expect(status({})).toBe('inquiry')
    expect(status({ quotedAt: at })).toBe('quoted')
    expect(status({ totalCents: 165_000 })).toBe('quoted')
    expect(status({ totalCents: 165_000, quotedAt: at, confirmedAt: at })).toBe('confirmed')
    expect(status({ totalCents: 165_000, confirmedAt: at, paidCents: 10_000 })).toBe('deposit_paid')
    expect(deriveBookingStatus({ ...base, totalCents: 165_000, confirmedAt: at, paidCents: 10_000 }, '2026-12-13')).toBe('completed')
    expect(deriveBookingStatus({ ...base, totalCents: 165_000, confirmedAt: at, paidCents: 165_000 }, '2026-12-13')).toBe('paid_in_full')
  })

  it('cancelled wins over everything, paid or not', () => {
    expect(status({ cancelledAt: at })).toBe('cancelled')
    expect(status({ cancelledAt: at, confirmedAt: at, totalCents: 165_000, paidCents: 165_000 })).toBe('cancelled')
    expect(deriveBookingStatus({ ...base, cancelledAt: at, confirmedAt: at }, '2027-01-01')).toBe('cancelled')
  })

  it('is paid in full when the whole total arrives before the event, with or without a confirmation', () => {
    expect(status({ totalCents: 165_000, paidCents: 165_000 })).toBe('paid_in_full')
    expect(status({ totalCents: 165_000, paidCents: 170_000, confirmedAt: at })).toBe('paid_in_full')
  })

  it('counts a settling payment short only by a payment-app fee as paid in full, but not a plain partial payment', () => {
    expect(status({ totalCents: 100_000, paidCents: 97_000, confirmedAt: at })).toBe('deposit_paid')
    expect(status({ totalCents: 100_000, paidCents: 97_000, confirmedAt: at }, { settlingPaymentReceived: true })).toBe('paid_in_full')
    expect(status({ totalCents: 100_000, paidCents: 90_000, confirmedAt: at }, { settlingPaymentReceived: true })).toBe('deposit_paid')
  })

  it('treats a deposit payment as confirming the booking', () => {
    expect(status({ totalCents: 165_000, quotedAt: at, paidCents: 10_000 })).toBe('deposit_paid')
  })

  it('stays confirmed while less than the deposit has arrived', () => {
    expect(status({ totalCents: 165_000, confirmedAt: at, paidCents: 5_000 })).toBe('confirmed')
    expect(status({ totalCents: 165_000, confirmedAt: at, paidCents: 9_600 })).toBe('confirmed')
  })

  it('counts a deposit that a payment app’s fee left a little short', () => {
    expect(status({ totalCents: 165_000, confirmedAt: at, paidCents: 9_950 })).toBe('deposit_paid')
  })

  it('with a deposit of 0: confirmed until money arrives, then deposit paid', () => {
    expect(status({ totalCents: 165_000, depositCents: 0, confirmedAt: at })).toBe('confirmed')
    expect(status({ totalCents: 165_000, depositCents: 0, confirmedAt: at, paidCents: 1 })).toBe('deposit_paid')
  })

  it('completes a committed booking the day after its event, not on the day itself', () => {
    const confirmed = { ...base, totalCents: 165_000, confirmedAt: at }
    expect(deriveBookingStatus(confirmed, '2026-12-12')).toBe('confirmed')
    expect(deriveBookingStatus(confirmed, '2026-12-13')).toBe('completed')
    // An inquiry or quote whose date passed never happened: it does not become completed.
    expect(deriveBookingStatus({ ...base, quotedAt: at, totalCents: 165_000 }, '2026-12-13')).toBe('quoted')
    expect(deriveBookingStatus(base, '2026-12-13')).toBe('inquiry')
  })

  it('a total of 0 is never paid in full by nothing', () => {
    expect(status({ totalCents: 0, depositCents: 0, confirmedAt: at })).toBe('confirmed')
  })
})

describe('money helpers', () => {
  it('balance due never goes negative; deposit unpaid only when one is asked for', () => {
    expect(balanceDueCents({ totalCents: 165_000, paidCents: 10_000 })).toBe(155_000)
    expect(balanceDueCents({ totalCents: 165_000, paidCents: 200_000 })).toBe(0)
    expect(isDepositUnpaid({ depositCents: 10_000, paidCents: 9_600 })).toBe(true)
    expect(isDepositUnpaid({ depositCents: 10_000, paidCents: 9_950 })).toBe(false)
    expect(isDepositUnpaid({ depositCents: 10_000, paidCents: 10_000 })).toBe(false)
    expect(isDepositUnpaid({ depositCents: 0, paidCents: 0 })).toBe(false)
  })
})
