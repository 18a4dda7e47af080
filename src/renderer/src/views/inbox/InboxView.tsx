import { useEffect, useRef, useState } from 'react'
import {
  approveDraft,
  discardDraft,
  isUnanswered,
  queueStaffReply,
  sortThreads,
  visibleMessages,
} from '../../../../domain/conversations/inbox-model'
import { failureNoticeIdFor } from '../../../../domain/conversations/thread-work'
import { openFollowUps, type Conversation, type ConversationMessage, type Customer, type NeedsAttention, type Suggestion } from '../../../../domain/schemas'
import { views } from '../../app/views'
import { EmptyState } from '../../components/EmptyState'
import { FollowUpTasks } from '../../components/FollowUpTasks'
import { PairFirst } from '../../components/PairFirst'
import { ViewFrame } from '../../components/ViewFrame'
import { useLiveQuery } from '../../db/use-live-query'
import { useBookingDraftStore } from '../../stores/booking-draft-store'
import { useInboxStore } from '../../stores/inbox-store'
import { useSyncStore } from '../../stores/sync-store'
import { latestCustomerMessage } from '../../../../domain/conversations/inbox-notices'


const authorLabels: Record<ConversationMessage['author'], string> = { customer: 'Customer', agent: 'AI agent', staff: 'Staff' }
const statusLabels: Record<ConversationMessage['status'], string> = {
  received: 'Received',
  draft: 'Draft — waiting for approval',
  queued: 'Queued — the relay sends it',
  sent: 'Sent',
  delivered: 'Delivered',
  failed: 'Not sent',
}

function formatTime(instant: string): string {
  return new Date(instant).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })
}

export function InboxView() {
  const sync = useSyncStore((state) => state.sync)
  const { documents: threads, loading } = useLiveQuery<Conversation>('conversations')
  const { documents: customers } = useLiveQuery<Customer>('customers')
  const { documents: followUpDocuments } = useLiveQuery<Suggestion>('suggestions', { selector: { kind: 'follow_up', status: 'open' } })
  const { selectedId, select, markRead } = useInboxStore()
  const save = useSyncStore((state) => state.save)
  // The thread on screen is read up to its newest customer message (the navigation's unread count).
  const shown = sortThreads(threads).find((thread) => thread.id === selectedId) ?? sortThreads(threads)[0] ?? null
  const shownUpTo = shown ? latestCustomerMessage(shown)?.at ?? null : null
  useEffect(() => {
    if (shown && shownUpTo && sync?.paired) markRead(shown.id, shownUpTo)
  }, [shown?.id, shownUpTo, sync?.paired, markRead])

  if (!sync?.paired) {
    return (
      <PairFirst view={views.inbox}>
        Text conversations are kept on the relay and synced here. Pair this console in Settings to read and answer them.
      </PairFirst>
    )
  }

  const sorted = sortThreads(threads)
  if (!loading && sorted.length === 0) {
    return (
      <ViewFrame view={views.inbox}>
        <EmptyState title={views.inbox.emptyTitle}>{views.inbox.emptyBody}</EmptyState>
      </ViewFrame>
    )
  }
  const optedOutPhones = new Set(customers.filter((c) => c.smsOptOut && c.phone).map((c) => c.phone!))
  const namesByPhone = new Map(customers.filter((c) => c.phone && c.name).map((c) => [c.phone!, c.name]))
  const selected = sorted.find((thread) => thread.id === selectedId) ?? sorted[0] ?? null
  const followUps = openFollowUps(followUpDocuments)
  const threadsWithFollowUps = new Set(followUps.map((task) => task.conversationId).filter((id): id is string => id !== null))

  return (
    <ViewFrame view={views.inbox}>
      <FollowUpTasks
        label="Follow-ups"
        tasks={followUps}
        onOpen={(task) => task.conversationId && select(task.conversationId)}
        onDone={(task) => void save('suggestions', { ...task, status: 'used' })}
      />
      <div className="inbox">
        <ThreadList
          threadsWithFollowUps={threadsWithFollowUps}
          threads={sorted}
          selectedId={selected?.id ?? null}
          onSelect={select}
          optedOutPhones={optedOutPhones}
          namesByPhone={namesByPhone}
        />
        {selected ? (
          <ThreadPane
            key={selected.id}
            thread={selected}
            optedOut={optedOutPhones.has(selected.customerPhone)}
            name={namesByPhone.get(selected.customerPhone) ?? null}
          />
        ) : (
          <EmptyState title="Choose a conversation">Pick a thread on the left to read it and reply.</EmptyState>
        )}
      </div>
    </ViewFrame>
  )
}

