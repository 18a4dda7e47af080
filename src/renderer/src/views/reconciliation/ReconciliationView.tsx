/**
 * Reconciliation (owner only): bank deposits the relay matched to bookings, the ones waiting for
 * a decision first. Accept / Reject / Re-match edit the `paymentMatches` document locally; the
 * relay moves the booking money when the edit syncs, so this works offline.
 */
import { useEffect, useMemo, useState } from 'react'
import { create } from 'zustand'
import { formatCents } from '../../../../domain/money'
import { decideMatch, receivedCents, reconciliationQueue, type Decision, type QueueEntry } from '../../../../domain/payments/reconciliation'
import type { Booking, Customer, PaymentMatch, Transaction } from '../../../../domain/schemas'
import { views } from '../../app/views'
import { EmptyState } from '../../components/EmptyState'
import { PairFirst } from '../../components/PairFirst'
import { ViewFrame } from '../../components/ViewFrame'
import { useLiveQuery } from '../../db/use-live-query'
import { useNavigationStore } from '../../stores/navigation-store'
import { useSyncStore } from '../../stores/sync-store'
import { useBusiness } from '../bookings/use-business'
import { KnownPayersPanel } from './KnownPayersPanel'
import { paymentTypeLabels, statusLabels } from './labels'
import { ManualPaymentPanel } from './ManualPaymentPanel'
import { RematchPanel } from './RematchPanel'
import { ReportPanel } from './ReportPanel'

const decisionLabels: Record<Decision['kind'], string> = { accept: 'Accepted', reject: 'Rejected', 're-match': 'Re-matched' }

/** The last decision, undoable for ten seconds: the match as it was before. */
const useUndoStore = create<{ last: { before: PaymentMatch; label: string } | null; set(last: { before: PaymentMatch; label: string } | null): void }>(
  (set) => ({ last: null, set: (last) => set({ last }) }),
)

export function ReconciliationView() {
  const sync = useSyncStore((state) => state.sync)
  const db = useSyncStore((state) => state.db)

  if (!sync?.paired) {
    return (
      <PairFirst view={views.reconciliation}>
        Bank deposits are matched to bookings on the relay. Pair this console in Settings to review them.
      </PairFirst>
    )
  }
  if (sync.role !== 'owner' || (db && !db.collections.paymentMatches)) {
    return (
      <ViewFrame view={views.reconciliation}>
        <EmptyState title="For the owner's console only">
          Bank transactions and payment matches stay on the owner's devices. This console is paired as front desk, so they are never
          copied here.
        </EmptyState>
      </ViewFrame>
    )
  }
  return <ReconciliationQueue />
}

const queuePageSize = 100

