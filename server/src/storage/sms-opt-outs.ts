/**
 * The relay's own list of numbers that replied STOP. Devices can edit customer records, not this
 * list, so an opt-out holds whatever a console does to the customer.
 */
import type { OptOutList } from './contracts'
import type { RelayDatabase } from './database'

export class SmsOptOuts {
  constructor(private readonly db: RelayDatabase) {}

  has(phone: string): boolean {
    return this.db.prepare('SELECT 1 FROM sms_opt_outs WHERE phone = ?').get(phone) !== undefined
  }

  add(phone: string, at: Date): void {
    this.db.prepare('INSERT OR IGNORE INTO sms_opt_outs (phone, opted_out_at) VALUES (?, ?)').run(phone, at.toISOString())
  }

  remove(phone: string): void {
    this.db.prepare('DELETE FROM sms_opt_outs WHERE phone = ?').run(phone)
  }
}

/** The `OptOutList` contract over the synchronous SQLite list, until its callers await it. */
export function optOutListOnSqlite(list: SmsOptOuts): OptOutList {
  return { has: async (phone) => list.has(phone), add: async (phone, at) => list.add(phone, at), remove: async (phone) => list.remove(phone) }
}
