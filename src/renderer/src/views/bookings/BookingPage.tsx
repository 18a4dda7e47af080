import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useMemo, useRef, useState } from 'react'
import { cancellationTerms } from '../../../../domain/bookings/cancellation'
import { checkCapacity } from '../../../../domain/bookings/capacity'
import { balanceDueCents } from '../../../../domain/bookings/booking-status'
import { depositLinkState } from '../../../../domain/bookings/deposit-link'
import { formatClock, formatEventDate } from '../../../../domain/bookings/message-templates'
import { formatCents } from '../../../../domain/money'
import { disputeReasonText } from '../../../../domain/payments/card-reversals'
import { formatPhoneNumber } from '../../../../domain/phone-number'
import { openFollowUps, type Booking, type Call, type Conversation, type PaymentMatch, type Settings, type Suggestion, type Transaction, type TranscriptSegment } from '../../../../domain/schemas'
import { FollowUpTasks } from '../../components/FollowUpTasks'
import { UndoToast } from '../../components/UndoToast'
import { useLiveQuery } from '../../db/use-live-query'
import { useSyncStore } from '../../stores/sync-store'
import {
  actorLabels,
  applyDecision,
  canResendDepositLink,
  explainStatus,
  formatInstant,
  kindLabels,
  mergeTimeline,
  statusLabels,
  type TimelineItem,
} from './booking-model'
import { useBookingsViewStore } from './bookings-store'
import { BookingEditDialog } from './BookingEditDialog'
import { businessToday, useActor, useBusiness } from './use-business'

const disputeLabels = { open: 'Disputed', won: 'Dispute won', lost: 'Dispute lost' } as const

