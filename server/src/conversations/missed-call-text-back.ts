/**
 * Missed-call text-back on the relay. RingCentral reports a missed call (`missedCall` on the
 * caller's party, or a voicemail); the relay plans one text per number per business day
 * (domain/conversations/missed-call-text-back) in the text-back store, and when it is due
 * writes it into the caller's text thread as a queued agent message. The conversation loop sends
 * it like any other queued message — opt-out checked again where texts leave — and the agent
 * answers the caller's reply with the whole thread in view.
 *
 * It works through the storage contracts only, so relays on one database (either engine) run it
 * together: a due text-back is written once, whichever relay gets there.
 */
import { createHash } from 'node:crypto'
import { businessDayOf, planTextBack, textBackMessage, type MissedCall } from '../../../src/domain/conversations/missed-call-text-back'
import type { Conversation, ConversationMessage, Settings } from '../../../src/domain/schemas'
import type { Logger } from '../logging/logger'
import { businessSettingsFrom } from '../storage/business-settings'
import type { DocumentQueries, DocumentSync, MissedCallTextBackStore, OptOutList } from '../storage/contracts'
import { isNumberOptedOut } from './customer-directory'

export interface MissedCallTextBackOptions {
  textBacks: MissedCallTextBackStore
  optOuts: OptOutList
  documents: DocumentSync
  queries: DocumentQueries
  logger: Logger
  now?: () => Date
  /** How often to look for due text-backs (0: only when `runDue` is called, as tests do). */
  pollIntervalMs?: number
}

export class MissedCallTextBack {
  private readonly now: () => Date
  private timer: NodeJS.Timeout | null = null
  /** One pass at a time; asked for during one, another follows it (a plan stored mid-pass is not left for the timer). */
  private running: Promise<number> | null = null
  private isAnotherPassWanted = false

  constructor(private readonly options: MissedCallTextBackOptions) {
    this.now = options.now ?? (() => new Date())
  }

  start(): void {
    const interval = this.options.pollIntervalMs ?? 60_000
    if (interval > 0 && !this.timer) {
      this.timer = setInterval(() => void this.runDueQuietly(), interval)
      this.timer.unref()
    }
    void this.runDueQuietly()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  /**
   * Plans the text-back for a missed call (a repeat for the same number and day plans nothing).
   * Throws only when the plan could not be stored, so the event that reported the call is retried.
   */
  async missed(call: MissedCall): Promise<void> {
    const settings = await businessSettingsFrom(this.options.queries.settings)
    if (!settings) {
      // A business not set up yet texts no one by itself (its name, hours and opt-out wording are unknown).
      this.options.logger.info('no missed-call text-back: the business is not set up')
      return
    }
    const day = businessDayOf(call.at, settings.timeZone)
    const texted = call.from !== null && (await this.options.textBacks.exists(call.from, day))
    const optedOut = call.from !== null && (await this.isOptedOut(call.from))
    const plan = planTextBack(call, settings, { optedOut, textedToday: texted, now: this.now() })
    if (plan.action === 'skip' || call.from === null) {
      // An opted-out or hidden number leaves no row: nothing to send, ever.
      this.options.logger.info({ reason: plan.action === 'skip' ? plan.reason : 'no caller number' }, 'no missed-call text-back')
      return
    }
    await this.options.textBacks.plan(call.from, plan.businessDay, plan.dueAt, this.now().toISOString())
    // The plan is stored; writing it (now, if due) is the timer's to retry should it fail.
    await this.runDueQuietly()
  }

  /** Writes every due text-back into its thread; returns how many were written. */
  runDue(): Promise<number> {
    if (this.running) {
      this.isAnotherPassWanted = true
      return this.running
    }
    this.running = (async () => {
      let written = 0
      do {
        this.isAnotherPassWanted = false
        written += await this.writeDue()
      } while (this.isAnotherPassWanted)
      return written
    })().finally(() => {
      this.running = null
    })
    return this.running
  }

  private async runDueQuietly(): Promise<void> {
    await this.runDue().catch((error: unknown) => {
      this.options.logger.warn({ err: { message: (error as Error).message } }, 'missed-call text-backs not written yet; retried on the next pass')
    })
  }

  private async writeDue(): Promise<number> {
    const now = this.now().toISOString()
    const settings = await businessSettingsFrom(this.options.queries.settings)
    if (!settings) return 0
    let written = 0
    let failures = 0
    let lastError: unknown = null
    for (const row of await this.options.textBacks.due(now)) {
      try {
        if (await this.isOptedOut(row.phone)) {
          await this.options.textBacks.settle(row.phone, row.businessDay, { status: 'skipped', reason: 'opted out before it was due' }, now)
          continue
        }
        // Written before it is settled: the message id is one per number and day, so a second
        // runner (or a retry after a crash between the two) finds it there and adds nothing.
        await this.writeToThread(row.phone, row.businessDay, settings)
        if (await this.options.textBacks.settle(row.phone, row.businessDay, { status: 'written', reason: null }, now)) written += 1
      } catch (error) {
        // One caller's thread that cannot take it does not hold back everyone else's.
        failures += 1
        lastError = error
      }
    }
    if (written > 0) this.options.logger.info({ written }, 'missed-call text-backs queued')
    if (failures > 0) throw new Error(`${failures} missed-call text-back(s) not written yet: ${(lastError as Error)?.message ?? lastError}`)
    return written
  }

  private isOptedOut(phone: string): Promise<boolean> {
    return isNumberOptedOut(this.options, phone)
  }

  private async writeToThread(phone: string, businessDay: string, settings: Pick<Settings, 'businessName'>): Promise<void> {
    const threadId = (await this.options.queries.conversations.threadIdForNumber(phone)) ?? `conv-${phone.slice(1)}`
    const at = this.now().toISOString()
    const message: ConversationMessage = {
      id: textBackIdFor(phone, businessDay),
      direction: 'outbound',
      author: 'agent',
      text: textBackMessage(settings),
      at,
      status: 'queued',
    }
    await this.options.documents.update('conversations', threadId, (current) => {
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
}

/** One message id per number per business day, like the table's key. */
export function textBackIdFor(phone: string, businessDay: string): string {
  return `mc-${createHash('sha256').update(`${phone}|${businessDay}`).digest('hex').slice(0, 32)}`
}
