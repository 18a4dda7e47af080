/**
 * The SMS conversation loop. It watches `conversations` in the document store, so it sees the
 * RingCentral handler's inbound messages and the consoles' queued replies alike, and works out
 * what each thread needs from the thread itself (see domain/conversations/thread-work):
 *
 * - the newest unanswered customer message: SMS keywords (STOP/HELP/START) change the opt-out
 *   and answer; anything else goes to the agent, whose reply is sent when the policy allows and
 *   otherwise left as a draft for staff. Two kinds of hand-over: an escalation (a person must act
 *   now) is routed and alerts a person by SMS; a follow-up (staff should act, without urgency)
 *   becomes a task in the Inbox and on the customer's booking, and alerts nobody;
 * - outbound messages with status `queued` (staff replies, approved drafts, agent replies):
 *   sent, then marked `sent` or `failed` with the reason as a needs-attention item.
 *
 * Threads are processed one at a time, in order, so a thread is never answered twice at once;
 * the agent's answer is keyed on the inbound message id, so a redelivery is never answered again.
 */
import { createHash } from 'node:crypto'
import type { AgentBrain, AgentKnowledge } from '../../../src/domain/agent/agent-brain'
import type { AgentResult, ConversationTurn } from '../../../src/domain/agent/agent-result'
import { applySmsCommand, decideAgentReply, smsCommand } from '../../../src/domain/conversations/sms-policy'
import { failureNoticeIdFor, inboundAwaitingReply, queuedOutbound, replyIdFor } from '../../../src/domain/conversations/thread-work'
import { routeEscalation } from '../../../src/domain/routing/escalation-routing'
import {
  type Conversation,
  type ConversationMessage,
  type Customer,
  type Extension,
  type NeedsAttention,
  type Settings,
  type Suggestion,
} from '../../../src/domain/schemas'
import type { Logger } from '../logging/logger'
import { SmsNotSentError, type SmsPurpose, type SmsSender } from '../providers/ringcentral/sms-sender'
import { agentKnowledge } from '../agent/agent-knowledge'
import { remindToFinishSetupThrough } from '../business/setup-reminder'
import { businessSettingsFrom } from '../storage/business-settings'
import type { RelayStorage } from '../storage/relay-storage'
import { CustomerDirectory } from './customer-directory'
import { SerialQueue } from '../work/serial-queue'
import { FollowUpTasks } from '../agent/follow-up-tasks'

/** The stores the loop works through (either engine). */
export type ConversationStorage = Pick<RelayStorage, 'documents' | 'queries' | 'optOuts' | 'ledger' | 'claims' | 'units'>

export interface ConversationServiceOptions {
  storage: ConversationStorage
  /** Null when RingCentral is not configured: replies wait as drafts, queued messages stay queued. */
  sender: SmsSender | null
  /** The brain for the business's current settings (called per answer; may cache). */
  loadBrain: (settings: Settings) => Promise<AgentBrain>
  logger: Logger
  now?: () => Date
  /** How long a claim on a message holds (tests shorten it). */
  claimLeaseMs?: number
}

/** The agent sees at most this many recent turns. */
const maxTurns = 40
/**
 * How long a relay holds a message it answers or sends: longer than any answer takes (the agent
 * and its time-out, then the text). A relay that stops mid-way leaves the message to whichever
 * relay looks again once the lease is over (a claim refused is tried again then).
 */
const defaultClaimLeaseMs = 2 * 60 * 1000
const notConfiguredReason = 'RingCentral is not configured on the relay, so nothing can be texted automatically.'
/** What staff start from while the business is not set up: nothing about prices, dates or the business. */
const notSetUpDraft = 'Thanks for your message! Someone from our team will get back to you shortly.'

export class ConversationService {
  private readonly now: () => Date
  private readonly customers: CustomerDirectory
  private readonly followUps: FollowUpTasks
  private readonly work: SerialQueue
  private readonly scheduled = new Set<string>()
  /** Threads to look at again once a lease another run holds is over. */
  private readonly retries = new Set<NodeJS.Timeout>()
  private stopListening: (() => void) | null = null

