import { useState } from 'react'
import { formatPhoneNumber } from '../../../../domain/phone-number'
import type { Call, Conversation, Customer, Suggestion } from '../../../../domain/schemas'
import { UndoToast } from '../../components/UndoToast'
import { useLiveQuery } from '../../db/use-live-query'
import { useBookingDraftStore } from '../../stores/booking-draft-store'
import { useSyncStore } from '../../stores/sync-store'
import { copyText } from './clipboard'
import {
  formatQuote,
  queueTextToCaller,
  quotedCents,
  smsBlockedReason,
  suggestionKindLabels,
  visibleSuggestions,
} from './live-model'
import { useLiveShortcut } from './use-live-shortcut'

interface SuggestionCardsProps {
  call: Call
  customer: Customer | null
}

/** What the AI suggests saying or doing next, newest first, each one click from use. */
export function SuggestionCards({ call, customer }: SuggestionCardsProps) {
  const save = useSyncStore((state) => state.save)
  const { documents: suggestions, loading } = useLiveQuery<Suggestion>('suggestions', { selector: { callId: call.id } })
  // The caller's SMS thread, where "Send as SMS" queues its message.
  const { documents: threads } = useLiveQuery<Conversation>('conversations', {
    selector: { customerPhone: call.fromNumber ?? '' },
  })
  const [notice, setNotice] = useState<{ id: string; text: string } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [dismissed, setDismissed] = useState<{ suggestion: Suggestion; previous: Suggestion['status'] } | null>(null)
  const visible = visibleSuggestions(suggestions)

  async function copy(suggestion: Suggestion) {
    const copied = await copyText(suggestion.text)
    setNotice(
      copied
        ? { id: suggestion.id, text: 'Copied' }
        : { id: suggestion.id, text: 'Could not copy: select the text and press Ctrl+C' },
    )
  }

  useLiveShortcut('copy', () => {
    if (visible[0]) void copy(visible[0])
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
  threads: Conversation[]
  notice: string | null
  onCopy(): void
  onSent(notice: string): void
  onError(message: string | null): void
  onDismiss(): void
}

function SuggestionCard({ suggestion, call, customer, threads, notice, onCopy, onSent, onError, onDismiss }: SuggestionCardProps) {
  const save = useSyncStore((state) => state.save)
  const openDraft = useBookingDraftStore((state) => state.open)
  const [confirming, setConfirming] = useState(false)
  const amount = quotedCents(suggestion)
  const smsBlocked = smsBlockedReason(call.fromNumber, customer)
  const draftBlocked = suggestion.bookingDraft ? null : 'No booking details were gathered for this suggestion.'
  const callerLabel = customer?.name ?? (call.fromNumber ? formatPhoneNumber(call.fromNumber) : 'the caller')
  const reasonId = `suggestion-${suggestion.id}-reasons`

  async function sendAsText() {
    if (smsBlocked || !call.fromNumber) return
    onError(null)
    const now = new Date().toISOString()
    const thread = queueTextToCaller(
      threads,
      { phone: call.fromNumber, customerId: customer?.id ?? call.customerId },
      { id: `st-${crypto.randomUUID()}`, text: suggestion.text, at: now },
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
        customerName: suggestion.bookingDraft.customerName ?? customer?.name ?? null,
        customerPhone: suggestion.bookingDraft.customerPhone ?? call.fromNumber,
      },
      suggestionId: suggestion.id,
      origin: `Call from ${callerLabel}`,
    })
  }

  return (
    <li
      className={`live-suggestion kind-${suggestion.kind}${suggestion.status === 'used' ? ' used' : ''}`}
      data-testid={`suggestion-${suggestion.id}`}
      data-kind={suggestion.kind}
      data-status={suggestion.status}
      aria-label={`${suggestionKindLabels[suggestion.kind]}: ${suggestion.title}`}
    >
      <div className="live-suggestion-head">
        <span className="badge">{suggestionKindLabels[suggestion.kind]}</span>
        <strong>{suggestion.title}</strong>
        {suggestion.status === 'used' && <span className="badge used-badge">Used</span>}
      </div>
      {amount !== null && (
        <div className="quote-amount" data-testid="quote-amount">
          {formatQuote(amount)}
        </div>
      )}
      <p className="live-suggestion-text">{suggestion.text}</p>
      {confirming ? (
        <div className="confirm" role="group" aria-label="Confirm text message">
          <span>
            Text this to {callerLabel}
            {call.fromNumber && customer?.name ? ` (${formatPhoneNumber(call.fromNumber)})` : ''}?
          </span>
          <div className="row-actions">
            <button type="button" className="primary" onClick={() => void sendAsText()}>
              Send text
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="live-suggestion-actions">
          <button type="button" onClick={onCopy}>
            Copy
          </button>
          <button
            type="button"
            disabled={smsBlocked !== null}
            aria-describedby={smsBlocked ? reasonId : undefined}
            onClick={() => setConfirming(true)}
          >
            Send as SMS
          </button>
          <button
            type="button"
            disabled={draftBlocked !== null}
            aria-describedby={draftBlocked ? reasonId : undefined}
            onClick={createBookingDraft}
          >
            Create booking draft
          </button>
          <button type="button" className="link-button" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      )}
      {(smsBlocked || draftBlocked) && (
        <ul className="live-suggestion-reasons hint" id={reasonId}>
          {smsBlocked && <li>Send as SMS: {smsBlocked}</li>}
          {draftBlocked && <li>Create booking draft: {draftBlocked}</li>}
        </ul>
      )}
      {notice && (
        <p className="live-suggestion-notice" role="status">
          {notice}
        </p>
      )}
    </li>
  )
}
