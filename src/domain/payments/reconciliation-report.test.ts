import { describe, expect, it } from 'vitest'
import type { Booking, PaymentMatch, Transaction } from '../schemas'
import { buildReconciliationReport, matchedLinesCsv, reportCsv, reportPeriods } from './reconciliation-report'

const at = '2026-11-22T10:00:00.000Z'
const transaction = (id: string, date: string, amountCents: number, description: string, extra: Partial<Transaction> = {}): Transaction => ({
  id, updatedAt: at, accountId: 'acc', amountCents, currency: 'USD', date, authorizedDate: null, description, merchantName: null,
  counterpartyName: null, paymentChannel: 'other', pending: false, pendingTransactionId: null, removed: false, ...extra,
})
const match = (transactionId: string, status: PaymentMatch['status'], extra: Partial<PaymentMatch> = {}): PaymentMatch => ({
  id: `pm_${transactionId}`, updatedAt: at, transactionId, bookingId: 'bk_1', paymentType: 'deposit', confidence: 0.95, status,
  reasons: [], decidedBy: status === 'auto_accepted' ? 'matcher' : 'Owner laptop', decidedAt: at, ...extra,
})
const booking = (id: string, extra: Partial<Booking> = {}): Booking => ({
  id, updatedAt: at, customerId: null, customerName: 'Maria Lopez', customerPhone: null, customerEmail: null, eventDate: '2026-11-28',
  eventTime: null, adults: 30, kids: 0, address: null, zip: null, subtotalCents: 165000, travelFeeCents: 0, totalCents: 165000,
  depositCents: 10000, paidCents: 10000, status: 'deposit_paid', notes: '', createdAt: at, ...extra,
})

const input = {
  bookings: [
    booking('bk_1'),
    booking('bk_2', {
      customerName: '=HYPERLINK("x")', eventDate: '2026-12-05', paidCents: 10000,
      timeline: [{ id: 'pay-stripe-cs_123', at: '2026-11-10T07:30:00.000Z', kind: 'payment', actor: 'relay', by: null, text: 'Deposit of $100.00 received by card (Stripe Checkout).', ref: null }],
    }),
  ],
  transactions: [
    transaction('t_zelle', '2026-11-03', -10000, 'Zelle payment from MARIA LOPEZ Conf# 1'),
    transaction('manual_cash', '2026-11-20', -50000, 'Cash payment from Maria Lopez', { counterpartyName: 'Maria Lopez' }),
    transaction('t_mystery', '2026-11-21', -2500, 'MOBILE DEPOSIT'),
    transaction('t_review', '2026-11-22', -9950, 'VENMO PAYMENT 1023 JOHN LOPEZ'),
    transaction('t_october', '2026-10-31', -10000, 'Zelle payment from MARIA LOPEZ'),
    transaction('t_out', '2026-11-05', 4200, 'BAY PROPANE'),
  ],
  matches: [
    match('t_zelle', 'auto_accepted'),
    match('manual_cash', 'accepted', { paymentType: 'balance', confidence: 1, manualPayment: { method: 'cash', amountCents: 50000, receivedOn: '2026-11-20', payer: 'Maria Lopez', checkNumber: null, note: '' } }),
    match('t_mystery', 'unmatched', { bookingId: null, paymentType: null }),
    match('t_review', 'needs_review'),
    match('t_october', 'auto_accepted'),
    match('t_out', 'ignored'),
  ],
  period: reportPeriods('2026-11-22').thisMonth,
  timeZone: 'America/Los_Angeles',
}

describe('reconciliation report', () => {
  it('names periods on the business calendar', () => {
    expect(reportPeriods('2026-03-15')).toMatchObject({
      thisMonth: { from: '2026-03-01', to: '2026-03-31' },
      lastMonth: { from: '2026-02-01', to: '2026-02-28' },
      thisYear: { from: '2026-01-01', to: '2026-12-31' },
    })
    expect(reportPeriods('2026-01-05').lastMonth).toEqual({ from: '2025-12-01', to: '2025-12-31' })
  })

  it('totals the period per rail, with card deposits from Stripe and cash entered by hand', () => {
    const report = buildReconciliationReport(input)
    expect(report.totals.zelle).toEqual({ count: 1, cents: 10000 })
    expect(report.totals.cash_check).toEqual({ count: 1, cents: 50000 })
    expect(report.totals.card).toEqual({ count: 1, cents: 10000 })
    expect(report.totalCents).toBe(70000)
    // October's payment and money out stay out; the card deposit is dated in the business's zone.
    expect(report.lines.map((line) => [line.date, line.reference])).toEqual([
      ['2026-11-03', 't_zelle'],
      ['2026-11-09', 'cs_123'],
      ['2026-11-20', 'manual_cash'],
    ])
    expect(report.unmatched.map((deposit) => [deposit.transactionId, deposit.status])).toEqual([
      ['t_mystery', 'unmatched'],
      ['t_review', 'needs_review'],
    ])
    expect(report.waitingForReview).toEqual({ count: 1, cents: 9950 })
    expect(report.outstanding.map((owed) => [owed.bookingId, owed.owedCents])).toEqual([['bk_1', 155000]])
  })

  it('writes CSV with the accountant\'s columns, quoted, and defuses formulas', () => {
    const report = buildReconciliationReport(input)
    const lines = matchedLinesCsv(report).trimEnd().split('\r\n')
    expect(lines[0]).toBe('Date,Payer,Rail,Amount,Booking,Customer,Event date,Type,Confidence,Decision')
    expect(lines[1]).toBe('2026-11-03,Maria Lopez,Zelle,100.00,bk_1,Maria Lopez,2026-11-28,deposit,0.950,auto-accepted')
    expect(lines[2]).toBe(`2026-11-09,"'=HYPERLINK(""x"")",Card (Stripe),100.00,bk_2,"'=HYPERLINK(""x"")",2026-12-05,deposit,1.000,paid by card (Stripe Checkout)`)
    expect(lines[3]).toBe('2026-11-20,Maria Lopez,Cash / check,500.00,bk_1,Maria Lopez,2026-11-28,balance,1.000,recorded by Owner laptop (cash)')
    const summary = reportCsv(report)
    expect(summary).toContain('Zelle,1,100.00\r\n')
    expect(summary).toContain('Total,3,700.00\r\n')
    expect(summary).toContain('bk_1,Maria Lopez,2026-11-28,1650.00,100.00,1550.00\r\n')
    expect(summary).toContain('t_mystery,2026-11-21,MOBILE DEPOSIT,25.00,unmatched\r\n')
  })
})
