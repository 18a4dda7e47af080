import { useMemo, useState } from 'react'
import { bookingFromSuggestion } from '../../../../domain/bookings/duplicate-bookings'
import { customerTextFor, isStaffInstruction, type SuggestionText } from '../../../../domain/conversations/suggestion-text'
import type { Booking, Call, Conversation, Customer, Suggestion } from '../../../../domain/schemas'
import { SendTextConfirm } from '../../components/SendTextConfirm'
import { UndoToast } from '../../components/UndoToast'
import { useLiveQuery } from '../../db/use-live-query'
import { useBookingDraftStore } from '../../stores/booking-draft-store'
import { useNavigationStore } from '../../stores/navigation-store'
import { useSyncStore } from '../../stores/sync-store'
import { useBookingsViewStore } from '../bookings/bookings-store'
import { useCustomerTextSettings } from '../bookings/use-business'
import { copyText } from './clipboard'
import {
  formatQuote,
  queueTextToCaller,
  quotedCents,
  smsBlockedReason,
  suggestionKindLabels,
  visibleSuggestions,
  type CallerIdentity,
} from './live-model'
import { useLiveShortcut } from './use-live-shortcut'

interface SuggestionCardsProps {
  call: Call
  customer: Customer | null
  /** Who is calling, as the header shows them: the recipient of a text, the name in a quote. */
  caller: CallerIdentity
}

/**
 * What the AI suggests saying or doing next, newest first, each one click from use. Only
 * customer text can be copied or texted (a quote through the owner's quote template); a next
 * step is an instruction for staff and is marked so. Every text shows its exact words first.
 */
export function SuggestionCards({ call, customer, caller }: SuggestionCardsProps) {
  const save = useSyncStore((state) => state.save)
  const settings = useCustomerTextSettings()
  const { documents: suggestions, loading } = useLiveQuery<Suggestion>('suggestions', { selector: { callId: call.id } })
  // The caller's SMS thread, where "Send as SMS" queues its message.
  const { documents: threads } = useLiveQuery<Conversation>('conversations', {
    selector: { customerPhone: call.fromNumber ?? '' },
  })
  const [notice, setNotice] = useState<{ id: string; text: string } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [dismissed, setDismissed] = useState<{ suggestion: Suggestion; previous: Suggestion['status'] } | null>(null)
  const visible = visibleSuggestions(suggestions)
  // The bookings these cards already became: a card makes at most one.
  const { documents: madeBookings } = useLiveQuery<Booking>('bookings', { selector: { sourceSuggestionId: { $in: visible.map((each) => each.id) } } })
  // A quote greets the customer by the name staff know them by, never by a caller-ID label.
  const customerName = caller.nameSource === 'customer' || caller.nameSource === 'booking' ? caller.name : null
  const texts = useMemo(
    () => new Map(visible.map((suggestion) => [suggestion.id, customerTextFor(suggestion, { settings, customerName })])),
    [visible, settings, customerName],
  )

  async function copy(suggestion: Suggestion) {
    const text = texts.get(suggestion.id)
    if (text?.audience !== 'customer') return
    const copied = await copyText(text.text)
    setNotice(
      copied
        ? { id: suggestion.id, text: suggestion.kind === 'quote' ? 'Copied the text for the customer' : 'Copied' }
        : { id: suggestion.id, text: 'Could not copy: select the text and press Ctrl+C' },
    )
  }

  // "c" copies the newest card written for the customer; staff instructions are never copied as one.
  useLiveShortcut('copy', () => {
    const newest = visible.find((suggestion) => texts.get(suggestion.id)?.audience === 'customer')
    if (newest) void copy(newest)
  })

  async function setStatus(suggestion: Suggestion, status: Suggestion['status']) {
    setError(null)
    try {
      await save('suggestions', { ...suggestion, status })
      return true
    } catch (cause) {
      setError(`The suggestion could not be updated: ${(cause as Error).message}`)
      return false
    }
  }

  async function dismiss(suggestion: Suggestion) {
    if (await setStatus(suggestion, 'dismissed')) setDismissed({ suggestion, previous: suggestion.status })
  }

  return (
    <section className="live-suggestions" aria-labelledby="live-suggestions-title">
      <header className="live-section-header">
        <h3 id="live-suggestions-title">Suggestions</h3>
      </header>
      {!loading && visible.length === 0 && (
        <p className="hint">The AI’s suggested answers — quotes, answers to questions, next steps — appear here during the call.</p>
      )}
      <ul className="live-suggestion-list" aria-label="Suggestions">
        {visible.map((suggestion) => (
          <SuggestionCard
            key={suggestion.id}
            suggestion={suggestion}
            call={call}
            customer={customer}
            caller={caller}
            customerText={texts.get(suggestion.id)!}
            booking={bookingFromSuggestion(madeBookings, suggestion.id)}
            threads={threads}
            notice={notice?.id === suggestion.id ? notice.text : null}
            onCopy={() => void copy(suggestion)}
            onSent={(text) => setNotice({ id: suggestion.id, text })}
            onError={setError}
            onDismiss={() => void dismiss(suggestion)}
          />
        ))}
      </ul>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {dismissed && (
        <UndoToast
          message={`Dismissed “${dismissed.suggestion.title}”.`}
          onUndo={() => {
            void setStatus(dismissed.suggestion, dismissed.previous)
            setDismissed(null)
          }}
          onExpire={() => setDismissed(null)}
        />
      )}
    </section>
  )
}

