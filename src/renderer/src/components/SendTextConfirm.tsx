/**
 * The last step before a text goes to a customer: who gets it and the exact words, which staff
 * may still edit. Nothing is sent until "Send text" (or Ctrl/⌘+Enter); Esc or Cancel keeps it
 * unsent. Presentational: the caller decides where the text is queued.
 */
import { useEffect, useId, useRef, useState } from 'react'

/** Longest staff text the console queues (the Inbox's limit too). */
export const maxStaffTextLength = 1000

interface SendTextConfirmProps {
  /** Who receives it, as staff know them ("Maria Lopez"). */
  recipientName: string
  /** Their number in the console's one format ("(408) 555-0199"). */
  recipientPhone: string
  /** The exact text that will be sent unless edited. */
  text: string
  onSend(text: string): Promise<void>
  onCancel(): void
}

export function SendTextConfirm({ recipientName, recipientPhone, text, onSend, onCancel }: SendTextConfirmProps) {
  const [draft, setDraft] = useState(text)
  const [sending, setSending] = useState(false)
  const box = useRef<HTMLTextAreaElement>(null)
  const boxId = useId()
  const trimmed = draft.trim()
  const problem = trimmed === '' ? 'Write the message first.' : trimmed.length > maxStaffTextLength ? `Keep it under ${maxStaffTextLength} characters.` : null
  const to = recipientName === recipientPhone ? recipientPhone : `${recipientName} · ${recipientPhone}`

  useEffect(() => {
    box.current?.focus()
    box.current?.setSelectionRange(box.current.value.length, box.current.value.length)
  }, [])

  async function send() {
    if (problem || sending) return
    setSending(true)
    try {
      await onSend(trimmed)
    } finally {
      setSending(false)
    }
  }

  return (
    <div
      className="send-text-confirm"
      role="group"
      aria-label="Confirm text message"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault()
          event.stopPropagation()
          onCancel()
        } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault()
          void send()
        }
      }}
    >
      <label htmlFor={boxId}>
        Text to <strong data-testid="send-text-recipient">{to}</strong> — exactly this will be sent:
      </label>
      <textarea id={boxId} ref={box} rows={4} value={draft} maxLength={maxStaffTextLength + 200} onChange={(event) => setDraft(event.target.value)} data-testid="send-text-body" />
      <div className="reply-actions">
        <span className={`hint${problem && trimmed !== '' ? ' error' : ''}`}>
          {problem && trimmed !== '' ? problem : `${trimmed.length}/${maxStaffTextLength}`}
          {draft !== text && ' · edited'}
        </span>
        <div className="row-actions">
          <button type="button" className="primary" disabled={problem !== null || sending} onClick={() => void send()}>
            {sending ? 'Sending…' : 'Send text'}
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </div>
      <p className="hint">
        <kbd>Ctrl</kbd>+<kbd>Enter</kbd> sends · <kbd>Esc</kbd> cancels · the relay sends it and the Inbox shows whether it arrived
      </p>
    </div>
  )
}
