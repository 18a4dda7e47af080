import { describe, expect, it } from 'vitest'
import type { Booking, Call, Conversation, PaymentMatch, Suggestion, Transaction, TranscriptSegment } from '../../../../domain/schemas'
import { applyDecision, canResendDepositLink, explainStatus, filterBookings, listDate, mergeTimeline, noFilters } from './booking-model'

const phone = '+14085550199'

function booking(overrides: Partial<Booking> = {}): Booking {
  return {
    id: 'bk_1',
    updatedAt: '2026-11-20T00:00:00.000Z',
    customerId: null,
    customerName: 'Maria Lopez',
    customerPhone: phone,
    customerEmail: null,
    eventDate: '2026-12-12',
    eventTime: '17:30',
    adults: 12,
    kids: 0,
    address: null,
    zip: null,
    subtotalCents: 66000,
    travelFeeCents: 0,
    totalCents: 66000,
    depositCents: 10000,
    paidCents: 0,
    status: 'quoted',
    notes: '',
    createdAt: '2026-11-20T00:00:00.000Z',
    quotedAt: '2026-11-20T00:00:00.000Z',
    confirmedAt: null,
    cancelledAt: null,
    sourceSuggestionId: 'sg_src',
    depositCheckout: null,
    timeline: [
      { id: 'created', at: '2026-11-20T10:00:00.000Z', kind: 'booking', actor: 'staff', by: 'Front desk', text: 'Booking created.', ref: 'suggestions/sg_src' },
      { id: 'pay-bank-tx_1', at: '2026-11-21T10:00:00.000Z', kind: 'payment', actor: 'relay', by: null, text: '$100.00 received by Zelle.', ref: 'paymentMatches/pm_tx_1' },
    ],
    ...overrides,
  }
}

const thread: Conversation = {
  id: 'cv_1',
  updatedAt: '2026-11-19T00:00:00.000Z',
  customerPhone: phone,
  customerId: null,
  needsHuman: false,
  lastMessageAt: '2026-11-19T09:01:00.000Z',
  messages: [
    { id: 'm1', direction: 'inbound', author: 'customer', text: 'Party of 12 on Dec 12?', at: '2026-11-19T09:00:00.000Z', status: 'received' },
    { id: 'm2', direction: 'outbound', author: 'agent', text: 'Unsent draft', at: '2026-11-19T09:00:30.000Z', status: 'draft' },
    { id: 'm3', direction: 'outbound', author: 'agent', text: 'That would be $660.', at: '2026-11-19T09:01:00.000Z', status: 'delivered' },
  ],
}
const otherThread: Conversation = { ...thread, id: 'cv_2', customerPhone: '+15105550000' }

const call: Call = {
  id: 'call_1',
  updatedAt: '2026-11-18T00:00:00.000Z',
  telephonySessionId: 's1',
  direction: 'inbound',
  fromNumber: phone,
  toNumber: '+15105550100',
  status: 'ended',
  startedAt: '2026-11-18T15:00:00.000Z',
  endedAt: '2026-11-18T15:04:00.000Z',
  escalated: false,
  escalationReason: null,
  summary: 'Asked about prices.',
} as Call

const segment = (id: string, isFinal: boolean, callId = 'call_1'): TranscriptSegment => ({
  id,
  updatedAt: '2026-11-18T00:00:00.000Z',
  callId,
  speaker: 'caller',
  text: `line ${id}`,
  startMs: 30_000,
  endMs: 35_000,
  isFinal,
})

const suggestion = (id: string, overrides: Partial<Suggestion>): Suggestion => ({
  id,
  updatedAt: '2026-11-19T00:00:00.000Z',
  callId: null,
  conversationId: null,
  kind: 'reply',
  title: 'Quote',
  text: '$660 for 12 adults',
  status: 'open',
  createdAt: '2026-11-19T09:00:40.000Z',
  ...overrides,
})