  constructor(private readonly options: ConversationServiceOptions) {
    this.now = options.now ?? (() => new Date())
    this.customers = new CustomerDirectory(options.storage, this.now)
    this.followUps = new FollowUpTasks(options.storage, this.now)
    this.work = new SerialQueue((error) => options.logger.error({ err: error }, 'conversation processing failed'))
  }

  /** Listens for changes and picks up whatever was left pending before a restart. */
  start(): void {
    if (this.stopListening) return
    this.stopListening = this.options.storage.documents.onChange((collection, documents) => {
      if (collection !== 'conversations') return
      for (const document of documents) if (!document._deleted) this.schedule(document.id)
    })
    this.work.push(async () => {
      for (const id of await this.options.storage.queries.conversations.idsByLastChange()) this.schedule(id)
    })
  }

  async stop(): Promise<void> {
    this.stopListening?.()
    this.stopListening = null
    for (const retry of this.retries) clearTimeout(retry)
    this.retries.clear()
    await this.idle()
  }

  /** Resolves once nothing is scheduled (tests wait on it). */
  idle(): Promise<void> {
    return this.work.idle()
  }

  private schedule(conversationId: string): void {
    if (this.scheduled.has(conversationId)) return
    this.scheduled.add(conversationId)
    this.work.push(async () => {
      // Changes made while this runs schedule the thread again.
      this.scheduled.delete(conversationId)
      await this.process(conversationId).catch((error: unknown) => {
        this.options.logger.error({ err: error, thread: threadRef(conversationId) }, 'conversation processing failed')
      })
    })
  }

  /**
   * With several relays, each hears of every change: a message is answered, and a queued one
   * sent, by the relay that claims it, which reads the thread again once it holds the claim.
   */
  private async process(conversationId: string): Promise<void> {
    const thread = await this.thread(conversationId)
    if (!thread) return
    const inbound = inboundAwaitingReply(thread, this.now())
    if (inbound) {
      await this.claimed(conversationId, `answer:${inbound.id}`, async () => {
        const current = await this.thread(conversationId)
        const waiting = current ? inboundAwaitingReply(current, this.now()) : null
        if (current && waiting?.id === inbound.id) await this.answer(current, waiting)
      })
    }
    const latest = await this.thread(conversationId)
    if (latest) await this.sendQueued(latest)
  }

  /**
   * Runs `work` if this relay claims `key` (no other run is doing it), then lets go. Refused, the
   * thread is looked at again once the lease is over: the run holding it may have stopped.
   */
  private async claimed(conversationId: string, key: string, work: () => Promise<void>): Promise<void> {
    const leaseMs = this.options.claimLeaseMs ?? defaultClaimLeaseMs
    const token = await this.options.storage.claims.claim(key.slice(0, 200), this.now(), leaseMs)
    if (!token) {
      if (this.stopListening) {
        const retry = setTimeout(() => {
          this.retries.delete(retry)
          this.schedule(conversationId)
        }, leaseMs + 1_000)
        retry.unref()
        this.retries.add(retry)
      }
      return
    }
    try {
      await work()
    } finally {
      await this.options.storage.claims.release(key.slice(0, 200), token)
    }
  }

