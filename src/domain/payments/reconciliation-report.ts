/**
 * The owner's reconciliation report for a period (calendar days in the business's time zone):
 * money received per payment rail, every matched line, the balances still owed and the deposits
 * nobody has placed yet — and the same as CSV files an accountant can open. Pure: the console
 * builds it from its synced copies of the relay's payment matches, transactions and bookings.
 */
import { calendarDateInZone } from '../matching/calendar-days'
import { paymentRailOf, type PaymentRail } from '../matching/payment-rail'
import { formatCents } from '../money'
import type { Booking } from '../schemas/bookings'
import type { PaymentMatch, PaymentType } from '../schemas/payment-matches'
import type { Transaction } from '../schemas/transactions'
import { payerNameOf, plaidViewOf } from './match-explanation'
import { accountDeposits, type DepositAccount } from './reconciliation'

/** Rails as the report groups them: card payments come through Stripe, cash and checks by hand or at the bank. */
export const reportRails = ['zelle', 'venmo', 'cash_app', 'paypal', 'apple_cash', 'card', 'cash_check', 'bank_transfer'] as const
export type ReportRail = (typeof reportRails)[number]

export const reportRailLabels: Record<ReportRail, string> = {
  zelle: 'Zelle',
  venmo: 'Venmo',
  cash_app: 'Cash App',
  paypal: 'PayPal',
  apple_cash: 'Apple Cash',
  card: 'Card (Stripe)',
  cash_check: 'Cash / check',
  bank_transfer: 'Bank transfer (ACH, wire, other)',
}

const paymentTypeWords: Record<PaymentType, string> = {
  deposit: 'deposit',
  full: 'full payment',
  balance: 'balance',
  balance_with_tip: 'balance with tip',
}

/** Inclusive calendar days, `YYYY-MM-DD`. */
export interface ReportPeriod {
  from: string
  to: string
}

export interface MatchedLine {
  date: string
  payer: string
  rail: ReportRail
  amountCents: number
  bookingId: string
  customer: string
  eventDate: string
  paymentType: PaymentType | null
  confidence: number
  decision: string
  /** The bank transaction, the manual entry or the Stripe session behind the line. */
  reference: string
}

export interface OutstandingBalance {
  bookingId: string
  customer: string
  eventDate: string
  totalCents: number
  paidCents: number
  owedCents: number
}

export interface UnmatchedDeposit {
  transactionId: string
  date: string
  description: string
  amountCents: number
  status: 'unmatched' | 'rejected' | 'needs_review'
}

export interface ReconciliationReport {
  period: ReportPeriod
  totals: Record<ReportRail, { count: number; cents: number }>
  totalCents: number
  lines: MatchedLine[]
  outstanding: OutstandingBalance[]
  unmatched: UnmatchedDeposit[]
  waitingForReview: { count: number; cents: number }
  /** Every bank deposit of the period in exactly one state (matched, waiting, unmatched, ignored); they add up to `deposits`. */
  deposits: DepositAccount
}

export interface ReportInput {
  matches: readonly PaymentMatch[]
  transactions: readonly Transaction[]
  bookings: readonly Booking[]
  period: ReportPeriod
  timeZone: string
}

/** Named periods the owner picks from, as seen on `today` (the business's calendar). */
export function reportPeriods(today: string): Record<'thisMonth' | 'lastMonth' | 'thisYear' | 'lastYear', ReportPeriod> {
  const [year, month] = today.split('-').map(Number) as [number, number]
  const monthStart = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}-01`
  const monthEnd = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)
  const previous = month === 1 ? { y: year - 1, m: 12 } : { y: year, m: month - 1 }
  return {
    thisMonth: { from: monthStart(year, month), to: monthEnd(year, month) },
    lastMonth: { from: monthStart(previous.y, previous.m), to: monthEnd(previous.y, previous.m) },
    thisYear: { from: `${year}-01-01`, to: `${year}-12-31` },
    lastYear: { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` },
  }
}

const inPeriod = (date: string, period: ReportPeriod) => date >= period.from && date <= period.to

