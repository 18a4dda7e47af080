import { useMemo } from 'react'
import type { Booking, Call, Customer, Extension } from '../../../../domain/schemas'
import { views } from '../../app/views'
import { EmptyState } from '../../components/EmptyState'
import { ViewFrame } from '../../components/ViewFrame'
import { useLiveQuery } from '../../db/use-live-query'
import { useSyncStore } from '../../stores/sync-store'
import { CallDetail } from './CallDetail'
import {
  arrangeCalls,
  bookingsForCaller,
  callerBookingsSelector,
  callerIdentity,
  callStatusLabels,
  customerForCall,
  liveShortcuts,
  stepCall,
} from './live-model'
import { useLiveStore, type LiveSelection } from './live-store'
import { useLiveShortcut } from './use-live-shortcut'

function selectedCall(calls: readonly Call[], selection: LiveSelection): Call | null {
  if (!selection) return null
  if ('callId' in selection) return calls.find((call) => call.id === selection.callId) ?? null
  return calls.find((call) => call.telephonySessionId === selection.telephonySessionId) ?? null
}

/** Calls now and recent ones; the open call with its transcript, suggestions, transfer and notes. */
export function LiveView() {
  const paired = useSyncStore((state) => state.sync?.paired ?? false)
  const { documents: calls, loading } = useLiveQuery<Call>('calls')
  const { documents: customers } = useLiveQuery<Customer>('customers')
  const { documents: extensions } = useLiveQuery<Extension>('extensions')
  const selection = useLiveStore((state) => state.selection)
  const selectCall = useLiveStore((state) => state.selectCall)
  const { active, recent, ordered } = arrangeCalls(calls)
  const bookingsQuery = useMemo(
    () => ({
      selector: callerBookingsSelector(
        calls.map((call) => ({ customerId: customerForCall(customers, call)?.id ?? call.customerId, fromNumber: call.fromNumber })),
      ),
    }),
    [calls, customers],
  )
  const { documents: bookings } = useLiveQuery<Booking>('bookings', bookingsQuery)
  const waitingForPoppedCall = selection !== null && 'telephonySessionId' in selection && !selectedCall(calls, selection)
  // Until the user picks one, the newest call on the line (or the latest finished one) is open.
  const current = waitingForPoppedCall ? null : (selectedCall(calls, selection) ?? ordered[0] ?? null)

  // Who each listed call is: customer and bookings matched once per change, not per render.
  const callers = useMemo(() => new Map(ordered.map((call) => [call.id, callerOf(call, customers, bookings)])), [calls, customers, bookings])

  useLiveShortcut('next', () => {
    const next = stepCall(ordered, current?.id ?? null, 1)
    if (next) selectCall(next)
  })
  useLiveShortcut('previous', () => {
    const previous = stepCall(ordered, current?.id ?? null, -1)
    if (previous) selectCall(previous)
  })

  if (!paired) {
    return (
      <ViewFrame view={views.live}>
        <EmptyState title={views.live.emptyTitle}>Pair this console in Settings to see calls as they come in.</EmptyState>
      </ViewFrame>
    )
  }
  if (!loading && calls.length === 0) {
    return (
      <ViewFrame view={views.live}>
        <EmptyState title="No calls yet — escalated calls appear here live">{views.live.emptyBody}</EmptyState>
      </ViewFrame>
    )
  }

  const currentCaller = current ? (callers.get(current.id) ?? callerOf(current, customers, bookings)) : null

  const renderList = (list: Call[]) => (
    <ul className="live-call-list">
      {list.map((call) => {
        const { name } = (callers.get(call.id) ?? callerOf(call, customers, bookings)).identity
        const isCurrent = call.id === current?.id
        return (
          <li key={call.id} data-testid={`call-${call.id}`} data-status={call.status}>
            <button
              type="button"
              className={`live-call-item${isCurrent ? ' selected' : ''}`}
              aria-current={isCurrent ? 'true' : undefined}
              onClick={() => selectCall(call.id)}
            >
              <span className="live-call-item-head">
                <strong>{name}</strong>
                <time dateTime={call.startedAt}>{new Date(call.startedAt).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' })}</time>
              </span>
              <span className="live-call-item-badges">
                <span className={`badge status-${call.status}`}>{callStatusLabels[call.status]}</span>
                {call.escalated && <span className="badge escalated">Handed to a person</span>}
              </span>
            </button>
          </li>
        )
      })}
    </ul>
  )

  return (
    <ViewFrame view={views.live}>
      <div className="live">
        <nav className="live-calls" aria-label="Calls">
          <h2 id="live-active-calls">Now</h2>
          {active.length === 0 ? <p className="hint">No one is on the phone right now.</p> : renderList(active)}
          {recent.length > 0 && (
            <>
              <h2 id="live-recent-calls">Recent</h2>
              {renderList(recent)}
            </>
          )}
          <dl className="live-shortcuts" aria-label="Keyboard shortcuts">
            {liveShortcuts.map((shortcut) => (
              <div key={shortcut.key}>
                <dt>
                  <kbd>{shortcut.key}</kbd>
                </dt>
                <dd>{shortcut.description}</dd>
              </div>
            ))}
          </dl>
        </nav>
        {waitingForPoppedCall && (
          <p className="hint live-waiting" role="status">
            Waiting for the popped call to sync from the relay…
          </p>
        )}
        {current && currentCaller ? (
          <CallDetail key={current.id} call={current} customer={currentCaller.customer} caller={currentCaller.identity} bookings={currentCaller.bookings} extensions={extensions} />
        ) : null}
      </div>
    </ViewFrame>
  )
}

/** The caller's customer record, their bookings and who they are as staff know them. */
function callerOf(call: Call, customers: Customer[], bookings: Booking[]) {
  const customer = customerForCall(customers, call)
  const theirBookings = bookingsForCaller(bookings, { customerId: customer?.id ?? call.customerId, fromNumber: call.fromNumber })
  return { customer, bookings: theirBookings, identity: callerIdentity(customer, theirBookings, call) }
}