  private async answer(thread: Conversation, inbound: ConversationMessage): Promise<void> {
    const settings = await this.settings()
    const customer = await this.customers.ensure(thread.customerPhone, thread.customerId)
    if (thread.customerId !== customer.id) await this.updateThread(thread.id, (current) => ({ ...current, customerId: customer.id }))

    const command = smsCommand(inbound.text)
    if (command) return this.applyCommand(thread, inbound, customer, command, settings)
    if (!settings) return this.leaveForStaff(thread, inbound)

    const result = await this.respond(thread, settings)
    const decision = this.options.sender ? decideAgentReply(result, customer) : ({ action: 'draft', reason: notConfiguredReason } as const)
    const reply: ConversationMessage = {
      id: replyIdFor(inbound.id),
      direction: 'outbound',
      author: 'agent',
      text: result.reply.slice(0, 2000),
      at: this.instant(),
      status: decision.action === 'send' ? 'queued' : 'draft',
    }
    // The reply last: until it is in the thread the message counts as unanswered, so a stop
    // before it leaves the answer to be worked out again (suggestions and task by stable ids).
    await this.storeSuggestions(thread.id, inbound.id, result)
    if (result.followUp !== null && !result.escalate) {
      await this.followUps.record(
        { sourceId: inbound.id, conversationId: thread.id, callId: null, customerPhone: thread.customerPhone, customerId: customer.id, reason: result.followUp, customerText: inbound.text },
        settings,
      )
    }
    await this.updateThread(thread.id, (current) => this.withMessage(current, reply, { needsHuman: decision.action === 'draft' ? true : current.needsHuman }))
    this.options.logger.info(
      { thread: threadRef(thread.id), messageId: inbound.id, intent: result.intent, action: decision.action, escalate: result.escalate, followUp: result.followUp !== null },
      'agent answered a text',
    )
    if (result.escalate) await this.escalate(thread, inbound, result, settings)
  }

  /**
   * Not set up yet: no quote and no automatic answer (the relay knows no name, prices or hours).
   * A neutral draft waits for staff to edit and send, and the owner is asked to finish the setup.
   */
  private async leaveForStaff(thread: Conversation, inbound: ConversationMessage): Promise<void> {
    const draft: ConversationMessage = {
      id: replyIdFor(inbound.id),
      direction: 'outbound',
      author: 'agent',
      text: notSetUpDraft,
      at: this.instant(),
      status: 'draft',
    }
    await remindToFinishSetupThrough(this.options.storage.documents, this.now(), 'A customer texted and is waiting for an answer.')
    await this.updateThread(thread.id, (current) => this.withMessage(current, draft, { needsHuman: true }))
    this.options.logger.info({ thread: threadRef(thread.id), messageId: inbound.id, action: 'draft' }, 'text left for staff: the business is not set up')
  }

  private async applyCommand(
    thread: Conversation,
    inbound: ConversationMessage,
    customer: Customer,
    command: NonNullable<ReturnType<typeof smsCommand>>,
    settings: Settings | null,
  ): Promise<void> {
    // The opt-out follows the number, whichever customer record the thread is linked to.
    const optedOut = await this.customers.isOptedOut(thread.customerPhone)
    const outcome = applySmsCommand(command, optedOut, settings)
    // STOP and START are always recorded, so the number and every record with it agree.
    if (command === 'opt_out' || command === 'opt_in' || outcome.smsOptOut !== optedOut) await this.customers.setOptOut(thread.customerPhone, outcome.smsOptOut)
    this.options.logger.info({ thread: threadRef(thread.id), messageId: inbound.id, command }, 'SMS keyword applied')
    if (!outcome.reply) return
    const reply: ConversationMessage = {
      id: replyIdFor(inbound.id),
      direction: 'outbound',
      author: 'agent',
      text: outcome.reply.text,
      at: this.instant(),
      status: 'queued',
    }
    if (outcome.reply.kind === 'message') {
      await this.updateThread(thread.id, (current) => this.withMessage(current, reply))
      return // sent with the other queued messages, through the same opt-out check
    }
    // The opt-out confirmation is the one text allowed to an opted-out number, so it is sent
    // here rather than queued; it is written first, so a crash can never send it twice, and
    // claimed as any message is sent, so no other relay sends it as an ordinary one.
    await this.claimed(thread.id, `send:${thread.id}:${reply.id}`, async () => {
      await this.updateThread(thread.id, (current) => this.withMessage(current, reply))
      await this.deliver(thread, reply, 'opt_out_confirmation')
    })
  }

  private async respond(thread: Conversation, settings: Settings): Promise<AgentResult> {
    const turns: ConversationTurn[] = thread.messages
      .filter((message) => message.direction === 'inbound' || message.status === 'sent' || message.status === 'delivered')
      .slice(-maxTurns)
      .map((message) => ({ role: message.author === 'customer' ? 'customer' : 'agent', text: message.text }))
    const brain = await this.options.loadBrain(settings)
    return brain.respond({ turns, channel: 'sms', now: this.instant(), knowledge: await this.knowledge(settings) })
  }

