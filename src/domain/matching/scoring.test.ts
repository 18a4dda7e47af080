import { describe, expect, it } from 'vitest'
import type { AmountFit } from './amount-fit'
import { scoreCandidate, type NameEvidence } from './scoring'
import { aBooking } from './testing/test-support'

const exactDeposit: AmountFit = {
  paymentType: 'deposit',
  score: 1,
  appliedCents: 10000,
  assumesUnrecordedDeposit: false,
  explanation: '$100.00 is exactly the deposit ($100.00)',
}
const sameName: NameEvidence = { score: 1, explanation: 'same name', payerName: 'ROBERT SMITH' }
const inWindow = { score: 1, explanation: 'paid 2 days after the booking was made' }

describe('candidate scoring', () => {
  it('is fully confident when name, amount and date all fit, and says why', () => {
    const candidate = scoreCandidate(aBooking(), exactDeposit, sameName, inWindow)
    expect(candidate.confidence).toBe(1)
    expect(candidate.paymentType).toBe('deposit')
    expect(candidate.reasons.join('\n')).toMatch(/Name 1\.00.*\n.*Amount 1\.00.*\n.*Date 1\.00/)
  })

  it('stays below auto-accept when any one part is weak', () => {
    const familyName = { ...sameName, score: 0.55, explanation: 'family member?' }
    expect(scoreCandidate(aBooking(), exactDeposit, familyName, inWindow).confidence).toBeLessThan(0.9)
    const late = { score: 0.4, explanation: 'outside the window' }
    expect(scoreCandidate(aBooking(), exactDeposit, sameName, late).confidence).toBeLessThan(0.9)
    const aLittleLate = { score: 0.7, explanation: 'two days outside the window' }
    expect(scoreCandidate(aBooking(), exactDeposit, familyName, aLittleLate).confidence).toBeLessThan(0.9)
    const nearMiss = { ...exactDeposit, score: 0.7 }
    expect(scoreCandidate(aBooking(), nearMiss, sameName, inWindow).confidence).toBeLessThan(0.9)
  })

  it('lets a payment a few days late through when the name and the amount are exact', () => {
    const aLittleLate = { score: 0.7, explanation: 'two days outside the window' }
    expect(scoreCandidate(aBooking(), exactDeposit, sameName, aLittleLate).confidence).toBeGreaterThanOrEqual(0.9)
  })

  it("accepts the customer's own exact payment made late but in order, and only that", () => {
    const lateInOrder = { score: 0, explanation: 'paid 16 days after the booking date', lateInOrder: true }
    const late = scoreCandidate(aBooking(), exactDeposit, sameName, lateInOrder)
    expect(late.confidence).toBeGreaterThanOrEqual(0.9)
    expect(late.reasons.join('\n')).toMatch(/paid late but in order/)
    // Out of order (a deposit after the party), a relative, or a near-miss amount stays for review.
    expect(scoreCandidate(aBooking(), exactDeposit, sameName, { ...lateInOrder, lateInOrder: false }).confidence).toBeLessThan(0.9)
    expect(scoreCandidate(aBooking(), exactDeposit, { ...sameName, score: 0.55 }, lateInOrder).confidence).toBeLessThan(0.9)
    expect(scoreCandidate(aBooking(), { ...exactDeposit, score: 0.9 }, sameName, lateInOrder).confidence).toBeLessThan(0.9)
  })

  it("accepts a larger deposit from the customer's own name on time, not from anyone else or late", () => {
    const larger: AmountFit = { ...exactDeposit, score: 0.5, appliedCents: 20000, partPayment: true, explanation: 'more than the deposit' }
    const candidate = scoreCandidate(aBooking(), larger, sameName, inWindow)
    expect(candidate.confidence).toBeGreaterThanOrEqual(0.9)
    expect(candidate.reasons.join('\n')).toMatch(/a larger deposit, by the customer on time/)
    expect(scoreCandidate(aBooking(), larger, { ...sameName, score: 0.85 }, inWindow).confidence).toBeLessThan(0.9)
    expect(scoreCandidate(aBooking(), larger, sameName, { score: 0.7, explanation: 'late' }).confidence).toBeLessThan(0.9)
  })

  it('caps hard when nothing about the amount fits, or the booking is cancelled', () => {
    const noAmount = scoreCandidate(aBooking(), null, sameName, inWindow)
    expect(noAmount.paymentType).toBeNull()
    expect(noAmount.confidence).toBeLessThanOrEqual(0.6)
    expect(noAmount.reasons.at(-1)).toMatch(/Capped/)
    const cancelled = scoreCandidate(aBooking({ status: 'cancelled' }), exactDeposit, sameName, inWindow)
    expect(cancelled.confidence).toBeLessThanOrEqual(0.6)
  })

  it('holds down a payment from someone clearly else', () => {
    const stranger: NameEvidence = { score: 0, explanation: 'different person', payerName: 'MARIA GARCIA' }
    expect(scoreCandidate(aBooking(), exactDeposit, stranger, inWindow).confidence).toBeLessThanOrEqual(0.55)
  })

  it('rounds down so 0.8999 never shows as 0.90', () => {
    const almost = { ...sameName, score: 0.8938 }
    const tip: AmountFit = { ...exactDeposit, paymentType: 'balance_with_tip', score: 0.85 }
    // 0.45 × 0.8938 + 0.35 × 0.85 + 0.2 × 1 = 0.89971: rounding to nearest would print 0.9.
    const candidate = scoreCandidate(aBooking(), tip, almost, inWindow)
    expect(candidate.confidence).toBe(0.899)
  })
})
