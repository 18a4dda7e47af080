/**
 * Customers by phone number, for the SMS flow: the opt-out state lives on the customer
 * (`customers.smsOptOut`) so the console shows it; an unknown number gets a customer document.
 */
import type { Customer } from '../../../src/domain/schemas'
import type { DocumentQueries, OptOutList } from '../storage/contracts'
import type { RelayDatabase } from '../storage/database'
import type { DocumentStore } from '../storage/document-store'
import { SmsOptOuts } from '../storage/sms-opt-outs'

/**
 * Opted out if the relay's own list has the number (devices can edit customer records, not this
 * list), or any customer record with the number says so: the safe reading of duplicates. Through
 * the storage contracts (either engine).
 */
export async function isNumberOptedOut(stores: { optOuts: OptOutList; queries: Pick<DocumentQueries, 'customers'> }, phone: string): Promise<boolean> {
  if (await stores.optOuts.has(phone)) return true
  return (await stores.queries.customers.withPhone(phone)).some((customer) => customer.smsOptOut)
}

export class CustomerDirectory {
  private readonly optOuts: SmsOptOuts

  constructor(
    db: RelayDatabase,
    private readonly documents: DocumentStore,
    private readonly now: () => Date,
  ) {
    this.optOuts = new SmsOptOuts(db)
  }

  /** Every live customer with this number (duplicates happen when staff add one by hand). */
  byPhone(phone: string): Customer[] {
    return this.documents.customers.withPhone(phone)
  }

  /**
   * Opted out if the relay's own list has the number (devices can edit customer records, not
   * this list), or any customer record with the number says so: the safe reading of duplicates.
   */
  isOptedOut(phone: string): boolean {
    const listed = this.optOuts.has(phone)
    return listed || this.byPhone(phone).some((customer) => customer.smsOptOut)
  }

  /** The customer for a thread: the linked one, else by number, else a new one. */
  ensure(phone: string, linkedId: string | null): Customer {
    return this.documents.transaction(() => {
      const linked = linkedId ? this.documents.customers.live(linkedId) : null
      if (linked) return linked
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
      return { ...created, updatedAt: this.documents.put('customers', created).updatedAt }
    })
  }

  /** Sets the opt-out on every record with the number, so no duplicate can be texted. */
  setOptOut(phone: string, smsOptOut: boolean): void {
    this.documents.transaction(() => {
      if (smsOptOut) this.optOuts.add(phone, this.now())
      else this.optOuts.remove(phone)
      for (const customer of this.byPhone(phone)) {
        if (customer.smsOptOut !== smsOptOut) this.documents.put('customers', { ...customer, smsOptOut })
      }
    })
  }
}