function ReconciliationQueue() {
  const save = useSyncStore((state) => state.save)
  const deviceName = useSyncStore((state) => state.sync?.deviceName) ?? 'Owner console'
  const show = useNavigationStore((state) => state.show)
  const matches = useLiveQuery<PaymentMatch>('paymentMatches')
  const transactions = useLiveQuery<Transaction>('transactions')
  const bookings = useLiveQuery<Booking>('bookings')
  const customers = useLiveQuery<Customer>('customers')
  const { rules, today } = useBusiness()
  const [recording, setRecording] = useState(false)
  const [showIgnored, setShowIgnored] = useState(false)
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const [rematching, setRematching] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  // Years of bank history make thousands of rows: the queue shows a page at a time, most urgent first.
  const [shown, setShown] = useState(queuePageSize)
  const setUndo = useUndoStore((state) => state.set)

  const transactionsById = useMemo(() => new Map(transactions.documents.map((t) => [t.id, t])), [transactions.documents])
  const bookingsById = useMemo(() => new Map(bookings.documents.map((b) => [b.id, b])), [bookings.documents])
  const queue = useMemo(
    () => reconciliationQueue(matches.documents, transactionsById, { showIgnored }),
    [matches.documents, transactionsById, showIgnored],
  )
  const selected = queue.find((entry) => entry.match.id === selectedId) ?? queue[0] ?? null

  async function decide(entry: QueueEntry, decision: Decision) {
    setError(null)
    try {
      const next = decideMatch(entry.match, decision, deviceName, new Date().toISOString())
      await save('paymentMatches', next)
      setUndo({ before: entry.match, label: `${decisionLabels[decision.kind]} ${describePayer(entry)}` })
      setRematching(null)
    } catch (cause) {
      setError((cause as Error).message)
    }
  }

  // A / R / M act on the selected row, ↑ / ↓ move; typing in a field is left alone.
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null
      if (target?.closest('input, select, textarea, [contenteditable="true"]') || event.ctrlKey || event.metaKey || event.altKey) return
      if (!selected) return
      const index = queue.indexOf(selected)
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        const nextIndex = Math.min(queue.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)))
        const next = queue[nextIndex]
        if (next) setSelectedId(next.match.id)
        if (nextIndex >= shown) setShown(nextIndex + 1)
        event.preventDefault()
      } else if (event.key === 'a' || event.key === 'A') {
        if (canAccept(selected)) void decide(selected, { kind: 'accept' })
      } else if (event.key === 'r' || event.key === 'R') {
        if (canReject(selected)) void decide(selected, { kind: 'reject' })
      } else if (event.key === 'm' || event.key === 'M') {
        if (canRematch(selected)) {
          setRematching(selected.match.id)
          event.preventDefault()
        }
      }
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  })

  const recordPanel = recording && (
    <ManualPaymentPanel
      bookings={bookings.documents}
      today={today}
      deviceName={deviceName}
      onSave={async (match) => {
        await save('paymentMatches', match)
        setRecording(false)
      }}
      onCancel={() => setRecording(false)}
    />
  )
  const recordButton = (
    <button type="button" onClick={() => setRecording(true)}>
      Record cash or check…
    </button>
  )

  const loading = matches.loading || transactions.loading
  if (!loading && matches.documents.length === 0) {
    return (
      <ViewFrame view={views.reconciliation}>
        <p>{recordButton}</p>
        {recordPanel}
        {transactions.documents.length === 0 ? (
          <>
            <EmptyState title="No bank transactions yet">
              Connect your bank in Settings. Once it is linked, deposits (Zelle, Venmo, Cash App, bank transfers) arrive here and are
              matched to bookings: sure matches are accepted for you, the rest wait for your decision.
            </EmptyState>
            <p className="center">
              <button type="button" onClick={() => show('settings')}>
                Go to Settings
              </button>
            </p>
          </>
        ) : (
          <EmptyState title={views.reconciliation.emptyTitle}>
            Your bank is connected, but none of its transactions has been matched yet. New deposits appear here after the relay's next
            bank sync.
          </EmptyState>
        )}
        <UndoToast />
      </ViewFrame>
    )
  }

  const rematchEntry = rematching ? queue.find((entry) => entry.match.id === rematching) ?? null : null
  return (
    <ViewFrame view={views.reconciliation}>
      <ReportPanel matches={matches.documents} transactions={transactions.documents} bookings={bookings.documents} today={today} timeZone={rules?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone} />
      <div className="reconciliation-toolbar">
        {recordButton}
        <label className="checkbox">
          <input type="checkbox" checked={showIgnored} onChange={(event) => setShowIgnored(event.target.checked)} /> Show ignored
          (transfers, payouts, money out)
        </label>
        <span className="hint">
          Keys: <kbd>↑</kbd>/<kbd>↓</kbd> move, <kbd>A</kbd> accept, <kbd>R</kbd> reject, <kbd>M</kbd> re-match
        </span>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {queue.length === 0 ? (
        <EmptyState title="All caught up">
          Every deposit is decided. Auto-accepted matches stay listed for spot checks; ignored transactions are behind the toggle above.
        </EmptyState>
      ) : (
        <table className="table reconciliation-table" aria-label="Payment matches">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Payer / description</th>
              <th scope="col">Amount</th>
              <th scope="col">Booking</th>
              <th scope="col">Payment</th>
              <th scope="col">Confidence</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {queue.slice(0, shown).map((entry) => (
              <MatchRow
                key={entry.match.id}
                entry={entry}
                booking={entry.match.bookingId ? bookingsById.get(entry.match.bookingId) ?? null : null}
                selected={entry === selected}
                onSelect={() => setSelectedId(entry.match.id)}
                onDecide={(decision) => void decide(entry, decision)}
                onRematch={() => {
                  setSelectedId(entry.match.id)
                  setRematching(entry.match.id)
                }}
              />
            ))}
          </tbody>
        </table>
      )}
      {queue.length > shown && (
        <p className="center">
          <button type="button" onClick={() => setShown((count) => count + queuePageSize)} data-testid="queue-more">
            Show {Math.min(queuePageSize, queue.length - shown)} more ({(queue.length - shown).toLocaleString('en-US')} not shown)
          </button>
        </p>
      )}
      {recordPanel}
      {rematchEntry && (
        <RematchPanel
          entry={rematchEntry}
          bookings={bookings.documents}
          onChoose={(bookingId, paymentType) => void decide(rematchEntry, { kind: 're-match', bookingId, paymentType })}
          onCancel={() => setRematching(null)}
        />
      )}
      <KnownPayersPanel customers={customers.documents} onSave={(customer) => save('customers', customer)} />
      <UndoToast />
    </ViewFrame>
  )
}