  /**
   * What the agent may tell this customer, read fresh per answer so the owner's edits apply to
   * the next text. Settings stored before FAQs existed have none; the brains pick the packages
   * valid today and count the bookings per slot themselves.
   */
  private knowledge(settings: Settings): Promise<AgentKnowledge> {
    return agentKnowledge(this.options.storage.queries, settings, this.now())
  }

  /** The newest answer's suggestions replace the open ones from earlier messages (tasks stay). */
  private async storeSuggestions(conversationId: string, inboundId: string, result: AgentResult): Promise<void> {
    const { documents, queries } = this.options.storage
    for (const id of await queries.suggestions.openReplyIdsInThread(conversationId)) {
      await documents.update('suggestions', id, (current) => (current ? { ...current, status: 'dismissed' as const } : null))
    }
    for (const [index, suggestion] of result.suggestions.entries()) {
      const document: Omit<Suggestion, 'updatedAt'> = {
        id: suggestionId(`sg${index}`, inboundId),
        callId: null,
        conversationId,
        kind: suggestion.kind,
        title: suggestion.title,
        text: suggestion.text,
        status: 'open',
        createdAt: this.instant(),
      }
      await documents.put('suggestions', document)
    }
  }

  /**
   * Routes the conversation to a person and texts them; who and why is recorded as an
   * `esc-` suggestion on the conversation, which the Inbox shows as the escalation notice.
   */
  private async escalate(thread: Conversation, inbound: ConversationMessage, result: AgentResult, settings: Settings): Promise<void> {
    const extensions = await this.options.storage.queries.extensions.all()
    const decision = routeEscalation({ extensions, now: this.now(), timeZone: settings.timeZone, lastAssignedExtensionId: null })
    const target =
      decision.kind === 'transfer'
        ? { extension: decision.extension, phone: decision.extension.alertPhone }
        : decision.alert
          ? { extension: decision.alert.extension, phone: decision.alert.phone }
          : null
    const why = result.escalationReason ?? 'the agent handed the conversation to a person'
    let alertOutcome: string
    if (!target?.phone) {
      alertOutcome = 'No alert text: nobody has an alert phone set in Extensions.'
    } else if (!this.options.sender) {
      alertOutcome = `No alert text: ${notConfiguredReason}`
    } else {
      try {
        await this.options.sender.send({
          to: target.phone,
          // Only the last digits of the customer's number: the alert says where to look, not who.
          text: `${settings.businessName}: a customer texting from …${thread.customerPhone.slice(-4)} needs a person (${why}). Open the Switchboard Inbox to reply.`,
          purpose: 'staff_alert',
        })
        alertOutcome = `Alert texted to ${target.extension.employeeName}.`
      } catch (error) {
        alertOutcome = `Alert text to ${target.extension.employeeName} failed: ${describeError(error)}`
      }
    }
    const who =
      decision.kind === 'transfer'
        ? `${decision.extension.employeeName} (ext. ${decision.extension.extensionNumber})`
        : decision.mailbox
          ? `${decision.mailbox.employeeName}'s voicemail (nobody available)`
          : 'nobody (no extensions set up)'
    const record: Omit<Suggestion, 'updatedAt'> = {
      id: suggestionId('esc', inbound.id),
      callId: null,
      conversationId: thread.id,
      kind: 'next_step',
      title: `Escalated to ${who}`.slice(0, 200),
      text: `Why: ${sentence(why)} Routing: ${sentence(decision.reason)} ${alertOutcome}`.slice(0, 2000),
      status: 'open',
      createdAt: this.instant(),
    }
    await this.options.storage.documents.put('suggestions', record)
    this.options.logger.info({ thread: threadRef(thread.id), routing: decision.kind, alerted: alertOutcome.startsWith('Alert texted') }, 'text conversation escalated')
  }

