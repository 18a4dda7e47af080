import { describe, expect, it } from 'vitest'
import { bookingAfterPayment, bookingAfterReversal, type BookingMoney } from './booking-payments'

const booking = (overrides: Partial<BookingMoney> = {}): BookingMoney => ({
  totalCents: 165_000,
  depositCents: 10_000,
  paidCents: 0,
  status: 'confirmed',
  ...overrides,
})

describe('bookingAfterPayment', () => {
  it('moves an early booking to deposit_paid on its deposit', () => {
    for (const status of ['inquiry', 'quoted', 'confirmed'] as const) {
      expect(bookingAfterPayment(booking({ status }), { amountCents: 10_000, paymentType: 'deposit' })).toEqual({
        paidCents: 10_000,
        status: 'deposit_paid',
      })
    }
  })

  it('marks the booking paid in full on a balance, even a little short after an app fee', () => {
    const afterDeposit = booking({ paidCents: 10_000, status: 'deposit_paid' })
    expect(bookingAfterPayment(afterDeposit, { amountCents: 151_000, paymentType: 'balance' })).toEqual({
      paidCents: 161_000,
      status: 'paid_in_full',
    })
    expect(bookingAfterPayment(booking({ status: 'completed', paidCents: 10_000 }), { amountCents: 180_000, paymentType: 'balance_with_tip' }))
      .toEqual({ paidCents: 190_000, status: 'paid_in_full' })
  })

  it('does not call a small payment labelled balance a settlement', () => {
    expect(bookingAfterPayment(booking(), { amountCents: 2_500, paymentType: 'balance' })).toEqual({ paidCents: 2_500, status: 'confirmed' })
  })

  it('never revives a cancelled booking, and refuses a non-positive amount', () => {
    expect(bookingAfterPayment(booking({ status: 'cancelled' }), { amountCents: 10_000, paymentType: 'deposit' }).status).toBe('cancelled')
    expect(() => bookingAfterPayment(booking(), { amountCents: 0, paymentType: 'deposit' })).toThrow(/positive whole cents/)
  })
})

describe('bookingAfterReversal', () => {
  it('takes a deposit back to the status before it', () => {
    const paid = booking({ paidCents: 10_000, status: 'deposit_paid' })
    expect(bookingAfterReversal(paid, { amountCents: 10_000, paymentType: 'deposit', statusBefore: 'quoted' }, [])).toEqual({
      paidCents: 0,
      status: 'quoted',
    })
  })

  it('drops paid_in_full to deposit_paid when the balance goes but a deposit remains', () => {
    const settled = booking({ paidCents: 165_000, status: 'paid_in_full' })
    expect(
      bookingAfterReversal(settled, { amountCents: 155_000, paymentType: 'balance', statusBefore: 'deposit_paid' }, [
        { amountCents: 10_000, paymentType: 'deposit' },
      ]),
    ).toEqual({ paidCents: 10_000, status: 'deposit_paid' })
  })

  it('keeps a status the remaining payments still support, or one a person set', () => {
    const settled = booking({ paidCents: 175_000, status: 'paid_in_full' })
    expect(bookingAfterReversal(settled, { amountCents: 10_000, paymentType: 'deposit', statusBefore: 'confirmed' }, []).status).toBe(
      'paid_in_full',
    )
    const cancelled = booking({ paidCents: 10_000, status: 'cancelled' })
    expect(bookingAfterReversal(cancelled, { amountCents: 10_000, paymentType: 'deposit', statusBefore: 'confirmed' }, [])).toEqual({
      paidCents: 0,
      status: 'cancelled',
    })
  })

  it('never takes paidCents below zero', () => {
    expect(bookingAfterReversal(booking({ paidCents: 5_000, status: 'deposit_paid' }), { amountCents: 10_000, paymentType: 'deposit', statusBefore: 'confirmed' }, []))
      .toEqual({ paidCents: 0, status: 'confirmed' })
  })
})