function MatchRow({
  entry,
  booking,
  selected,
  onSelect,
  onDecide,
  onRematch,
}: {
  entry: QueueEntry
  booking: Booking | null
  selected: boolean
  onSelect(): void
  onDecide(decision: Decision): void
  onRematch(): void
}) {
  const { match, transaction } = entry
  const [expanded, setExpanded] = useState(false)
  return (
    <>
      <tr
        className={`match-row status-${match.status}${selected ? ' selected' : ''}`}
        aria-selected={selected}
        data-testid={`match-${match.transactionId}`}
        onClick={onSelect}
      >
        <td>{transaction?.date ?? '—'}</td>
        <td>
          {describePayer(entry)}
          {transaction?.removed && <span className="badge removed">Removed by the bank</span>}
          {transaction?.pending && <span className="badge">Pending</span>}
        </td>
        <td className="amount">{transaction ? formatCents(receivedCents(transaction)) : '—'}</td>
        <td>
          {booking ? (
            <>
              {booking.customerName}
              <div className="hint">event {booking.eventDate}</div>
            </>
          ) : match.bookingId ? (
            <span className="hint">{match.bookingId} (not on this console yet)</span>
          ) : (
            <span className="hint">none</span>
          )}
        </td>
        <td>{match.paymentType ? paymentTypeLabels[match.paymentType] : '—'}</td>
        <td>{Math.round(match.confidence * 100)} %</td>
        <td>
          <span className={`badge match-status status-${match.status}`}>{statusLabels[match.status]}</span>
          {match.decidedBy && <div className="hint">by {match.decidedBy}</div>}
        </td>
        <td>
          <div className="match-actions">
            <button type="button" disabled={!canAccept(entry)} onClick={() => onDecide({ kind: 'accept' })}>
              Accept
            </button>
            <button type="button" disabled={!canReject(entry)} onClick={() => onDecide({ kind: 'reject' })}>
              Reject
            </button>
            <button type="button" disabled={!canRematch(entry)} onClick={onRematch}>
              Re-match
            </button>
            <button type="button" className="link-button" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
              Why?
            </button>
          </div>
        </td>
      </tr>
      {(expanded || selected) && match.reasons.length > 0 && (
        <tr className="match-reasons">
          <td colSpan={8}>
            <ul>
              {match.reasons.map((reason, index) => (
                <li key={index}>{reason}</li>
              ))}
            </ul>
          </td>
        </tr>
      )}
    </>
  )
}

function UndoToast() {
  const save = useSyncStore((state) => state.save)
  const { last, set } = useUndoStore()
  useEffect(() => {
    if (!last) return
    const timer = setTimeout(() => set(null), 10_000)
    return () => clearTimeout(timer)
  }, [last, set])
  if (!last) return null
  return (
    <div className="toast" role="status">
      {last.label}.{' '}
      <button
        type="button"
        className="link-button"
        // Restoring the earlier document is enough: the relay moves the money back.
        onClick={() => void save('paymentMatches', { ...last.before }).then(() => set(null))}
      >
        Undo
      </button>
    </div>
  )
}

/** A transaction the bank removed can only be rejected (dismissed); ignored ones can be re-matched by hand. */
function canAccept(entry: QueueEntry): boolean {
  const { status, bookingId, paymentType } = entry.match
  return !entry.transaction?.removed && !!bookingId && !!paymentType && (status === 'needs_review' || status === 'unmatched' || status === 'rejected')
}

function canReject(entry: QueueEntry): boolean {
  return entry.match.status !== 'ignored' && entry.match.status !== 'rejected'
}

function canRematch(entry: QueueEntry): boolean {
  return !entry.transaction?.removed
}

function describePayer({ match, transaction }: QueueEntry): string {
  if (!transaction) return `Transaction ${match.transactionId}`
  return transaction.counterpartyName ?? transaction.merchantName ?? transaction.description ?? transaction.id
}
