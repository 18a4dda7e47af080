/**
 * "Also pays as": the names a customer's payments come under besides their own — a spouse, a
 * parent, the company that pays for the office party. The relay learns one when the owner accepts
 * (or re-matches) a payment from such a payer, and forgets it when that decision is undone; the
 * owner can edit the list on the customer. The matcher then scores those payers as the customer.
 */
import { extractPayerNames, payerToLearn, type PlaidTransactionInput } from '../../../src/domain/matching'
import type { Customer, KnownPayer, ManualPayment } from '../../../src/domain/schemas'
import type { RelayDatabase } from '../storage/database'
import { BankLines } from '../storage/payment-ledger'
import { withoutSyncFlags, type DocumentStore, type SyncedDocument } from '../storage/document-store'

/** The customers, looked up by id, phone and e-mail, for one pass over the bookings. */
export class CustomerLookup {
  private readonly byId = new Map<string, Customer>()
  private readonly byPhone = new Map<string, Customer>()
  private readonly byEmail = new Map<string, Customer>()

  constructor(documents: DocumentStore) {
    for (const customer of documents.customers.all()) {
      this.byId.set(customer.id, customer)
      if (customer.phone && !this.byPhone.has(customer.phone)) this.byPhone.set(customer.phone, customer)
      if (customer.email && !this.byEmail.has(customer.email.toLowerCase())) this.byEmail.set(customer.email.toLowerCase(), customer)
    }
  }

  /** The booking's customer: the linked one, else the one with its phone number, else its e-mail. */
  of(booking: Record<string, unknown>): Customer | null {
    const linked = typeof booking.customerId === 'string' ? this.byId.get(booking.customerId) : undefined
    if (linked) return linked
    if (typeof booking.customerPhone === 'string' && this.byPhone.has(booking.customerPhone)) return this.byPhone.get(booking.customerPhone)!
    if (typeof booking.customerEmail === 'string') return this.byEmail.get(booking.customerEmail.toLowerCase()) ?? null
    return null
  }
}

export class KnownPayers {
  constructor(
    private readonly db: RelayDatabase,
    private readonly documents: DocumentStore,
    private readonly now: () => Date,
  ) {}

  /**
   * Makes the customers' "also pays as" lists follow one payment match: a payer the owner accepted
   * for a booking whose customer has another name is added; what an earlier acceptance of this
   * match taught is dropped once the match no longer says so (undone, rejected, re-matched).
   */
  follow(match: SyncedDocument, isHumanAcceptance: boolean): void {
    this.documents.transaction(() => {
      const payer = isHumanAcceptance ? this.payerOf(match) : null
      const booking = isHumanAcceptance && typeof match.bookingId === 'string' ? this.documents.get('bookings', match.bookingId) : null
      const learnFor = booking && !booking._deleted && payerToLearn(booking.customerName as string, payer, []) ? booking : null
      const customer = learnFor ? this.customerFor(learnFor) : null

      for (const taught of this.customersTaughtBy(match.id)) {
        if (customer && taught.id === customer.id && taught.alsoPaysAs?.some((known) => known.learnedFrom === match.id && known.name === payer)) continue
        this.documents.put('customers', { ...taught, alsoPaysAs: (taught.alsoPaysAs ?? []).filter((known) => known.learnedFrom !== match.id) })
      }
      if (!learnFor || !customer || !payer) return
      const current = this.documents.customers.live(customer.id)!
      const known = current.alsoPaysAs ?? []
      const name = payerToLearn(learnFor.customerName as string, payer, known.map((entry) => entry.name))
      if (!name) return
      const learned: KnownPayer = { name, learnedFrom: match.id.slice(0, 128), addedAt: this.now().toISOString() }
      this.documents.put('customers', { ...current, alsoPaysAs: [...known, learned] })
    })
  }

  /** Who paid, as the bank line (or the owner, for cash and checks) names them. */
  private payerOf(match: SyncedDocument): string | null {
    const manual = match.manualPayment as ManualPayment | null | undefined
    if (manual) return manual.payer?.trim() || null
    const raw = new BankLines(this.db).get(match.transactionId as string)
    if (!raw) return null
    return extractPayerNames(JSON.parse(raw.body) as PlaidTransactionInput)[0]?.name ?? null
  }

  private customersTaughtBy(matchId: string): Customer[] {
    return this.documents.customers.taughtByMatch(matchId)
  }

  /** The booking's customer; one is made from the booking (and linked to it) when none exists. */
  private customerFor(booking: SyncedDocument): Customer {
    const found = new CustomerLookup(this.documents).of(booking)
    if (found) return found
    const phone = typeof booking.customerPhone === 'string' ? booking.customerPhone : null
    const created: Omit<Customer, 'updatedAt'> = {
      id: phone ? `cust-${phone.slice(1)}` : `cust-${booking.id}`.slice(0, 64),
      name: booking.customerName as string,
      phone,
      email: typeof booking.customerEmail === 'string' ? booking.customerEmail : null,
      notes: '',
      smsOptOut: false,
      createdAt: this.now().toISOString(),
      alsoPaysAs: [],
    }
    const customer: Customer = { ...created, updatedAt: this.documents.put('customers', created).updatedAt }
    this.documents.put('bookings', { ...withoutSyncFlags(booking), id: booking.id, customerId: customer.id })
    return customer
  }
}