function railOf(transaction: Transaction, match: PaymentMatch): ReportRail {
  if (match.manualPayment) return 'cash_check'
  const rail: PaymentRail = paymentRailOf(plaidViewOf(transaction))
  if (rail === 'check') return 'cash_check'
  if (rail === 'ach' || rail === 'wire' || rail === 'bank') return 'bank_transfer'
  return rail
}

function payerOf(transaction: Transaction, match: PaymentMatch): string {
  if (match.manualPayment) return match.manualPayment.payer ?? ''
  return payerNameOf(transaction) ?? ''
}

function decisionOf(match: PaymentMatch): string {
  if (match.manualPayment) return `recorded by ${match.decidedBy ?? 'the owner'} (${match.manualPayment.method})`
  if (match.status === 'auto_accepted') return 'auto-accepted'
  return `accepted by ${match.decidedBy ?? 'the owner'}`
}

/** Card deposits paid through Stripe Checkout, as the relay wrote them on the booking's timeline. */
function cardPayments(booking: Booking, timeZone: string): { date: string; amountCents: number; reference: string }[] {
  return (booking.timeline ?? [])
    .filter((entry) => entry.kind === 'payment' && entry.id.startsWith('pay-stripe-'))
    .map((entry) => {
      const dollars = /\$([\d,]+\.\d{2})/.exec(entry.text)?.[1]
      return {
        date: calendarDateInZone(entry.at, timeZone),
        amountCents: dollars ? Math.round(Number(dollars.replace(/,/g, '')) * 100) : 0,
        reference: entry.id.slice('pay-stripe-'.length),
      }
    })
    .filter((payment) => payment.amountCents > 0)
}

export function buildReconciliationReport({ matches, transactions, bookings, period, timeZone }: ReportInput): ReconciliationReport {
  const transactionsById = new Map(transactions.map((transaction) => [transaction.id, transaction]))
  const bookingsById = new Map(bookings.map((booking) => [booking.id, booking]))
  const totals = Object.fromEntries(reportRails.map((rail) => [rail, { count: 0, cents: 0 }])) as ReconciliationReport['totals']
  const lines: MatchedLine[] = []
  const unmatched: UnmatchedDeposit[] = []
  const waitingForReview = { count: 0, cents: 0 }

  for (const match of matches) {
    const transaction = transactionsById.get(match.transactionId)
    if (!transaction || transaction.removed || transaction.amountCents >= 0 || !inPeriod(transaction.date, period)) continue
    const received = -transaction.amountCents
    if (match.status === 'auto_accepted' || match.status === 'accepted') {
      const booking = match.bookingId ? bookingsById.get(match.bookingId) : undefined
      const rail = railOf(transaction, match)
      lines.push({
        date: transaction.date,
        payer: payerOf(transaction, match),
        rail,
        amountCents: received,
        bookingId: match.bookingId ?? '',
        customer: booking?.customerName ?? '',
        eventDate: booking?.eventDate ?? '',
        paymentType: match.paymentType,
        confidence: match.confidence,
        decision: decisionOf(match),
        reference: transaction.id,
      })
    } else if (match.status === 'needs_review') {
      waitingForReview.count++
      waitingForReview.cents += received
      unmatched.push({ transactionId: transaction.id, date: transaction.date, description: transaction.description, amountCents: received, status: 'needs_review' })
    } else if (match.status === 'unmatched' || match.status === 'rejected') {
      unmatched.push({ transactionId: transaction.id, date: transaction.date, description: transaction.description, amountCents: received, status: match.status })
    }
  }
  // A deposit whose match has not synced yet is unmatched money too.
  const withMatch = new Set(matches.map((match) => match.transactionId))
  for (const transaction of transactions) {
    if (withMatch.has(transaction.id) || transaction.removed || transaction.amountCents >= 0 || !inPeriod(transaction.date, period)) continue
    unmatched.push({ transactionId: transaction.id, date: transaction.date, description: transaction.description, amountCents: -transaction.amountCents, status: 'unmatched' })
  }
  for (const booking of bookings) {
    for (const card of cardPayments(booking, timeZone)) {
      if (!inPeriod(card.date, period)) continue
      lines.push({
        date: card.date,
        payer: booking.customerName,
        rail: 'card',
        amountCents: card.amountCents,
        bookingId: booking.id,
        customer: booking.customerName,
        eventDate: booking.eventDate,
        paymentType: 'deposit',
        confidence: 1,
        decision: 'paid by card (Stripe Checkout)',
        reference: card.reference,
      })
    }
  }
  lines.sort((a, b) => a.date.localeCompare(b.date) || a.reference.localeCompare(b.reference))
  unmatched.sort((a, b) => a.date.localeCompare(b.date) || a.transactionId.localeCompare(b.transactionId))
  for (const line of lines) {
    totals[line.rail].count++
    totals[line.rail].cents += line.amountCents
  }

  // What is still owed on parties held up to the end of the period.
  const outstanding = bookings
    .filter((booking) => !booking.cancelledAt && booking.status !== 'cancelled' && booking.eventDate <= period.to && booking.paidCents < booking.totalCents)
    .map((booking) => ({
      bookingId: booking.id,
      customer: booking.customerName,
      eventDate: booking.eventDate,
      totalCents: booking.totalCents,
      paidCents: booking.paidCents,
      owedCents: booking.totalCents - booking.paidCents,
    }))
    .sort((a, b) => a.eventDate.localeCompare(b.eventDate) || a.bookingId.localeCompare(b.bookingId))

  return {
    period,
    totals,
    totalCents: lines.reduce((sum, line) => sum + line.amountCents, 0),
    lines,
    outstanding,
    unmatched,
    waitingForReview,
    deposits: accountDeposits(transactions, matches, period),
  }
}

