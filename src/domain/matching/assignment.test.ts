import { describe, expect, it } from 'vitest'
import { amountFits } from './amount-fit'
import { assignTransactions, slotsOf } from './assignment'
import type { MatchBooking } from './input'
import { scoreCandidate, type Candidate } from './scoring'
import { aBooking, demoMatchingOptions } from './testing/test-support'

const name = { score: 1, explanation: 'same name', payerName: 'ROBERT SMITH' }
const date = { score: 1, explanation: 'in window' }

function candidate(booking: MatchBooking, cents: number, paymentType: string, nameScore = 1): Candidate {
  const amount = amountFits(cents, booking, demoMatchingOptions).find((fit) => fit.paymentType === paymentType)
  if (!amount) throw new Error(`no ${paymentType} fit for ${cents}`)
  return scoreCandidate(booking, amount, { ...name, score: nameScore }, date)
}

describe('global assignment', () => {
  it('gives each transaction to one booking and each slot to one transaction', () => {
    const booking = aBooking()
    const { assigned, blocked } = assignTransactions(
      [
        { transactionIndex: 0, candidates: [candidate(booking, 10000, 'deposit', 0.9)] },
        { transactionIndex: 1, candidates: [candidate(booking, 10000, 'deposit', 1)] },
      ],
      0.5,
    )
    expect(assigned.get(1)?.paymentType).toBe('deposit')
    expect(assigned.has(0)).toBe(false)
    expect(blocked.get(0)?.heldBy).toBe(1)
  })

  it('lets a booking take a deposit and a balance, but not a deposit and a full payment', () => {
    const booking = aBooking()
    const both = assignTransactions(
      [
        { transactionIndex: 0, candidates: [candidate(booking, 10000, 'deposit')] },
        { transactionIndex: 1, candidates: [candidate(booking, 155000, 'balance')] },
      ],
      0.5,
    )
    expect(both.assigned.size).toBe(2)
    const clash = assignTransactions(
      [
        { transactionIndex: 0, candidates: [candidate(booking, 10000, 'deposit')] },
        { transactionIndex: 1, candidates: [candidate(booking, 165000, 'full', 0.9)] },
      ],
      0.5,
    )
    expect([...clash.assigned.keys()]).toEqual([0])
  })

  it('falls back to a transaction’s next-best booking when the best is taken', () => {
    const first = aBooking({ id: 'bk_a' })
    const second = aBooking({ id: 'bk_b', customerName: 'Rob Smith' })
    const { assigned } = assignTransactions(
      [
        { transactionIndex: 0, candidates: [candidate(first, 10000, 'deposit', 1)] },
        { transactionIndex: 1, candidates: [candidate(first, 10000, 'deposit', 0.95), candidate(second, 10000, 'deposit', 0.9)] },
      ],
      0.5,
    )
    expect(assigned.get(0)?.booking.id).toBe('bk_a')
    expect(assigned.get(1)?.booking.id).toBe('bk_b')
  })

  it('leaves out candidates below the review level', () => {
    const { assigned } = assignTransactions([{ transactionIndex: 0, candidates: [candidate(aBooking(), 10000, 'deposit', 0)] }], 0.6)
    expect(assigned.size).toBe(0)
  })

  it('maps payment types to booking slots', () => {
    expect(slotsOf('full')).toEqual(['deposit', 'settlement'])
    expect(slotsOf('balance_with_tip')).toEqual(['settlement'])
    expect(slotsOf(null)).toEqual([])
  })
})
