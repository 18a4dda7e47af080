/**
 * An agent suggestion in a text thread, with the same actions as in Live: Copy and Send for what
 * is written for the customer (the exact text shown first), Edit to put it in the reply box, and
 * none for an instruction to staff, which is marked so.
 */
import { useMemo, useState } from 'react'
import { queueStaffReply } from '../../../../domain/conversations/inbox-model'
import { customerTextFor, isStaffInstruction } from '../../../../domain/conversations/suggestion-text'
import type { Conversation, Suggestion } from '../../../../domain/schemas'
import { formatPhoneNumber } from '../../../../domain/phone-number'
import { SendTextConfirm } from '../../components/SendTextConfirm'
import { useSyncStore } from '../../stores/sync-store'
import { useCustomerTextSettings } from '../bookings/use-business'
import { copyText } from '../live/clipboard'
import { suggestionKindLabels } from '../live/live-model'

interface InboxSuggestionCardProps {
  suggestion: Suggestion
  thread: Conversation
  /** Who receives a text, as the thread's header shows them. */
  recipientName: string
  /** The customer's name from their record, for a quote's greeting. */
  customerName: string | null
  optedOut: boolean
  onEdit(text: string): void
}

export function InboxSuggestionCard({ suggestion, thread, recipientName, customerName, optedOut, onEdit }: InboxSuggestionCardProps) {
  const save = useSyncStore((state) => state.save)
  const settings = useCustomerTextSettings()
  const customerText = useMemo(() => customerTextFor(suggestion, { settings, customerName }), [suggestion, settings, customerName])
  const [confirming, setConfirming] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)
  const forStaff = isStaffInstruction(suggestion)
  const blocked = customerText.audience === 'staff' ? customerText.reason : optedOut ? 'The customer opted out of texts.' : null
  const reasonId = `inbox-suggestion-${suggestion.id}-reason`

  async function copy() {
    if (customerText.audience !== 'customer') return
    setNotice((await copyText(customerText.text)) ? 'Copied' : 'Could not copy: select the text and press Ctrl+C')
  }

  async function send(text: string) {
    try {
      await save('conversations', queueStaffReply(thread, `st-${crypto.randomUUID()}`, text, new Date().toISOString()))
      await save('suggestions', { ...suggestion, status: 'used' })
      setConfirming(false)
      setNotice('Text queued — the relay sends it')
    } catch (cause) {
      setNotice(`The text could not be queued: ${(cause as Error).message}`)
    }
  }

  return (
    <li
      className={`suggestion-card${forStaff ? ' for-staff' : ''}`}
      data-testid={`inbox-suggestion-${suggestion.id}`}
      data-audience={customerText.audience}
      aria-label={`${suggestionKindLabels[suggestion.kind]}: ${suggestion.title}`}
    >
      <div className="live-suggestion-head">
        <span className="badge">{suggestionKindLabels[suggestion.kind]}</span>
        <strong className="suggestion-title">{suggestion.title}</strong>
        {forStaff && <span className="badge staff-badge">For staff</span>}
      </div>
      <p className="suggestion-text">{suggestion.text}</p>
      {confirming && customerText.audience === 'customer' ? (
        <SendTextConfirm
          recipientName={recipientName}
          recipientPhone={formatPhoneNumber(thread.customerPhone)}
          text={customerText.text}
          onSend={send}
          onCancel={() => setConfirming(false)}
        />
      ) : forStaff ? (
        <p className="hint" id={reasonId}>
          An instruction for you, not a message for the customer: it cannot be texted or copied as one.
        </p>
      ) : (
        <div className="live-suggestion-actions">
          <button type="button" disabled={customerText.audience !== 'customer'} aria-describedby={blocked ? reasonId : undefined} onClick={() => void copy()}>
            Copy
          </button>
          <button type="button" disabled={blocked !== null} aria-describedby={blocked ? reasonId : undefined} onClick={() => setConfirming(true)}>
            Send…
          </button>
          <button type="button" className="link-button" disabled={blocked !== null} onClick={() => customerText.audience === 'customer' && onEdit(customerText.text)}>
            Edit in reply
          </button>
          {blocked && (
            <span className="hint" id={reasonId}>
              {blocked}
            </span>
          )}
        </div>
      )}
      {notice && (
        <p className="live-suggestion-notice" role="status">
          {notice}
        </p>
      )}
    </li>
  )
}
