/**
 * What refused webhook requests (bad signature, malformed body, wrong type, too big) cost, and
 * what they leave behind.
 *
 * - Limits count refusals, never deliveries: a verified event is stored whatever its source sent
 *   before (providers deliver a busy account's events from a handful of addresses). A source past
 *   `perMinute` refusals has its further refusals answered 429 with `Retry-After`.
 * - Audit: one row per source, provider, reason and status per window (an hour by default),
 *   written at the first refusal and counted up in memory, its count saved every few seconds.
 *   Past `maxSourcesPerWindow` sources in a window, the rest share one row per reason as source
 *   `*`. A flood of any size adds a bounded number of rows; rows older than the retention go.
 * - Logs: one line when an audit row opens and one when a source hits its limit, not one per
 *   request.
 */
import type { FastifyBaseLogger } from 'fastify'
import { AttemptLimiter } from '../../plugins/attempt-limiter'
import type { AuditTrail } from '../../storage/contracts'
import { SerialQueue } from '../../work/serial-queue'

export interface RefusalPolicy {
  /** Refusals one source may cause per minute before the rest are answered 429. */
  perMinute: number
  /** Length of one audit window. */
  windowMs?: number
  /** Sources with rows of their own per window; the rest are counted together. */
  maxSourcesPerWindow?: number
  /** How often counts are saved. */
  saveIntervalMs?: number
  /** How long refusal rows are kept. */
  retentionMs?: number
}

export interface Refusal {
  source: string
  provider: string
  reason: string
  status: number
}

export const webhookRefusedKind = 'webhook_refused'
const otherSources = '*'

interface Aggregate {
  /** Its audit row, once written (null while the write is under way or if it failed). */
  seq: Promise<number | null>
  detail: Refusal & { count: number; firstAt: string; lastAt: string }
  isDirty: boolean
}

export class WebhookRefusals {
  private readonly limiter: AttemptLimiter
  private readonly windowMs: number
  private readonly maxSourcesPerWindow: number
  private readonly retentionMs: number
  private windowStart = Number.NEGATIVE_INFINITY
  private readonly aggregates = new Map<string, Aggregate>()
  private readonly sourcesInWindow = new Set<string>()
  private readonly saveTimer: NodeJS.Timeout
  /** Saves run one after another. */
  private saving: Promise<void> = Promise.resolve()
  /**
   * New rows and pruning are written one after another: the audit numbers rows in the order they
   * are added, and on PostgreSQL two writes started together may commit in either order.
   */
  private readonly auditWrites: SerialQueue

  constructor(
    private readonly audit: AuditTrail,
    private readonly now: () => Date,
    private readonly log: FastifyBaseLogger,
    policy: RefusalPolicy,
  ) {
    this.limiter = new AttemptLimiter({ maxFailures: policy.perMinute, windowMs: 60_000, lockMs: 60_000, now: () => this.now().getTime() })
    this.windowMs = policy.windowMs ?? 60 * 60_000
    this.maxSourcesPerWindow = policy.maxSourcesPerWindow ?? 100
    this.retentionMs = policy.retentionMs ?? 30 * 24 * 60 * 60_000
    this.auditWrites = new SerialQueue((error) => this.log.error({ err: error }, 'could not write a webhook audit record'))
    this.saveTimer = setInterval(() => this.save(), policy.saveIntervalMs ?? 5_000)
    this.saveTimer.unref()
  }

  /** Milliseconds until `source`'s refusals are answered with their own status again; 0 now. */
  lockedFor(source: string): number {
    return this.limiter.lockedFor(source)
  }

  /** Counts one refused request against its source and in the audit. */
  record(refusal: Refusal): void {
    // Only the sender's faults count toward its limit; a 503 (the relay could not verify or store) is ours.
    if (refusal.status < 500 && this.limiter.recordFailure(refusal.source)) {
      this.log.warn({ provider: refusal.provider }, 'webhook refusals: a source passed its limit; its further refusals are answered 429')
    }
    this.count(refusal)
  }

  /** Saves the counts that changed since the last save. */
  save(): Promise<void> {
    const changed = [...this.aggregates.values()].filter((aggregate) => aggregate.isDirty)
    for (const aggregate of changed) aggregate.isDirty = false
    // The details as they are now: later counts are saved by the next save.
    const details = changed.map(({ seq, detail }) => ({ seq, detail: { ...detail } }))
    const saving = (async () => {
      const rows = (await Promise.all(details.map(async ({ seq, detail }) => ({ seq: await seq, detail })))).flatMap((row) => (row.seq === null ? [] : [{ seq: row.seq, detail: row.detail }]))
      if (rows.length > 0) await this.audit.updateDetails(rows)
    })().catch((error: unknown) => {
      for (const aggregate of changed) aggregate.isDirty = true
      this.log.error({ err: error }, 'could not save webhook refusal counts')
    })
    this.saving = this.saving.then(() => saving)
    return this.saving
  }

  /** Resolves once the audit row of every refusal recorded so far is written (its count is saved by `save`). */
  settled(): Promise<void> {
    return this.auditWrites.idle()
  }

  async close(): Promise<void> {
    clearInterval(this.saveTimer)
    await this.auditWrites.idle()
    await this.save()
  }

  private count(refusal: Refusal): void {
    const now = this.now()
    const windowStart = Math.floor(now.getTime() / this.windowMs) * this.windowMs
    if (windowStart !== this.windowStart) this.startWindow(windowStart, now)
    const hasOwnRow = this.sourcesInWindow.has(refusal.source) || this.sourcesInWindow.size < this.maxSourcesPerWindow
    const source = hasOwnRow ? refusal.source : otherSources
    if (hasOwnRow) this.sourcesInWindow.add(source)
    const key = `${source}\n${refusal.provider}\n${refusal.reason}\n${refusal.status}`
    const existing = this.aggregates.get(key)
    if (existing) {
      existing.detail.count += 1
      existing.detail.lastAt = now.toISOString()
      existing.isDirty = true
      return
    }
    const detail = { ...refusal, source, count: 1, firstAt: now.toISOString(), lastAt: now.toISOString() }
    // The row as it is now: later counts are saved by `save`.
    const firstRow = { ...detail }
    const seq = this.auditWrites.run(() => this.audit.add(webhookRefusedKind, now, firstRow)).catch((error: unknown) => {
      this.log.error({ err: error }, 'could not write the webhook audit record')
      return null
    })
    this.aggregates.set(key, { seq, detail, isDirty: false })
    this.log.warn({ provider: refusal.provider, reason: refusal.reason, status: refusal.status }, 'webhook refused')
  }

  private startWindow(windowStart: number, now: Date): void {
    void this.save()
    this.aggregates.clear()
    this.sourcesInWindow.clear()
    this.windowStart = windowStart
    this.auditWrites.run(() => this.audit.prune(webhookRefusedKind, new Date(now.getTime() - this.retentionMs))).catch((error: unknown) => {
      this.log.error({ err: error }, 'could not prune old webhook audit records')
    })
  }
}