  private async sendQueued(thread: Conversation): Promise<void> {
    if (!this.options.sender) return // stays queued until the relay runs with RingCentral configured
    for (const message of queuedOutbound(thread)) {
      await this.claimed(thread.id, `send:${thread.id}:${message.id}`, async () => {
        // Still queued once claimed: another relay has not sent it meanwhile.
        const current = await this.thread(thread.id)
        if (current && queuedOutbound(current).some((queued) => queued.id === message.id)) await this.deliver(current, message, 'customer_message')
      })
    }
  }

  /** Sends one queued message and records the outcome on it. */
  private async deliver(thread: Conversation, message: ConversationMessage, purpose: SmsPurpose): Promise<void> {
    let status: 'sent' | 'failed' = 'sent'
    let reason: string | null = null
    if (!this.options.sender) {
      status = 'failed'
      reason = `Not sent: ${notConfiguredReason}`
    } else {
      try {
        await this.options.sender.send({ to: thread.customerPhone, text: message.text, purpose })
      } catch (error) {
        if (!(error instanceof SmsNotSentError)) this.options.logger.error({ err: error, thread: threadRef(thread.id) }, 'sending a text failed')
        status = 'failed'
        reason = describeError(error)
      }
    }
    // The failure's notice before the message's status: a stop between leaves the notice, not a failure nobody hears of.
    if (reason) await this.recordFailure(thread.id, message.id, reason)
    await this.updateThread(thread.id, (current) => ({
      ...current,
      // A staff reply that went out answers the customer; the thread no longer waits on a person.
      needsHuman: status === 'sent' && message.author === 'staff' ? false : current.needsHuman,
      messages: current.messages.map((m) => (m.id === message.id && m.status === 'queued' ? { ...m, status } : m)),
    }))
    this.options.logger.info({ thread: threadRef(thread.id), messageId: message.id, status, purpose }, 'text delivery attempted')
  }

  private async recordFailure(conversationId: string, messageId: string, reason: string): Promise<void> {
    const item: Omit<NeedsAttention, 'updatedAt'> = {
      id: failureNoticeIdFor(messageId),
      kind: 'failed_job',
      title: reason.slice(0, 300),
      collectionName: 'conversations',
      documentId: conversationId,
      conflictingFields: [],
      serverState: null,
      rejectedEdit: { messageId },
      deviceId: null,
      deviceName: null,
      createdAt: this.instant(),
      status: 'open',
      resolvedBy: null,
      resolvedAt: null,
    }
    await this.options.storage.documents.put('needsAttention', item)
  }

  private withMessage(thread: Conversation, message: ConversationMessage, changes: Partial<Conversation> = {}): Conversation {
    if (thread.messages.some((m) => m.id === message.id)) return thread
    const messages = [...thread.messages, message]
    return { ...thread, ...changes, messages, lastMessageAt: message.at > thread.lastMessageAt ? message.at : thread.lastMessageAt }
  }

  /** Changes the live thread with no other write to it in between, on any relay. */
  private async updateThread(id: string, change: (current: Conversation) => Conversation): Promise<void> {
    await this.options.storage.documents.update('conversations', id, (current) => (current ? change(current) : null))
  }

  private thread(id: string): Promise<Conversation | null> {
    return this.options.storage.queries.conversations.live(id)
  }

  private settings(): Promise<Settings | null> {
    return businessSettingsFrom(this.options.storage.queries.settings)
  }

  /**
   * Bookings from yesterday (UTC) on: enough for any date a customer can still ask about in the
   * business's time zone, without reading years of history for every text.
   */
  private instant(): string {
    return this.now().toISOString()
  }
}

function suggestionId(prefix: string, key: string): string {
  const id = `${prefix}-${key}`
  return id.length <= 64 ? id : `${prefix}-${key.slice(-(63 - prefix.length))}`
}

/** Thread ids contain the customer's number; logs get a short hash instead. */
function threadRef(conversationId: string): string {
  return createHash('sha256').update(conversationId).digest('hex').slice(0, 12)
}

function describeError(error: unknown): string {
  if (error instanceof SmsNotSentError) return error.message
  return 'Not sent: the relay hit an unexpected error while sending; it has been logged.'
}

/** Ends a reason with one full stop, whether or not it already ends with punctuation. */
function sentence(text: string): string {
  const trimmed = text.trim()
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`
}
