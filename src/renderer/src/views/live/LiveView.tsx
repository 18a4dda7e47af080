import { formatCents } from '../../../../domain/money'
import { formatPhoneNumber } from '../../../../domain/phone-number'
import type { Booking, Call, TranscriptSegment } from '../../../../domain/schemas'
import { views } from '../../app/views'
import { EmptyState } from '../../components/EmptyState'
import { ViewFrame } from '../../components/ViewFrame'
import { useLiveQuery } from '../../db/use-live-query'
import { useSyncStore } from '../../stores/sync-store'

const statusLabels: Record<Call['status'], string> = {
  ringing: 'Ringing',
  answered: 'On the line',
  on_hold: 'On hold',
  voicemail: 'Voicemail',
  ended: 'Ended',
}

/** Calls now and today's recent ones, each with who is calling and what they have booked. */
export function LiveView() {
  const paired = useSyncStore((state) => state.sync?.paired ?? false)
  const { documents: calls } = useLiveQuery<Call>('calls')
  const { documents: bookings } = useLiveQuery<Booking>('bookings')
  const sorted = [...calls].sort((a, b) => b.startedAt.localeCompare(a.startedAt))
  const active = sorted.filter((call) => call.status !== 'ended' && call.status !== 'voicemail')
  const recent = sorted.filter((call) => !active.includes(call)).slice(0, 20)

  if (!paired || calls.length === 0) {
    return (
      <ViewFrame view={views.live}>
        <EmptyState title={views.live.emptyTitle}>
          {paired ? views.live.emptyBody : 'Pair this console in Settings to see calls as they come in.'}
        </EmptyState>
      </ViewFrame>
    )
  }

  return (
    <ViewFrame view={views.live}>
      <section aria-labelledby="active-calls">
        <h2 id="active-calls">Now</h2>
        {active.length === 0 ? <p className="hint">No one is on the phone right now.</p> : null}
        <ul className="call-list">
          {active.map((call) => (
            <CallCard key={call.id} call={call} bookings={bookings} />
          ))}
        </ul>
      </section>
      {recent.length > 0 && (
        <section aria-labelledby="recent-calls">
          <h2 id="recent-calls">Recent</h2>
          <ul className="call-list">
            {recent.map((call) => (
              <CallCard key={call.id} call={call} bookings={bookings} />
            ))}
          </ul>
        </section>
      )}
    </ViewFrame>
  )
}

function CallCard({ call, bookings }: { call: Call; bookings: Booking[] }) {
  const theirs = bookings.filter((booking) => booking.customerPhone !== null && booking.customerPhone === call.fromNumber)
  const { documents: segments } = useLiveQuery<TranscriptSegment>('transcriptSegments', { selector: { callId: call.id } })
  const transcript = [...segments].sort((a, b) => a.startMs - b.startMs)
  return (
    <li className="call-card" data-testid={`call-${call.id}`} data-status={call.status}>
      <header>
        <strong>{theirs[0]?.customerName ?? (call.fromNumber ? formatPhoneNumber(call.fromNumber) : 'Unknown caller')}</strong>
        <span className={`badge status-${call.status}`}>{statusLabels[call.status]}</span>
        {call.escalated && <span className="badge escalated">Asked for a person</span>}
        <time dateTime={call.startedAt}>{new Date(call.startedAt).toLocaleTimeString()}</time>
      </header>
      {call.fromNumber && theirs.length > 0 && <p className="hint">{formatPhoneNumber(call.fromNumber)}</p>}
      {theirs.map((booking) => (
        <p key={booking.id} className="call-booking">
          Party of {booking.adults + booking.kids} on {booking.eventDate} — {formatCents(booking.paidCents)} paid of{' '}
          {formatCents(booking.totalCents)} ({booking.status.replace(/_/g, ' ')})
        </p>
      ))}
      {call.summary && <p>{call.summary}</p>}
      {call.escalationReason && <p className="hint">Escalated: {call.escalationReason}</p>}
      {transcript.length > 0 && (
        <ol className="transcript" aria-label="Transcript">
          {transcript.map((segment) => (
            <li key={segment.id} className={segment.isFinal ? '' : 'interim'}>
              <span className="speaker">{segment.speaker}</span> {segment.text}
            </li>
          ))}
        </ol>
      )}
    </li>
  )
}