interface ThreadListProps {
  threads: Conversation[]
  selectedId: string | null
  onSelect(id: string): void
  optedOutPhones: Set<string>
  namesByPhone: Map<string, string>
  threadsWithFollowUps: Set<string>
}

function ThreadList({ threads, selectedId, onSelect, optedOutPhones, namesByPhone, threadsWithFollowUps }: ThreadListProps) {
  function onKeyDown(event: React.KeyboardEvent) {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return
    event.preventDefault()
    const index = threads.findIndex((thread) => thread.id === selectedId)
    const next = threads[Math.min(threads.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)))]
    if (next) onSelect(next.id)
  }

  return (
    <ul className="thread-list" role="listbox" aria-label="Conversations" tabIndex={0} onKeyDown={onKeyDown}>
      {threads.map((thread) => {
        const last = visibleMessages(thread).at(-1)
        return (
          <li
            key={thread.id}
            role="option"
            aria-selected={thread.id === selectedId}
            className={`thread-item${thread.id === selectedId ? ' selected' : ''}`}
            data-testid={`thread-${thread.id}`}
            onClick={() => onSelect(thread.id)}
          >
            <div className="thread-head">
              <strong>{namesByPhone.get(thread.customerPhone) ?? thread.customerPhone}</strong>
              <span className="thread-time">{formatTime(thread.lastMessageAt)}</span>
            </div>
            <div className="thread-preview">{last?.text ?? ''}</div>
            <div className="thread-badges">
              {isUnanswered(thread) && <span className="badge badge-new">New</span>}
              {thread.needsHuman && <span className="badge badge-human">Needs a person</span>}
              {threadsWithFollowUps.has(thread.id) && <span className="badge badge-follow-up">Follow up</span>}
              {optedOutPhones.has(thread.customerPhone) && <span className="badge badge-optout">Opted out</span>}
            </div>
          </li>
        )
      })}
    </ul>
  )
}

