import { describe, expect, it } from 'vitest'
import { matchingOptionsFromSettings } from '../matching/options'
import type { Booking, PaymentMatch, Transaction } from '../schemas'
import { depositAlreadyPaid, explainMatch, payerNameOf, personName, readPair, rematchWarnings } from './match-explanation'

const options = matchingOptionsFromSettings({ timeZone: 'America/Los_Angeles', tipPercentRange: { min: 5, max: 40 } })
const at = '2026-11-10T18:00:00.000Z'

const booking = (id: string, customerName: string, extra: Partial<Booking> = {}): Booking => ({
  id, updatedAt: at, customerId: null, customerName, customerPhone: null, customerEmail: null, eventDate: '2026-12-12', eventTime: '17:00',
  adults: 30, kids: 0, address: null, zip: null, subtotalCents: 165_000, travelFeeCents: 0, totalCents: 165_000, depositCents: 10_000,
  paidCents: 0, status: 'confirmed', notes: '', createdAt: at, ...extra,
})

const venmo: Transaction = {
  id: 'tx_1', updatedAt: at, accountId: 'acc', amountCents: -10_000, currency: 'USD', date: '2026-11-11', authorizedDate: null,
  description: 'VENMO PAYMENT 1023 ROBERT OKAFOR', merchantName: null, counterpartyName: null, paymentChannel: 'other', pending: false,
  pendingTransactionId: null, removed: false,
}

const match = (extra: Partial<PaymentMatch>): PaymentMatch => ({
  id: 'pm_tx_1', updatedAt: at, transactionId: 'tx_1', bookingId: 'bk_okafor', paymentType: 'deposit', confidence: 0.9, status: 'needs_review',
  reasons: ['Booking bk_okafor:', 'Name 1.00: payer "ROBERT OKAFOR" vs "Robert Okafor"'], decidedBy: null, decidedAt: null, ...extra,
})

const noIdsOrScores = /bk_|tx_|(^|\s)[01]\.\d\d\b/

describe('a deposit read against a booking, in sentences', () => {
  it('names the payer as people write names, and says what the money most likely pays', () => {
    expect(personName('ROBERT OKAFOR')).toBe('Robert Okafor')
    expect(personName("MARY O'NEIL-SMITH")).toBe("Mary O'Neil-Smith")
    expect(personName('Robert Okafor')).toBe('Robert Okafor')
    expect(payerNameOf(venmo)).toBe('Robert Okafor')
    const reading = readPair(venmo, booking('bk_okafor', 'Robert Okafor'), options)
    expect(reading.paymentType).toBe('deposit')
    expect(reading.confidence).toBeGreaterThan(0.9)
    expect(reading.sentences[0]).toBe("Paid by Robert Okafor, the booking's customer.")
    expect(reading.sentences.at(-1)).toBe('Most likely the deposit.')
    expect(reading.sentences.join(' ')).not.toMatch(noIdsOrScores)
  })

  it('reads the same deposit against another customer as someone else paying, with a low confidence', () => {
    const reading = readPair(venmo, booking('bk_patel', 'Priya Patel'), options)
    expect(reading.sentences[0]).toBe('Paid by Robert Okafor, who is not Priya Patel.')
    expect(reading.confidence).toBeLessThan(0.6)
  })

  it('a booking whose deposit is paid reads the money as part of the balance, not a second deposit', () => {
    const paid = booking('bk_okafor', 'Robert Okafor', { paidCents: 10_000, status: 'deposit_paid' })
    expect(depositAlreadyPaid(paid)).toBe(true)
    expect(readPair(venmo, paid, options).paymentType).not.toBe('deposit')
  })

  it('"Why?" of an accepted row reads the booking as it was before this money counted', () => {
    const counted = booking('bk_okafor', 'Robert Okafor', { paidCents: 10_000, status: 'deposit_paid' })
    const why = explainMatch(match({ status: 'accepted', decidedBy: 'Owner laptop' }), venmo, counted, options)
    expect(why).toContain('Most likely the deposit.')
    expect(why.join(' ')).not.toMatch(noIdsOrScores)
  })

  it('"Why?" of a rejected or unmatched row says where the money is and what to do', () => {
    expect(explainMatch(match({ status: 'rejected', bookingId: null, paymentType: null, decidedBy: 'Owner laptop' }), venmo, null, options)).toEqual([
      'The proposed booking was rejected by Owner laptop: the money is unmatched until you match it to a booking with Re-match.',
    ])
    expect(explainMatch(match({ status: 'unmatched', bookingId: null, reasons: ['Closest: booking bk_x ("X") at 0.31'] }), venmo, null, options)).toEqual([
      'No booking fits its payer, amount and date well enough to propose one. Use Re-match to choose one.',
    ])
  })
})

describe('warnings before a re-match', () => {
  const okafor = booking('bk_okafor', 'Robert Okafor')
  it('warns before a second deposit', () => {
    const paidByCard = { ...okafor, paidCents: 10_000 }
    expect(rematchWarnings(paidByCard, 10_000, 'deposit')).toEqual([
      'Robert Okafor has already paid the $100.00 deposit ($100.00 received so far): this would count a second deposit.',
    ])
    expect(rematchWarnings(paidByCard, 10_000, 'balance')).toEqual([])
  })

  it('warns before overpaying, unless the extra is a tip', () => {
    const nearlyPaid = { ...okafor, paidCents: 160_000 }
    expect(rematchWarnings(nearlyPaid, 10_000, 'balance')).toEqual(['$100.00 is more than the $50.00 still owed: the booking would be overpaid by $50.00.'])
    expect(rematchWarnings(nearlyPaid, 10_000, 'balance_with_tip')).toEqual([])
    expect(rematchWarnings(okafor, 10_000, 'deposit')).toEqual([])
  })
})
