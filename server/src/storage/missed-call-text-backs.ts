/**
 * Missed-call text-backs, one per number per business day: planned, then claimed by their state
 * so a second runner (or a restart mid-way) writes each once.
 */
import type { DueTextBack, MissedCallTextBackStore } from './contracts'
import type { RelayDatabase } from './database'

export type { DueTextBack } from './contracts'

export class MissedCallTextBacks {
  constructor(private readonly db: RelayDatabase) {}

  /** Whether this number already has a text-back (in any state) for this business day. */
  exists(phone: string, businessDay: string): boolean {
    return this.db.prepare('SELECT 1 FROM missed_call_text_backs WHERE phone = ? AND business_day = ?').get(phone, businessDay) !== undefined
  }

  /** Plans one; a second plan for the same number and day is ignored. */
  plan(phone: string | null, businessDay: string, dueAt: string, at: string): void {
    this.db
      .prepare(
        `INSERT INTO missed_call_text_backs (phone, business_day, due_at, status, reason, created_at, updated_at)
         VALUES (?, ?, ?, 'pending', NULL, ?, ?) ON CONFLICT (phone, business_day) DO NOTHING`,
      )
      .run(phone, businessDay, dueAt, at, at)
  }

  /** Pending text-backs due at or before `now`, earliest first. */
  due(now: string): DueTextBack[] {
    const rows = this.db
      .prepare(`SELECT phone, business_day, due_at FROM missed_call_text_backs WHERE status = 'pending' AND due_at <= ? ORDER BY due_at`)
      .all(now) as { phone: string; business_day: string; due_at: string }[]
    return rows.map((row) => ({ phone: row.phone, businessDay: row.business_day, dueAt: row.due_at }))
  }

  /** Moves a pending one to its outcome; false when another runner got there first. */
  settle(phone: string, businessDay: string, outcome: { status: 'written' | 'skipped'; reason: string | null }, at: string): boolean {
    const result = this.db
      .prepare(`UPDATE missed_call_text_backs SET status = ?, reason = ?, updated_at = ? WHERE phone = ? AND business_day = ? AND status = 'pending'`)
      .run(outcome.status, outcome.reason, at, phone, businessDay)
    return result.changes > 0
  }
}

/** The `MissedCallTextBackStore` contract over the synchronous SQLite store, until its callers await it. */
export function missedCallTextBacksOnSqlite(store: MissedCallTextBacks): MissedCallTextBackStore {
  return {
    exists: async (phone, businessDay) => store.exists(phone, businessDay),
    plan: async (phone, businessDay, dueAt, at) => store.plan(phone, businessDay, dueAt, at),
    due: async (now) => store.due(now),
    settle: async (phone, businessDay, outcome, at) => store.settle(phone, businessDay, outcome, at),
  }
}
