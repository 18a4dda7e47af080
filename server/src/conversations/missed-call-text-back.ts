/**
 * Missed-call text-back on the relay. RingCentral reports a missed call (`missedCall` on the
 * caller's party, or a voicemail); the relay plans one text per number per business day
 * (domain/conversations/missed-call-text-back) in `missed_call_text_backs`, and when it is due
 * writes it into the caller's text thread as a queued agent message. The conversation loop sends
 * it like any other queued message — opt-out checked again where texts leave — and the agent
 * answers the caller's reply with the whole thread in view.
 */
import { createHash } from 'node:crypto'
import { businessDayOf, planTextBack, textBackMessage, type MissedCall } from '../../../src/domain/conversations/missed-call-text-back'
import type { Conversation, ConversationMessage, Settings } from '../../../src/domain/schemas'
import type { Logger } from '../logging/logger'
import type { RelayDatabase } from '../storage/database'
import { businessSettings } from '../storage/business-settings'
import { MissedCallTextBacks } from '../storage/missed-call-text-backs'
import type { DocumentStore } from '../storage/document-store'
import { CustomerDirectory } from './customer-directory'

export interface MissedCallTextBackOptions {
  db: RelayDatabase
  documents: DocumentStore
  logger: Logger
  now?: () => Date
  /** How often to look for due text-backs (0: only when `runDue` is called, as tests do). */
  pollIntervalMs?: number
}

export class MissedCallTextBack {
  private readonly now: () => Date
  private readonly customers: CustomerDirectory
  private readonly textBacks: MissedCallTextBacks
  private timer: NodeJS.Timeout | null = null

  constructor(private readonly options: MissedCallTextBackOptions) {
    this.now = options.now ?? (() => new Date())
    this.customers = new CustomerDirectory(options.db, options.documents, this.now)
    this.textBacks = new MissedCallTextBacks(options.db)
  }

  start(): void {
    const interval = this.options.pollIntervalMs ?? 60_000
    if (interval > 0 && !this.timer) {
      this.timer = setInterval(() => this.runDue(), interval)
      this.timer.unref()
    }
    this.runDue()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  /** Plans the text-back for a missed call (a repeat for the same number and day plans nothing). */
  missed(call: MissedCall): void {
    const settings = businessSettings(this.options.documents)
    if (!settings) {
      // A business not set up yet texts no one by itself (its name, hours and opt-out wording are unknown).
      this.options.logger.info('no missed-call text-back: the business is not set up')
      return
    }
    const day = businessDayOf(call.at, settings.timeZone)
    const texted = call.from !== null && this.textBacks.exists(call.from, day)
    const plan = planTextBack(call, settings, { optedOut: call.from !== null && this.customers.isOptedOut(call.from), textedToday: texted, now: this.now() })
    const at = this.now().toISOString()
    if (plan.action === 'skip') {
      // An opted-out or hidden number leaves no row: nothing to send, ever.
      this.options.logger.info({ reason: plan.reason }, 'no missed-call text-back')
      return
    }
    this.textBacks.plan(call.from, plan.businessDay, plan.dueAt, at)
    this.runDue()
  }

  /** Writes every due text-back into its thread; returns how many were written. */
  runDue(): number {
    const now = this.now().toISOString()
    const due = this.textBacks.due(now)
    let written = 0
    const settings = businessSettings(this.options.documents)
    if (!settings) return 0
    for (const row of due) {
      const claimed = this.options.documents.transaction(() => {
        // Claimed by its state, so a second runner (or a restart mid-way) writes it once.
        const optedOut = this.customers.isOptedOut(row.phone)
        const outcome = optedOut ? { status: 'skipped' as const, reason: 'opted out before it was due' } : { status: 'written' as const, reason: null }
        if (!this.textBacks.settle(row.phone, row.businessDay, outcome, now) || optedOut) return false
        this.writeToThread(row.phone, row.businessDay, settings)
        return true
      })
      if (claimed) written += 1
    }
    if (written > 0) this.options.logger.info({ written }, 'missed-call text-backs queued')
    return written
  }

  private writeToThread(phone: string, businessDay: string, settings: Pick<Settings, 'businessName'>): void {
    const threadId = this.threadIdFor(phone)
    const at = this.now().toISOString()
    const message: ConversationMessage = {
      id: textBackIdFor(phone, businessDay),
      direction: 'outbound',
      author: 'agent',
      text: textBackMessage(settings),
      at,
      status: 'queued',
    }
    this.options.documents.upsert('conversations', threadId, (current) => {
      if (current?.messages.some((m) => m.id === message.id)) return null
      const thread: Omit<Conversation, 'updatedAt'> = {
        id: threadId,
        customerPhone: phone,
        customerId: current?.customerId ?? null,
        messages: [...(current?.messages ?? []), message],
        needsHuman: current?.needsHuman ?? false,
        lastMessageAt: at > (current?.lastMessageAt ?? '') ? at : current!.lastMessageAt,
      }
      return { ...current, ...thread }
    })
  }

  /** The caller's thread, whoever opened it; a new one is named as inbound texts name theirs. */
  private threadIdFor(phone: string): string {
    return this.options.documents.conversations.threadIdForNumber(phone) ?? `conv-${phone.slice(1)}`
  }
}

/** One message id per number per business day, like the table's key. */
export function textBackIdFor(phone: string, businessDay: string): string {
  return `mc-${createHash('sha256').update(`${phone}|${businessDay}`).digest('hex').slice(0, 32)}`
}
