import { useEffect, useRef, useState } from 'react'
import type { Call } from '../../../../domain/schemas'
import { useSyncStore } from '../../stores/sync-store'
import { useLiveShortcut } from './use-live-shortcut'

/** Typing pauses this long before notes are saved: one write per pause, not per key. */
const notesSaveDelayMs = 700
const maxNotesLength = 10_000
const maxSummaryLength = 5_000

type SaveState = 'saved' | 'unsaved' | 'saving' | 'failed'
const saveStateLabels: Record<SaveState, string> = {
  saved: 'Saved',
  unsaved: 'Unsaved changes…',
  saving: 'Saving…',
  failed: 'Not saved',
}

/** Staff's notes on the call, saved as they type (debounced) and synced like any edit. */
export function CallNotes({ call }: { call: Call }) {
  const save = useSyncStore((state) => state.save)
  const [text, setText] = useState(call.notes ?? '')
  const [state, setState] = useState<SaveState>('saved')
  const [error, setError] = useState<string | null>(null)
  const box = useRef<HTMLTextAreaElement>(null)
  const latestCall = useRef(call)
  latestCall.current = call
  const unsaved = useRef<string | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)

  useLiveShortcut('notes', () => box.current?.focus())

  // Notes edited on another console show up here, unless this one is mid-edit.
  useEffect(() => {
    if (unsaved.current === null) setText(call.notes ?? '')
  }, [call.notes])

  async function flush() {
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
    const notes = unsaved.current
    if (notes === null) return
    unsaved.current = null
    setState('saving')
    try {
      await save('calls', { ...latestCall.current, notes })
      setError(null)
      setState(unsaved.current === null ? 'saved' : 'unsaved')
    } catch (cause) {
      // Keep the text so nothing typed is lost; the next keystroke or blur retries.
      unsaved.current ??= notes
      setError((cause as Error).message)
      setState('failed')
    }
  }

  // Leaving the call (or the view) saves what was typed rather than dropping it.
  const flushOnLeave = useRef(flush)
  flushOnLeave.current = flush
  useEffect(() => () => void flushOnLeave.current(), [])

  return (
    <section className="live-notes" aria-labelledby="live-notes-title">
      <header className="live-section-header">
        <h3 id="live-notes-title">
          <label htmlFor="live-call-notes">Notes</label>
        </h3>
        <span className={`save-state save-${state}`} role="status" data-testid="notes-state">
          {saveStateLabels[state]}
        </span>
      </header>
      <textarea
        id="live-call-notes"
        ref={box}
        rows={5}
        maxLength={maxNotesLength}
        value={text}
        placeholder="What the caller needs, what you promised — saved as you type (n)"
        onChange={(event) => {
          setText(event.target.value)
          unsaved.current = event.target.value
          setState('unsaved')
          if (timer.current) clearTimeout(timer.current)
          timer.current = setTimeout(() => void flush(), notesSaveDelayMs)
        }}
        onBlur={() => void flush()}
      />
      {error && (
        <p className="error" role="alert">
          Notes could not be saved: {error}. Your text is kept here; keep typing or click elsewhere to retry.
        </p>
      )}
    </section>
  )
}

/** Once the call is over: the AI's summary as a starting point, edited by staff and saved on the call. */
export function AfterCallSummary({ call }: { call: Call }) {
  const save = useSyncStore((state) => state.save)
  const [text, setText] = useState(call.afterCallSummary ?? call.summary)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const saved = call.afterCallSummary !== null && call.afterCallSummary !== undefined && call.afterCallSummary === text.trim()

  async function submit() {
    const summary = text.trim()
    if (summary.length === 0) {
      setError('Write a summary first, or keep the AI’s draft.')
      return
    }
    setPending(true)
    setError(null)
    try {
      await save('calls', { ...call, afterCallSummary: summary })
    } catch (cause) {
      setError(`The summary could not be saved: ${(cause as Error).message}`)
    } finally {
      setPending(false)
    }
  }

  return (
    <section className="live-after-call" aria-labelledby="live-after-call-title">
      <header className="live-section-header">
        <h3 id="live-after-call-title">
          <label htmlFor="live-after-call-summary">After-call summary</label>
        </h3>
        <span className="save-state" role="status" data-testid="summary-state">
          {saved ? 'Saved on the call' : call.afterCallSummary || !call.summary ? 'Not saved yet' : 'Draft from the AI — not saved yet'}
        </span>
      </header>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <textarea
          id="live-after-call-summary"
          rows={4}
          maxLength={maxSummaryLength}
          value={text}
          placeholder="What happened on the call and what comes next"
          onChange={(event) => setText(event.target.value)}
        />
        <div className="reply-actions">
          <button type="submit" className="primary" disabled={pending || saved}>
            {pending ? 'Saving…' : 'Save summary'}
          </button>
        </div>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}
