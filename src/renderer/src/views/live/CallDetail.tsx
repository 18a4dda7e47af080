import type { Booking, Call, Customer, Extension } from '../../../../domain/schemas'
import { CustomerRecordButton } from '../../components/CustomerDialog'
import { AfterCallSummary, CallNotes } from './CallNotes'
import { CallerBookings } from './CallerBookings'
import { callStatusLabels, isFinishedCall, routingOutcomeLabels, type CallerIdentity } from './live-model'
import { SuggestionCards } from './SuggestionCards'
import { Transcript } from './Transcript'
import { TransferPanel } from './TransferPanel'

interface CallDetailProps {
  call: Call
  customer: Customer | null
  caller: CallerIdentity
  bookings: Booking[]
  extensions: Extension[]
}

/** Everything about one call: who, why it reached a person, what is being said, what to do. */
export function CallDetail({ call, customer, caller, bookings, extensions }: CallDetailProps) {
  const routedTo = extensions.find((extension) => extension.id === call.assignedExtensionId) ?? null
  return (
    <article className="live-call" aria-labelledby="live-call-title" data-testid="live-call" data-call-id={call.id}>
      <header className="live-call-header">
        <div className="live-call-who">
          <h2 id="live-call-title">{caller.name}</h2>
          {caller.phone && caller.name !== caller.phone && (
            <span className="hint" data-testid="caller-phone">
              {caller.phone}
            </span>
          )}
          {caller.note && (
            <span className="hint" data-testid="caller-note">
              {caller.note}
            </span>
          )}
          {call.fromNumber && caller.nameSource !== 'customer' && (
            <CustomerRecordButton
              phone={call.fromNumber}
              existing={customer}
              suggestedName={caller.nameSource === 'booking' ? caller.name : ''}
            />
          )}
        </div>
        <span className={`badge status-${call.status}`} data-testid="call-status">
          {callStatusLabels[call.status]}
        </span>
        <time className="hint" dateTime={call.startedAt}>
          {new Date(call.startedAt).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' })}
        </time>
      </header>

      {call.escalated && (
        <div className="escalation-notice live-escalation" role="note" data-testid="escalation">
          <strong>Handed to a person</strong>
          {call.escalationReason && <div>Why: {call.escalationReason}</div>}
          {(routedTo || call.routingOutcome) && (
            <div>
              {routedTo ? `Routed to ${routedTo.employeeName} (ext. ${routedTo.extensionNumber})` : 'Routing'}
              {call.routingOutcome ? ` — ${routingOutcomeLabels[call.routingOutcome]}` : ''}
            </div>
          )}
        </div>
      )}

      <div className="live-call-columns">
        <div className="live-call-main">
          {call.summary && (
            <section className="live-summary" aria-labelledby="live-summary-title">
              <h3 id="live-summary-title">What the AI understood</h3>
              <p data-testid="ai-summary">{call.summary}</p>
            </section>
          )}
          <Transcript call={call} />
          {isFinishedCall(call) && <AfterCallSummary key={`summary-${call.id}`} call={call} />}
          <CallNotes key={`notes-${call.id}`} call={call} />
        </div>
        <div className="live-call-side">
          <SuggestionCards call={call} customer={customer} caller={caller} />
          {!isFinishedCall(call) && <TransferPanel key={`transfer-${call.id}`} call={call} />}
          <CallerBookings bookings={bookings} />
        </div>
      </div>
    </article>
  )
}
