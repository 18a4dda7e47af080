import { useEffect, useRef, useState } from 'react'
import { create } from 'zustand'
import { approveDraft, discardDraft, queueStaffReply, sortThreads, visibleMessages } from '../../../../domain/conversations/inbox-model'
import {
  canMarkHandled,
  handOverDisplay,
  markHandled,
  threadState,
  threadStateLabels,
  undoHandled,
  visibleThreadCards,
  type ThreadState,
} from '../../../../domain/conversations/thread-state'
import { failureNoticeIdFor } from '../../../../domain/conversations/thread-work'
import { formatPhoneNumber } from '../../../../domain/phone-number'
import { openFollowUps, type Conversation, type ConversationMessage, type Customer, type NeedsAttention, type Suggestion } from '../../../../domain/schemas'
import { views } from '../../app/views'
import { CustomerRecordButton } from '../../components/CustomerDialog'
import { EmptyState } from '../../components/EmptyState'
import { FollowUpTasks } from '../../components/FollowUpTasks'
import { PairFirst } from '../../components/PairFirst'
import { UndoToast } from '../../components/UndoToast'
import { ViewFrame } from '../../components/ViewFrame'
import { useLiveQuery } from '../../db/use-live-query'
import { useBookingDraftStore } from '../../stores/booking-draft-store'
import { useSyncStore } from '../../stores/sync-store'
import { InboxSuggestionCard } from './InboxSuggestionCard'

/** The open thread, kept while the user visits other views. */
const useInboxStore = create<{ selectedId: string | null; select(id: string | null): void }>((set) => ({
  selectedId: null,
  select: (selectedId) => set({ selectedId }),
}))

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
  const { selectedId, select } = useInboxStore()
  const save = useSyncStore((state) => state.save)

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
  const namesByPhone = new Map(customers.filter((c) => c.phone && c.name.trim()).map((c) => [c.phone!, c.name]))
  const recordsByPhone = new Map(customers.filter((c) => c.phone).map((c) => [c.phone!, c]))
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
            record={recordsByPhone.get(selected.customerPhone) ?? null}
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
        const state = threadState(thread)
        return (
          <li
            key={thread.id}
            role="option"
            aria-selected={thread.id === selectedId}
            className={`thread-item${thread.id === selectedId ? ' selected' : ''}`}
            data-testid={`thread-${thread.id}`}
            data-state={state}
            onClick={() => onSelect(thread.id)}
          >
            <div className="thread-head">
              <strong>{namesByPhone.get(thread.customerPhone) ?? formatPhoneNumber(thread.customerPhone)}</strong>
              <span className="thread-time">{formatTime(thread.lastMessageAt)}</span>
            </div>
            <div className="thread-preview">{last?.text ?? ''}</div>
            <div className="thread-badges">
              {state !== 'answered' && <span className={`badge ${stateBadgeClass[state]}`}>{threadStateLabels[state]}</span>}
              {threadsWithFollowUps.has(thread.id) && <span className="badge badge-follow-up">Follow up</span>}
              {optedOutPhones.has(thread.customerPhone) && <span className="badge badge-optout">Opted out</span>}
            </div>
          </li>
        )
      })}
    </ul>
  )
}

const stateBadgeClass: Record<ThreadState, string> = {
  needs_person: 'badge-human',
  replied: 'badge-replied',
  handled: 'badge-handled',
  new: 'badge-new',
  answered: '',
}

function ThreadPane({ thread, optedOut, name, record }: { thread: Conversation; optedOut: boolean; name: string | null; record: Customer | null }) {
  const save = useSyncStore((state) => state.save)
  const [handled, setHandled] = useState<Pick<Conversation, 'needsHuman' | 'handledAt'> | null>(null)
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
  const state = threadState(thread)
  const handOver = handOverDisplay(state)
  const escalations = suggestions.filter((s) => s.id.startsWith('esc-'))
  const cards = visibleThreadCards(suggestions, state)
  const phone = formatPhoneNumber(thread.customerPhone)
  const shownName = name ?? phone
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

  async function handle() {
    const before = { needsHuman: thread.needsHuman, handledAt: thread.handledAt ?? null }
    if (await write(markHandled(thread, new Date().toISOString()))) setHandled(before)
  }

  return (
    <section className="thread-pane" aria-label={`Conversation with ${shownName}`}>
      <header className="thread-pane-header">
        <h2>{shownName}</h2>
        {name && <span className="hint">{phone}</span>}
        {state !== 'answered' && (
          <span className={`badge ${stateBadgeClass[state]}`} data-testid="thread-state">
            {threadStateLabels[state]}
          </span>
        )}
        {!name && <CustomerRecordButton phone={thread.customerPhone} existing={record} suggestedName="" />}
        {canMarkHandled(state) && (
          <button type="button" className="link-button" onClick={() => void handle()}>
            Mark handled
          </button>
        )}
      </header>
      {handOver.banner === 'alert' &&
        escalations.map((escalation) => (
          <div key={escalation.id} className="escalation-notice" role="note" data-testid="escalation-banner">
            <strong>{escalation.title}</strong>
            <div>{escalation.text}</div>
          </div>
        ))}
      {handOver.banner === 'quiet' && escalations.length > 0 && (
        <p className="hint escalation-replied" data-testid="escalation-banner">
          Handed over by the AI ({escalations[0]!.title}) — you replied. Mark it handled when nothing more is needed.
        </p>
      )}
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
        <ul className="suggestion-cards" aria-label="Suggestions">
          {cards.map((card) => (
            <InboxSuggestionCard
              key={card.id}
              suggestion={card}
              thread={thread}
              recipientName={shownName}
              customerName={name}
              optedOut={optedOut}
              onEdit={(text) => {
                setReply(text)
                replyBox.current?.focus()
              }}
            />
          ))}
        </ul>
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
                onClick={() => openBookingDraft({ draft: card.bookingDraft!, suggestionId: card.id, origin: `Text thread with ${shownName}` })}
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
      {handled && (
        <UndoToast
          message={`Marked the conversation with ${shownName} handled.`}
          onUndo={() => {
            void write(undoHandled(thread, handled))
            setHandled(null)
          }}
          onExpire={() => setHandled(null)}
        />
      )}
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