function ThreadPane({ thread, optedOut, name }: { thread: Conversation; optedOut: boolean; name: string | null }) {
  const save = useSyncStore((state) => state.save)
  const { documents: suggestions } = useLiveQuery<Suggestion>('suggestions', { selector: { conversationId: thread.id } })
  const openBookingDraft = useBookingDraftStore((state) => state.open)
  const { documents: notices } = useLiveQuery<NeedsAttention>('needsAttention', { selector: { documentId: thread.id } })
  const [reply, setReply] = useState('')
  const [error, setError] = useState<string | null>(null)
  const replyBox = useRef<HTMLTextAreaElement>(null)
  const messagesEnd = useRef<HTMLLIElement>(null)
  const messages = visibleMessages(thread)

  useEffect(() => {
    messagesEnd.current?.scrollIntoView?.({ block: 'end' })
  }, [messages.length])

  const failureReasons = new Map(notices.map((notice) => [notice.id, notice.title]))
  const escalations = suggestions.filter((s) => s.id.startsWith('esc-'))
  const cards = suggestions.filter((s) => !s.id.startsWith('esc-') && s.kind !== 'follow_up' && s.status === 'open')
  const optedOutReason = 'This customer opted out of texts (replied STOP). Nothing can be sent until they text START.'

  async function write(next: Conversation) {
    setError(null)
    try {
      await save('conversations', next)
      return true
    } catch (cause) {
      setError(`The reply could not be saved: ${(cause as Error).message}`)
      return false
    }
  }

  async function sendReply() {
    const text = reply.trim()
    if (optedOut || text.length === 0) return
    if (text.length > 1000) {
      setError(`Texts may have at most 1000 characters; this one has ${text.length}.`)
      return
    }
    if (await write(queueStaffReply(thread, `st-${crypto.randomUUID()}`, text, new Date().toISOString()))) setReply('')
  }

  return (
    <section className="thread-pane" aria-label={`Conversation with ${name ?? thread.customerPhone}`}>
      <header className="thread-pane-header">
        <h2>{name ?? thread.customerPhone}</h2>
        {name && <span className="hint">{thread.customerPhone}</span>}
        {thread.needsHuman && (
          <button type="button" className="link-button" onClick={() => void write({ ...thread, needsHuman: false })}>
            Mark handled
          </button>
        )}
      </header>
      {escalations.map((escalation) => (
        <div key={escalation.id} className="escalation-notice" role="note">
          <strong>{escalation.title}</strong>
          <div>{escalation.text}</div>
        </div>
      ))}
      <ol className="messages" aria-label="Messages">
        {messages.map((message) => (
          <MessageItem
            key={message.id}
            message={message}
            optedOut={optedOut}
            failureReason={failureReasons.get(failureNoticeIdFor(message.id)) ?? null}
            onApprove={(text) => void write(approveDraft(thread, message.id, text, new Date().toISOString()))}
            onDiscard={() => void write(discardDraft(thread, message.id))}
          />
        ))}
        <li ref={messagesEnd} aria-hidden="true" />
      </ol>
      {cards.length > 0 && (
        <div className="suggestion-cards" aria-label="Suggestions">
          {cards.map((card) => (
            <button
              key={card.id}
              type="button"
              className="suggestion-card"
              disabled={optedOut}
              onClick={() => {
                setReply(card.text)
                replyBox.current?.focus()
              }}
            >
              <span className="suggestion-title">{card.title}</span>
              <span className="suggestion-text">{card.text}</span>
            </button>
          ))}
        </div>
      )}
      {cards.some((card) => card.bookingDraft) && (
        <div className="booking-draft-actions" aria-label="Booking drafts">
          {cards
            .filter((card) => card.bookingDraft)
            .map((card) => (
              <button
                key={card.id}
                type="button"
                data-testid={`create-booking-${card.id}`}
                onClick={() => openBookingDraft({ draft: card.bookingDraft!, suggestionId: card.id, origin: `Text thread with ${name ?? thread.customerPhone}` })}
              >
                Create booking{cards.filter((each) => each.bookingDraft).length > 1 ? `: ${card.title}` : ''}
              </button>
            ))}
        </div>
      )}
      {optedOut && (
        <p className="optout-notice" role="status">
          {optedOutReason}
        </p>
      )}
      <form
        className="reply-form"
        aria-label="Reply"
        onSubmit={(event) => {
          event.preventDefault()
          void sendReply()
        }}
      >
        <label htmlFor="inbox-reply" className="visually-hidden">
          Reply to the customer
        </label>
        <textarea
          id="inbox-reply"
          ref={replyBox}
          rows={3}
          value={reply}
          disabled={optedOut}
          placeholder={optedOut ? 'Replies are disabled: the customer opted out.' : 'Type a reply — Ctrl+Enter sends'}
          onChange={(event) => setReply(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault()
              void sendReply()
            }
          }}
        />
        <div className="reply-actions">
          <span className="hint">{reply.trim().length}/1000</span>
          <button type="submit" disabled={optedOut || reply.trim().length === 0}>
            Send
          </button>
        </div>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  )
}

interface MessageItemProps {
  message: ConversationMessage
  optedOut: boolean
  failureReason: string | null
  onApprove(text: string): void
  onDiscard(): void
}

function MessageItem({ message, optedOut, failureReason, onApprove, onDiscard }: MessageItemProps) {
  const [text, setText] = useState(message.text)
  const isDraft = message.status === 'draft'
  return (
    <li className={`message message-${message.author}${isDraft ? ' message-draft' : ''}`} data-testid={`message-${message.id}`} data-status={message.status}>
      <div className="message-meta">
        <span>
          {authorLabels[message.author]}
          {message.by ? ` (${message.by})` : ''}
        </span>
        <span>{formatTime(message.at)}</span>
        <span className={`message-status status-${message.status}`}>{statusLabels[message.status]}</span>
      </div>
      {isDraft ? (
        <div className="draft-editor">
          <label htmlFor={`draft-${message.id}`} className="visually-hidden">
            Draft reply
          </label>
          <textarea id={`draft-${message.id}`} rows={3} value={text} onChange={(event) => setText(event.target.value)} />
          <div className="reply-actions">
            <button type="button" disabled={optedOut || text.trim().length === 0 || text.trim().length > 1000} onClick={() => onApprove(text)}>
              Send draft
            </button>
            <button type="button" className="link-button" onClick={onDiscard}>
              Discard
            </button>
          </div>
        </div>
      ) : (
        <div className="message-text">{message.text}</div>
      )}
      {message.status === 'failed' && failureReason && <div className="message-failure">{failureReason}</div>}
    </li>
  )
}