interface SuggestionCardProps extends SuggestionCardsProps {
  suggestion: Suggestion
  customerText: SuggestionText
  /** The booking this card already became, if any. */
  booking: Booking | null
  threads: Conversation[]
  notice: string | null
  onCopy(): void
  onSent(notice: string): void
  onError(message: string | null): void
  onDismiss(): void
}

function SuggestionCard({ suggestion, call, customer, caller, customerText, booking, threads, notice, onCopy, onSent, onError, onDismiss }: SuggestionCardProps) {
  const save = useSyncStore((state) => state.save)
  const openDraft = useBookingDraftStore((state) => state.open)
  const showView = useNavigationStore((state) => state.show)
  const selectBooking = useBookingsViewStore((state) => state.select)
  const [confirming, setConfirming] = useState(false)
  const amount = quotedCents(suggestion)
  const forStaff = isStaffInstruction(suggestion)
  const notCustomerText = customerText.audience === 'staff' ? customerText.reason : null
  const smsBlocked = notCustomerText ?? smsBlockedReason(call.fromNumber, customer)
  const draftBlocked = suggestion.bookingDraft ? null : 'No booking details were gathered for this suggestion.'
  const reasonId = `suggestion-${suggestion.id}-reasons`

  async function sendAsText(text: string) {
    if (smsBlocked || !call.fromNumber) return
    onError(null)
    const now = new Date().toISOString()
    const thread = queueTextToCaller(
      threads,
      { phone: call.fromNumber, customerId: customer?.id ?? call.customerId },
      { id: `st-${crypto.randomUUID()}`, text, at: now },
    )
    try {
      await save('conversations', thread)
      await save('suggestions', { ...suggestion, status: 'used' })
      setConfirming(false)
      onSent('Text queued — the relay sends it')
    } catch (cause) {
      onError(`The text could not be queued: ${(cause as Error).message}`)
    }
  }

  function createBookingDraft() {
    if (!suggestion.bookingDraft) return
    openDraft({
      draft: {
        ...suggestion.bookingDraft,
        customerName: suggestion.bookingDraft.customerName ?? (caller.nameSource === 'customer' || caller.nameSource === 'booking' ? caller.name : null),
        customerPhone: suggestion.bookingDraft.customerPhone ?? call.fromNumber,
      },
      suggestionId: suggestion.id,
      origin: `Call from ${caller.name}`,
    })
  }

  function openBooking(made: Booking) {
    selectBooking(made.id, made.eventDate)
    showView('bookings')
  }

  return (
    <li
      className={`live-suggestion kind-${suggestion.kind}${suggestion.status === 'used' ? ' used' : ''}${forStaff ? ' for-staff' : ''}`}
      data-testid={`suggestion-${suggestion.id}`}
      data-kind={suggestion.kind}
      data-status={suggestion.status}
      data-audience={customerText.audience}
      aria-label={`${suggestionKindLabels[suggestion.kind]}: ${suggestion.title}`}
    >
      <div className="live-suggestion-head">
        <span className="badge">{suggestionKindLabels[suggestion.kind]}</span>
        <strong>{suggestion.title}</strong>
        {forStaff && <span className="badge staff-badge">For staff</span>}
        {suggestion.status === 'used' && <span className="badge used-badge">{booking ? 'Booked' : 'Used'}</span>}
      </div>
      {amount !== null && (
        <div className="quote-amount" data-testid="quote-amount">
          {formatQuote(amount)}
        </div>
      )}
      <p className="live-suggestion-text">{suggestion.text}</p>
      {confirming && customerText.audience === 'customer' && caller.phone ? (
        <SendTextConfirm
          recipientName={caller.name}
          recipientPhone={caller.phone}
          text={customerText.text}
          onSend={sendAsText}
          onCancel={() => setConfirming(false)}
        />
      ) : (
        <div className="live-suggestion-actions">
          {!forStaff && (
            <>
              <button type="button" disabled={notCustomerText !== null} aria-describedby={notCustomerText ? reasonId : undefined} onClick={onCopy}>
                Copy
              </button>
              <button
                type="button"
                disabled={smsBlocked !== null}
                aria-describedby={smsBlocked ? reasonId : undefined}
                onClick={() => setConfirming(true)}
              >
                Send as SMS…
              </button>
            </>
          )}
          {booking ? (
            <button type="button" className="primary" onClick={() => openBooking(booking)} data-testid="open-booking">
              Open booking
            </button>
          ) : (
            <button
              type="button"
              disabled={draftBlocked !== null}
              aria-describedby={draftBlocked ? reasonId : undefined}
              onClick={createBookingDraft}
            >
              Create booking draft
            </button>
          )}
          <button type="button" className="link-button" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      )}
      {forStaff ? (
        <p className="live-suggestion-reasons hint" id={reasonId}>
          An instruction for you, not a message for the customer: it cannot be texted or copied as one.
        </p>
      ) : (
        (smsBlocked || (draftBlocked && !booking)) && (
          <ul className="live-suggestion-reasons hint" id={reasonId}>
            {notCustomerText ? <li>Copy and Send as SMS: {notCustomerText}</li> : smsBlocked && <li>Send as SMS: {smsBlocked}</li>}
            {draftBlocked && !booking && <li>Create booking draft: {draftBlocked}</li>}
          </ul>
        )
      )}
      {notice && (
        <p className="live-suggestion-notice" role="status">
          {notice}
        </p>
      )}
    </li>
  )
}