const match = (id: string, overrides: Partial<PaymentMatch>): PaymentMatch => ({
  id,
  updatedAt: '2026-11-22T00:00:00.000Z',
  transactionId: `tx_${id}`,
  bookingId: 'bk_1',
  paymentType: 'balance',
  confidence: 0.9,
  status: 'accepted',
  reasons: [],
  decidedBy: 'Owner laptop',
  decidedAt: '2026-11-22T08:00:00.000Z',
  ...overrides,
})

describe('mergeTimeline', () => {
  it("merges the booking's entries with the customer's texts, calls, final transcript, quotes and bank payments, oldest first", () => {
    const transactions = [{ id: 'tx_pm_2', amountCents: 56000, counterpartyName: 'M LOPEZ', merchantName: null, date: '2026-11-22' } as Transaction]
    const items = mergeTimeline(booking(), {
      conversations: [thread, otherThread],
      calls: [call, { ...call, id: 'call_other', fromNumber: '+15105550000' }],
      transcriptSegments: [segment('s_final', true), segment('s_interim', false), segment('s_other', true, 'call_other')],
      suggestions: [
        suggestion('sg_quote', { kind: 'quote', conversationId: 'cv_1' }),
        suggestion('sg_reply', { kind: 'reply', conversationId: 'cv_1' }),
        suggestion('sg_src', { kind: 'next_step', createdAt: '2026-11-19T09:02:00.000Z' }),
        suggestion('sg_elsewhere', { kind: 'quote', conversationId: 'cv_2' }),
      ],
      paymentMatches: [
        match('pm_tx_1', {}),
        match('pm_2', {}),
        match('pm_rejected', { status: 'rejected' }),
        match('pm_other', { bookingId: 'bk_2' }),
      ],
      transactions,
    })
    expect(items.map((item) => [item.id, item.kind, item.actor])).toEqual([
      ['call-call_1', 'call', 'customer'],
      ['seg-s_final', 'transcript', 'customer'],
      ['msg-cv_1-m1', 'message', 'customer'],
      ['sug-sg_quote', 'quote', 'agent'],
      ['msg-cv_1-m3', 'message', 'agent'],
      ['sug-sg_src', 'quote', 'agent'],
      ['created', 'booking', 'staff'],
      ['pay-bank-tx_1', 'payment', 'relay'],
      ['match-pm_2', 'payment', 'owner'],
    ])
    expect(items.find((item) => item.id === 'call-call_1')!.text).toBe('Call from the customer, 4 min: Asked about prices.')
    expect(items.find((item) => item.id === 'seg-s_final')!.at).toBe('2026-11-18T15:00:30.000Z')
    expect(items.find((item) => item.id === 'match-pm_2')).toMatchObject({
      by: 'Owner laptop',
      text: '$560.00 received by bank from M LOPEZ (balance), accepted.',
    })
  })

  it('works without the owner-only collections and without a phone number', () => {
    const items = mergeTimeline(booking({ customerPhone: null }), { conversations: [thread], calls: [call], transcriptSegments: [segment('s', true)], suggestions: [] })
    expect(items.map((item) => item.id)).toEqual(['created', 'pay-bank-tx_1'])
  })
})

describe('explainStatus', () => {
  it('derives the status from the facts and says why', () => {
    expect(explainStatus(booking(), '2026-11-22')).toEqual({ status: 'quoted', why: expect.stringMatching(/^Quoted \$660\.00 on .*; not confirmed yet\.$/) })
    expect(explainStatus(booking({ confirmedAt: '2026-11-21T00:00:00.000Z', status: 'quoted' }), '2026-11-22')).toMatchObject({
      status: 'confirmed',
      why: expect.stringContaining('the $100.00 deposit is not paid yet'),
    })
    expect(explainStatus(booking({ paidCents: 10000 }), '2026-11-22')).toEqual({ status: 'deposit_paid', why: 'The deposit of $100.00 has arrived ($100.00 of $660.00 paid).' })
    expect(explainStatus(booking({ paidCents: 10000, confirmedAt: '2026-11-21T00:00:00.000Z' }), '2026-12-13').status).toBe('completed')
  })
})