/**
 * One CSV field. Quoted when it must be (RFC 4180); text that a spreadsheet would run as a
 * formula (=, +, -, @ first) is prefixed with an apostrophe, since payer names come from outside.
 */
function field(value: string | number): string {
  let text = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

const csvRow = (values: (string | number)[]) => values.map(field).join(',')
const dollars = (cents: number) => (cents / 100).toFixed(2)

export const matchedLineColumns = ['Date', 'Payer', 'Rail', 'Amount', 'Booking', 'Customer', 'Event date', 'Type', 'Confidence', 'Decision'] as const

/** Every matched line of the period: what an accountant ticks off against the bank statement. */
export function matchedLinesCsv(report: ReconciliationReport): string {
  const rows = report.lines.map((line) =>
    csvRow([
      line.date,
      line.payer,
      reportRailLabels[line.rail],
      dollars(line.amountCents),
      line.bookingId,
      line.customer,
      line.eventDate,
      line.paymentType ? paymentTypeWords[line.paymentType] : '',
      line.confidence.toFixed(3),
      line.decision,
    ]),
  )
  return `${[csvRow([...matchedLineColumns]), ...rows].join('\r\n')}\r\n`
}

/** The report itself: totals per rail, balances owed and deposits not placed, one section after another. */
export function reportCsv(report: ReconciliationReport): string {
  const rows: (string | number)[][] = [
    ['Reconciliation report', `${report.period.from} to ${report.period.to}`],
    [],
    ['Received by', 'Payments', 'Amount'],
    ...reportRails.map((rail) => [reportRailLabels[rail], report.totals[rail].count, dollars(report.totals[rail].cents)]),
    ['Total', report.lines.length, dollars(report.totalCents)],
    [],
    ['Outstanding balances', 'Customer', 'Event date', 'Total', 'Paid', 'Owed'],
    ...report.outstanding.map((owed) => [owed.bookingId, owed.customer, owed.eventDate, dollars(owed.totalCents), dollars(owed.paidCents), dollars(owed.owedCents)]),
    [],
    ['Unmatched deposits', 'Date', 'Description', 'Amount', 'Status'],
    ...report.unmatched.map((deposit) => [deposit.transactionId, deposit.date, deposit.description, dollars(deposit.amountCents), deposit.status.replace('_', ' ')]),
  ]
  return `${rows.map(csvRow).join('\r\n')}\r\n`
}

/** "$1,234.00 in 5 payments", for the screen. */
export function describeTotal(total: { count: number; cents: number }): string {
  return `${formatCents(total.cents)} in ${total.count} payment${total.count === 1 ? '' : 's'}`
}
