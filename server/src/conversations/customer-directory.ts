/**
 * Customers by phone number, for the SMS flow: the opt-out state lives on the customer
 * (`customers.smsOptOut`) so the console shows it; an unknown number gets a customer document.
 */
import type { Customer } from '../../../src/domain/schemas'
import type { RelayDatabase } from '../storage/database'
import type { DocumentStore, SyncedDocument } from '../storage/document-store'

export class CustomerDirectory {
  constructor(
    private readonly db: RelayDatabase,
    private readonly documents: DocumentStore,
    private readonly now: () => Date,
  ) {}

  /** Every live customer with this number (duplicates happen when staff add one by hand). */
  byPhone(phone: string): Customer[] {
    const rows = this.db
      .prepare(
        `SELECT id FROM documents WHERE collection = 'customers' AND deleted = 0
         AND json_extract(body, '$.phone') = ? ORDER BY id`,
      )
      .all(phone) as { id: string }[]
    return rows.map((row) => this.documents.get('customers', row.id)).filter(isLive).map(toCustomer)
  }

  /**
   * Opted out if the relay's own list has the number (devices can edit customer records, not
   * this list), or any customer record with the number says so: the safe reading of duplicates.
   */
  isOptedOut(phone: string): boolean {
    const listed = this.db.prepare('SELECT 1 FROM sms_opt_outs WHERE phone = ?').get(phone) !== undefined
    return listed || this.byPhone(phone).some((customer) => customer.smsOptOut)
  }

  /** The customer for a thread: the linked one, else by number, else a new one. */
  ensure(phone: string, linkedId: string | null): Customer {
    return this.documents.transaction(() => {
      const linked = linkedId ? this.documents.get('customers', linkedId) : null
      if (isLive(linked)) return toCustomer(linked)
      const existing = this.byPhone(phone)[0]
      if (existing) return existing
      const created: Omit<Customer, 'updatedAt'> = {
        id: `cust-${phone.slice(1)}`,
        name: '',
        phone,
        email: null,
        notes: '',
        smsOptOut: false,
        createdAt: this.now().toISOString(),
      }
      return toCustomer(this.documents.put('customers', created))
    })
  }

  /** Sets the opt-out on every record with the number, so no duplicate can be texted. */
  setOptOut(phone: string, smsOptOut: boolean): void {
    this.documents.transaction(() => {
      if (smsOptOut) this.db.prepare('INSERT OR IGNORE INTO sms_opt_outs (phone, opted_out_at) VALUES (?, ?)').run(phone, this.now().toISOString())
      else this.db.prepare('DELETE FROM sms_opt_outs WHERE phone = ?').run(phone)
      for (const customer of this.byPhone(phone)) {
        if (customer.smsOptOut !== smsOptOut) this.documents.put('customers', { ...customer, smsOptOut })
      }
    })
  }
}

function isLive(document: SyncedDocument | null): document is SyncedDocument {
  return document !== null && !document._deleted
}

function toCustomer(document: SyncedDocument): Customer {
  const { _deleted: _ignored, ...fields } = document
  return fields as unknown as Customer
}