describe('filterBookings', () => {
  const list = [
    booking({ id: 'past', eventDate: '2026-10-01', paidCents: 66000 }),
    booking({ id: 'soon', eventDate: '2026-11-25', customerName: 'Ana Park', customerPhone: '+15105550123' }),
    booking({ id: 'later', eventDate: '2026-12-12', cancelledAt: '2026-11-21T00:00:00.000Z' }),
  ]
  const ids = (filters: Partial<typeof noFilters>) => filterBookings(list, { ...noFilters, ...filters }, '2026-11-22').map((b) => b.id)

  it('lists upcoming parties first, then past ones', () => {
    expect(ids({})).toEqual(['soon', 'later', 'past'])
  })

  it('searches by name, phone digits or date, and filters by derived status, dates and unpaid balance', () => {
    expect(ids({ search: 'ana' })).toEqual(['soon'])
    expect(ids({ search: '555-0123' })).toEqual(['soon'])
    // The number as the console shows it, or with a country code, finds it too.
    expect(ids({ search: '(510) 555-0123' })).toEqual(['soon'])
    expect(ids({ search: '+1 510.555.0123' })).toEqual(['soon'])
    expect(ids({ search: '2026-10' })).toEqual(['past'])
    expect(ids({ status: 'cancelled' })).toEqual(['later'])
    expect(ids({ status: 'paid_in_full' })).toEqual(['past'])
    expect(ids({ from: '2026-11-01', to: '2026-11-30' })).toEqual(['soon'])
    expect(ids({ unpaidOnly: true })).toEqual(['soon'])
  })
})

describe('applyDecision', () => {
  const context = { now: '2026-11-22T18:00:00.000Z', today: '2026-11-22', actor: 'owner' as const, by: 'Owner laptop' }

  it('confirms and cancels through the facts, recording who did it', () => {
    const confirmed = applyDecision(booking(), 'confirm', context)
    expect(confirmed).toMatchObject({ confirmedAt: context.now, status: 'confirmed' })
    expect(confirmed.timeline!.at(-1)).toMatchObject({ kind: 'decision', actor: 'owner', by: 'Owner laptop', text: 'Confirmed the booking.' })
    const cancelled = applyDecision(confirmed, 'cancel', context)
    expect(cancelled).toMatchObject({ cancelledAt: context.now, status: 'cancelled' })
    const restored = applyDecision(cancelled, 'uncancel', { ...context, now: '2026-11-22T18:00:05.000Z' })
    expect(restored).toMatchObject({ cancelledAt: null, status: 'confirmed' })
    expect(restored.timeline!.map((entry) => entry.text).slice(-3)).toEqual(['Confirmed the booking.', 'Cancelled the booking.', 'Undid the cancellation.'])
  })

  it('offers a new deposit link only when the last one expired and the deposit is owed', () => {
    const checkout = { sessionId: 'cs_1', url: 'https://checkout.example/cs_1', status: 'expired' as const, createdAt: '2026-11-20T00:00:00.000Z', expiresAt: null }
    const expired = booking({ confirmedAt: '2026-11-20T00:00:00.000Z', depositCheckout: checkout })
    expect(canResendDepositLink(expired)).toBe(true)
    expect(canResendDepositLink({ ...expired, depositCheckout: { ...checkout, status: 'open' } })).toBe(false)
    expect(canResendDepositLink({ ...expired, paidCents: 10000 })).toBe(false)
    // A request the relay fulfils: the device never writes the Stripe link itself.
    const requested = applyDecision(expired, 'resendDepositLink', context)
    expect(requested.depositCheckout).toEqual(checkout)
    expect(requested.depositLinkRequestedAt).toBe(context.now)
    expect(canResendDepositLink(requested)).toBe(false)
  })
})

describe('listDate', () => {
  it('is short and whole: weekday, month, day and year', () => {
    expect(listDate('2026-12-12')).toBe('Sat, Dec 12, 2026')
    expect(listDate('2027-01-03')).toBe('Sun, Jan 3, 2027')
  })
})
