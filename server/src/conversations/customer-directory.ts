/**
 * Customers by phone number, for the SMS flow: the opt-out state lives on the customer
 * (`customers.smsOptOut`) so the console shows it; an unknown number gets a customer document.
 */
import type { Customer } from '../../../src/domain/schemas'
import type { DocumentQueries, DocumentSync, OptOutList } from '../storage/contracts'

/**
 * Opted out if the relay's own list has the number (devices can edit customer records, not this
 * list), or any customer record with the number says so: the safe reading of duplicates. Through
 * the storage contracts (either engine).
 */
export async function isNumberOptedOut(stores: { optOuts: OptOutList; queries: Pick<DocumentQueries, 'customers'> }, phone: string): Promise<boolean> {
  if (await stores.optOuts.has(phone)) return true
  return (await stores.queries.customers.withPhone(phone)).some((customer) => customer.smsOptOut)
}

/** Customers by number through the storage contracts (either engine). */
export class CustomerDirectory {
  constructor(
    private readonly storage: { documents: DocumentSync; queries: Pick<DocumentQueries, 'customers'>; optOuts: OptOutList },
    private readonly now: () => Date,
  ) {}

  isOptedOut(phone: string): Promise<boolean> {
    return isNumberOptedOut(this.storage, phone)
  }

  /**
   * The customer for a thread: the linked one, else by number, else a new one (its id follows
   * from the number, so relays creating it at once create one).
   */
  async ensure(phone: string, linkedId: string | null): Promise<Customer> {
    const linked = linkedId ? await this.storage.queries.customers.live(linkedId) : null
    if (linked) return linked
    const existing = (await this.storage.queries.customers.withPhone(phone))[0]
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
    await this.storage.documents.update('customers', created.id, (current) => current ?? created)
    return (await this.storage.queries.customers.live(created.id)) ?? { ...created, updatedAt: this.now().toISOString() }
  }

  /**
   * Sets the opt-out on every record with the number, so no duplicate can be texted. The relay's
   * list first: it alone decides a send, and a stop before the records are changed is redone by
   * the next keyword.
   */
  async setOptOut(phone: string, smsOptOut: boolean): Promise<void> {
    if (smsOptOut) await this.storage.optOuts.add(phone, this.now())
    else await this.storage.optOuts.remove(phone)
    for (const customer of await this.storage.queries.customers.withPhone(phone)) {
      if (customer.smsOptOut !== smsOptOut) await this.storage.documents.update('customers', customer.id, (current) => (current ? { ...current, smsOptOut } : null))
    }
  }
}
