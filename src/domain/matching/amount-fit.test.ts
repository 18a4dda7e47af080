import { describe, expect, it } from 'vitest'
import { amountFits } from './amount-fit'
import { aBooking, demoMatchingOptions } from './testing/test-support'

const fitsOf = (cents: number, booking = aBooking()) => amountFits(cents, booking, demoMatchingOptions)
const best = (cents: number, booking = aBooking()) => fitsOf(cents, booking)[0]

describe('amount fit', () => {
  it('recognises the exact deposit, full price and balance', () => {
    expect(best(10000)).toMatchObject({ paymentType: 'deposit', score: 1, appliedCents: 10000 })
    expect(best(165000)).toMatchObject({ paymentType: 'full', score: 1, appliedCents: 165000 })
    const afterDeposit = aBooking({ paidCents: 10000, status: 'deposit_paid' })
    expect(best(155000, afterDeposit)).toMatchObject({ paymentType: 'balance', score: 1, assumesUnrecordedDeposit: false })
  })

  it('offers the balance after an unrecorded deposit, flagged as an assumption', () => {
    expect(best(155000)).toMatchObject({ paymentType: 'balance', assumesUnrecordedDeposit: true })
  })

  it('reads a balance plus a 5–50 % tip, preferring common tip sizes', () => {
    const afterDeposit = aBooking({ paidCents: 10000 })
    const twentyPercent = best(186000, afterDeposit)
    expect(twentyPercent).toMatchObject({ paymentType: 'balance_with_tip', appliedCents: 155000 })
    expect(twentyPercent?.explanation).toMatch(/20\.0 % tip/)
    const oddTip = best(155000 + 12345, afterDeposit)
    expect(oddTip?.paymentType).toBe('balance_with_tip')
    expect(oddTip!.score).toBeLessThan(twentyPercent!.score)
  })

  it('refuses tips outside the configured range', () => {
    const afterDeposit = aBooking({ paidCents: 10000 })
    expect(fitsOf(155000 + 1550, afterDeposit)).toEqual([]) // 1 %
    expect(fitsOf(155000 * 2, afterDeposit)).toEqual([]) // 100 %
  })

  it('gives a near miss a low score that a person must confirm', () => {
    const nearMiss = best(9950)
    expect(nearMiss?.paymentType).toBe('deposit')
    expect(nearMiss!.score).toBeLessThan(0.8)
    expect(fitsOf(5000)).toEqual([])
  })

  it('offers nothing but tips for a booking that is already paid', () => {
    expect(fitsOf(10000, aBooking({ paidCents: 165000 }))).toEqual([])
  })

  it('takes an amount less a payment app\'s known fee as the payment, less sure than exact', () => {
    expect(best(9725)).toMatchObject({ paymentType: 'deposit', score: 0.9, appliedCents: 10000 })
    expect(best(9725)?.explanation).toMatch(/Cash App/)
    expect(best(9800)).toMatchObject({ paymentType: 'deposit', score: 0.9 }) // Venmo: 100 - 1.90 - 0.10
    expect(best(9700)!.score).toBeLessThan(0.8)
  })

  it('reads more than the deposit but less than the price as a larger deposit, weakly', () => {
    expect(best(20000)).toMatchObject({ paymentType: 'deposit', score: 0.5, appliedCents: 20000 })
    expect(fitsOf(20000, aBooking({ paidCents: 10000 })).every((fit) => fit.score > 0.5 || fit.paymentType !== 'deposit')).toBe(true)
  })
})
