/**
 * The reconciliation report for a period on the business's calendar: money received per rail,
 * balances still owed, deposits not placed yet, and CSV downloads of the report and of every
 * matched line.
 */
import { useMemo, useState } from 'react'
import { formatCents } from '../../../../domain/money'
import {
  buildReconciliationReport,
  describeTotal,
  matchedLinesCsv,
  reportCsv,
  reportPeriods,
  reportRailLabels,
  reportRails,
  type ReportPeriod,
} from '../../../../domain/payments/reconciliation-report'
import type { Booking, PaymentMatch, Transaction } from '../../../../domain/schemas'

type PeriodChoice = keyof ReturnType<typeof reportPeriods> | 'custom'

const periodLabels: Record<PeriodChoice, string> = {
  thisMonth: 'This month',
  lastMonth: 'Last month',
  thisYear: 'This year',
  lastYear: 'Last year',
  custom: 'Custom…',
}

/** Saves text as a file through the browser's download (Electron asks where to save it). */
function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

export function ReportPanel({
  matches,
  transactions,
  bookings,
  today,
  timeZone,
}: {
  matches: readonly PaymentMatch[]
  transactions: readonly Transaction[]
  bookings: readonly Booking[]
  today: string
  timeZone: string
}) {
  const [choice, setChoice] = useState<PeriodChoice>('thisMonth')
  const presets = reportPeriods(today)
  const [custom, setCustom] = useState<ReportPeriod>(presets.thisMonth)
  const period = choice === 'custom' ? custom : presets[choice]
  const validPeriod = /^\d{4}-\d{2}-\d{2}$/.test(period.from) && /^\d{4}-\d{2}-\d{2}$/.test(period.to) && period.from <= period.to
  const report = useMemo(
    () => buildReconciliationReport({ matches, transactions, bookings, period, timeZone }),
    [matches, transactions, bookings, period.from, period.to, timeZone],
  )
  const [showOwed, setShowOwed] = useState(false)
  const deposits = report.deposits
  const suffix = `${period.from}_to_${period.to}`

  return (
    <section className="reconciliation-report-panel" aria-label="Reconciliation report">
      <div className="report-period">
        <label>
          Period{' '}
          <select aria-label="Report period" value={choice} onChange={(event) => setChoice(event.target.value as PeriodChoice)}>
            {(Object.keys(periodLabels) as PeriodChoice[]).map((key) => (
              <option key={key} value={key}>
                {periodLabels[key]}
              </option>
            ))}
          </select>
        </label>
        {choice === 'custom' && (
          <>
            <label>
              From <input type="date" aria-label="From" value={custom.from} onChange={(event) => setCustom({ ...custom, from: event.target.value })} />
            </label>
            <label>
              To <input type="date" aria-label="To" value={custom.to} onChange={(event) => setCustom({ ...custom, to: event.target.value })} />
            </label>
          </>
        )}
        <span className="hint">
          {period.from} – {period.to}, {timeZone}
        </span>
        <button type="button" disabled={!validPeriod} onClick={() => download(`reconciliation-report_${suffix}.csv`, reportCsv(report))}>
          Export report (CSV)
        </button>
        <button type="button" disabled={!validPeriod} onClick={() => download(`matched-payments_${suffix}.csv`, matchedLinesCsv(report))}>
          Export matched lines (CSV)
        </button>
      </div>
      {!validPeriod && (
        <p className="error" role="alert">
          Choose a start date on or before the end date.
        </p>
      )}
      <dl className="reconciliation-report">
        <div>
          <dt>Matched in period</dt>
          <dd data-testid="report-matched">
            {formatCents(report.totalCents)} <span className="hint">({report.lines.length})</span>
          </dd>
        </div>
        <div>
          <dt>Waiting for review</dt>
          <dd data-testid="report-review">
            {deposits.waiting.count} <span className="hint">({formatCents(deposits.waiting.cents)})</span>
          </dd>
        </div>
        <div>
          <dt>Unmatched deposits</dt>
          <dd data-testid="report-unmatched">
            {deposits.unmatched.count} <span className="hint">({formatCents(deposits.unmatched.cents)})</span>
          </dd>
        </div>
        <div>
          <dt>Balances owed</dt>
          <dd data-testid="report-owed">
            <button type="button" className="link-button" aria-expanded={showOwed} onClick={() => setShowOwed(!showOwed)}>
              {formatCents(report.outstanding.reduce((sum, owed) => sum + owed.owedCents, 0))} ({report.outstanding.length})
            </button>
          </dd>
        </div>
      </dl>
      {/* Every bank deposit is in exactly one place; the sum says so. */}
      <p className="hint" data-testid="report-deposits">
        Bank deposits in the period: {formatCents(deposits.deposits.cents)} ({deposits.deposits.count}) = {formatCents(deposits.matched.cents)} matched +{' '}
        {formatCents(deposits.waiting.cents)} waiting + {formatCents(deposits.unmatched.cents)} unmatched + {formatCents(deposits.ignored.cents)} not
        customer payments.
      </p>
      <table className="table report-rails" aria-label="Received by rail">
        <tbody>
          {reportRails
            .filter((rail) => report.totals[rail].count > 0 || ['zelle', 'venmo', 'cash_app', 'paypal', 'card', 'cash_check'].includes(rail))
            .map((rail) => (
              <tr key={rail} data-testid={`report-rail-${rail}`}>
                <th scope="row">{reportRailLabels[rail]}</th>
                <td className="amount">{describeTotal(report.totals[rail])}</td>
              </tr>
            ))}
        </tbody>
      </table>
      {showOwed && (
        <table className="table report-owed" aria-label="Balances owed">
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Customer</th>
              <th scope="col">Paid</th>
              <th scope="col">Owed</th>
            </tr>
          </thead>
          <tbody>
            {report.outstanding.length === 0 ? (
              <tr>
                <td colSpan={4} className="hint">
                  Nothing is owed on parties up to {period.to}.
                </td>
              </tr>
            ) : (
              report.outstanding.map((owed) => (
                <tr key={owed.bookingId}>
                  <td>{owed.eventDate}</td>
                  <td>{owed.customer}</td>
                  <td className="amount">
                    {formatCents(owed.paidCents)} of {formatCents(owed.totalCents)}
                  </td>
                  <td className="amount">{formatCents(owed.owedCents)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      )}
    </section>
  )
}