/** One booking: its details, its status and why, what staff can do, and everything that happened. */
export function BookingPage({ booking, today, onClose }: { booking: Booking; today: string; onClose(): void }) {
  const save = useSyncStore((state) => state.save)
  const setCancelled = useBookingsViewStore((state) => state.setCancelled)
  const [confirmingCancel, setConfirmingCancel] = useState(false)
  const [editing, setEditing] = useState<'details' | 'date' | null>(null)
  const [error, setError] = useState<string | null>(null)
  const { rules } = useBusiness()

  // E edits, R reschedules (typing in a field or a dialog is left alone).
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || editing) return
      if ((event.target as HTMLElement | null)?.closest('input, select, textarea, [contenteditable="true"], [role="dialog"], [role="alertdialog"]')) return
      if (event.key === 'e' || event.key === 'r') {
        event.preventDefault()
        setEditing(event.key === 'e' ? 'details' : 'date')
      }
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [editing])
  const { status, why } = explainStatus(booking, today)
  const { actor, by } = useActor()
  const { documents: tasks } = useLiveQuery<Suggestion>('suggestions', { selector: { bookingId: booking.id, kind: 'follow_up' } })

  async function decide(decision: Parameters<typeof applyDecision>[1]) {
    setError(null)
    try {
      await save('bookings', applyDecision(booking, decision, { now: new Date().toISOString(), today, actor, by }))
      if (decision === 'cancel') setCancelled(booking)
      setConfirmingCancel(false)
    } catch (cause) {
      setError(`The change could not be saved: ${(cause as Error).message}`)
    }
  }

  const checkout = booking.depositCheckout
  const linkState = depositLinkState(booking)
  return (
    <section className="booking-page" aria-label={`Booking: ${booking.customerName}`} data-testid="booking-page">
      <header className="booking-page-header">
        <h2>{booking.customerName}</h2>
        <button type="button" className="link-button" onClick={onClose} aria-label="Close booking">
          Close <kbd>Esc</kbd>
        </button>
      </header>
      <p className="booking-status-line">
        <span className={`badge booking-status status-${status}`} data-testid="booking-status">
          {statusLabels[status]}
        </span>{' '}
        <span className="hint" data-testid="booking-status-why">
          {why}
        </span>
      </p>
      <dl className="booking-details">
        <dt>When</dt>
        <dd>
          {formatEventDate(booking.eventDate)} {booking.eventDate.slice(0, 4)}, {booking.eventTime ? formatClock(booking.eventTime) : 'time not set'}
        </dd>
        <dt>Guests</dt>
        <dd>
          {booking.adults} adults{booking.kids > 0 ? `, ${booking.kids} kids` : ''}
        </dd>
        <dt>Contact</dt>
        <dd>
          {booking.customerPhone ? formatPhoneNumber(booking.customerPhone) : 'no phone'}
          {booking.customerEmail ? ` · ${booking.customerEmail}` : ''}
        </dd>
        <dt>Where</dt>
        <dd>{[booking.address, booking.zip].filter(Boolean).join(', ') || 'not given yet'}</dd>
        <dt>Price</dt>
        <dd>
          {formatCents(booking.subtotalCents)} food + {formatCents(booking.travelFeeCents)} travel = <strong>{formatCents(booking.totalCents)}</strong>
        </dd>
        <dt>Paid</dt>
        <dd>
          {formatCents(booking.paidCents)} (deposit {formatCents(booking.depositCents)}, balance {formatCents(balanceDueCents(booking))})
        </dd>
        {(booking.refundedCents ?? 0) > 0 && (
          <>
            <dt>Refunded</dt>
            <dd data-testid="booking-refunded">{formatCents(booking.refundedCents ?? 0)} to the customer's card (already taken off what was paid)</dd>
          </>
        )}
        {(booking.disputes ?? []).length > 0 && (
          <>
            <dt>Disputes</dt>
            <dd data-testid="booking-disputes">
              <ul className="dispute-list">
                {(booking.disputes ?? []).map((dispute) => (
                  <li key={dispute.id}>
                    <span className={`badge ${dispute.status === 'open' ? 'badge-refused' : ''}`}>{disputeLabels[dispute.status]}</span> {formatCents(dispute.amountCents)} card payment
                    {' — '}
                    {disputeReasonText(dispute.reason)}
                    {dispute.status === 'open' && dispute.respondBy ? `; respond in Stripe by ${formatInstant(dispute.respondBy)}` : ''}
                    {dispute.status === 'lost' ? '; the money went back to the customer' : ''}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {checkout && linkState && (
          <>
            <dt>Deposit link</dt>
            <dd data-testid="deposit-link-state" data-state={linkState.kind}>
              {linkState.label} (sent {formatInstant(checkout.createdAt)})
            </dd>
          </>
        )}
        {booking.notes && (
          <>
            <dt>Notes</dt>
            <dd className="booking-notes">{booking.notes}</dd>
          </>
        )}
      </dl>
      <div className="booking-actions">
        {!booking.confirmedAt && !booking.cancelledAt && (
          <button type="button" className="primary" onClick={() => void decide('confirm')}>
            Confirm
          </button>
        )}
        <button type="button" onClick={() => setEditing('details')}>
          Edit <kbd>E</kbd>
        </button>
        <button type="button" onClick={() => setEditing('date')}>
          Reschedule <kbd>R</kbd>
        </button>
        {canResendDepositLink(booking) && (
          <button type="button" onClick={() => void decide('resendDepositLink')}>
            Re-send deposit link
          </button>
        )}
        {!booking.cancelledAt && !confirmingCancel && (
          <button type="button" onClick={() => setConfirmingCancel(true)}>
            Cancel booking
          </button>
        )}
      </div>
      {!booking.confirmedAt && !booking.cancelledAt && (
        <p className="hint">Confirming texts the customer a confirmation and the deposit link; the relay sends them.</p>
      )}
      {confirmingCancel && (
        <div className="confirm" role="alertdialog" aria-label="Cancel this booking?">
          <span>
            Cancel {booking.customerName}'s party on {formatEventDate(booking.eventDate)}? Its slot opens up and its automatic texts stop.
            {rules
              ? ` ${cancellationTerms(booking, businessToday(rules.timeZone), rules).text}`
              : booking.paidCents > 0 && ` ${formatCents(booking.paidCents)} was paid: what to refund is up to the owner.`}
          </span>
          <div className="row-actions">
            <button type="button" className="danger" onClick={() => void decide('cancel')}>
              Yes, cancel it
            </button>
            <button type="button" onClick={() => setConfirmingCancel(false)}>
              Keep it
            </button>
          </div>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <FollowUpTasks label="Follow-ups for this booking" tasks={openFollowUps(tasks)} onDone={(task) => void save('suggestions', { ...task, status: 'used' })} />
      <h3>Timeline</h3>
      <BookingTimeline booking={booking} />
      {editing && <BookingEditDialog booking={booking} focus={editing} onClose={() => setEditing(null)} />}
    </section>
  )
}

/** "Cancelled … Undo": restores the booking unless its slot was taken in the meantime. */
export function UndoCancel({ bookings, settings, today }: { bookings: Booking[]; settings: Pick<Settings, 'timeSlots'>; today: string }) {
  const save = useSyncStore((state) => state.save)
  const { actor, by } = useActor()
  const { cancelled, setCancelled } = useBookingsViewStore()
  const [error, setError] = useState<string | null>(null)
  if (error) {
    return (
      <div className="toast" role="alert">
        {error}{' '}
        <button type="button" className="link-button" onClick={() => setError(null)}>
          Dismiss
        </button>
      </div>
    )
  }
  if (!cancelled) return null
  const current = bookings.find((booking) => booking.id === cancelled.id)
  return (
    <UndoToast
      message={`Cancelled ${cancelled.customerName}'s booking.`}
      onUndo={() => {
        setCancelled(null)
        if (!current) return
        const room = checkCapacity(current, bookings, settings)
        if (!room.ok) {
          setError(`The booking stays cancelled: ${room.reason}`)
          return
        }
        void save('bookings', applyDecision(current, 'uncancel', { now: new Date().toISOString(), today, actor, by }))
      }}
      onExpire={() => setCancelled(null)}
    />
  )
}

const itemHeight = 64

/** The booking's timeline merged with related local documents; long ones render only what is in view. */
function BookingTimeline({ booking }: { booking: Booking }) {
  const phone = booking.customerPhone ?? '__none__'
  const conversations = useLiveQuery<Conversation>('conversations', { selector: { customerPhone: phone } })
  const calls = useLiveQuery<Call>('calls', { selector: { $or: [{ fromNumber: phone }, { toNumber: phone }] } })
  const callIds = calls.documents.map((call) => call.id)
  const segments = useLiveQuery<TranscriptSegment>('transcriptSegments', { selector: { callId: { $in: callIds }, isFinal: true } })
  const suggestions = useLiveQuery<Suggestion>('suggestions', {
    selector: { $or: [{ id: booking.sourceSuggestionId ?? '__none__' }, { kind: 'quote' }] },
  })
  const matches = useLiveQuery<PaymentMatch>('paymentMatches', { selector: { bookingId: booking.id } })
  const transactionIds = matches.documents.map((match) => match.transactionId)
  const transactions = useLiveQuery<Transaction>('transactions', { selector: { id: { $in: transactionIds } } })

  const items = useMemo(
    () =>
      mergeTimeline(booking, {
        conversations: conversations.documents,
        calls: calls.documents,
        transcriptSegments: segments.documents,
        suggestions: suggestions.documents,
        paymentMatches: matches.documents,
        transactions: transactions.documents,
      }),
    [booking, conversations.documents, calls.documents, segments.documents, suggestions.documents, matches.documents, transactions.documents],
  )

  const scroller = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => itemHeight,
    overscan: 10,
    getItemKey: (index) => items[index]!.id,
  })

  if (items.length === 0) return <p className="hint">Nothing has happened on this booking yet.</p>
  return (
    <div ref={scroller} className="timeline-scroller">
      <ol className="timeline" aria-label="Timeline" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((virtual) => (
          <TimelineRow
            key={virtual.key}
            item={items[virtual.index]!}
            index={virtual.index}
            measure={virtualizer.measureElement}
            offset={virtual.start}
          />
        ))}
      </ol>
    </div>
  )
}

function TimelineRow({ item, index, measure, offset }: { item: TimelineItem; index: number; measure: (node: Element | null) => void; offset: number }) {
  const kind = kindLabels[item.kind]
  return (
    <li
      ref={measure}
      data-index={index}
      className={`timeline-item timeline-${item.kind}`}
      data-testid="timeline-entry"
      data-kind={item.kind}
      style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${offset}px)` }}
    >
      <span className={`timeline-dot tone-${kind.tone}`} aria-hidden="true" />
      <div className="timeline-body">
        <div className="timeline-meta">
          <span className="timeline-kind">{kind.label}</span>
          <span>
            {actorLabels[item.actor]}
            {item.by ? ` (${item.by})` : ''}
          </span>
          <time dateTime={item.at}>{formatInstant(item.at)}</time>
        </div>
        <div className="timeline-text">{item.text}</div>
      </div>
    </li>
  )
}
