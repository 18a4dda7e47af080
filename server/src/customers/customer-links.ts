/**
 * Links calls and text threads to the customer record of their number. Staff create customers
 * from a console ("Create customer" for a caller with no record); a call's link is the relay's
 * to write (calls are relay-owned, src/domain/sync/write-policy), so the relay makes it here,
 * whenever a customer or a call changes: the console never writes the call.
 *
 * One record per number wins: a named one over a nameless one (texting creates nameless
 * records), then the oldest. A call or thread already linked to a live, named record keeps it.
 * (A record a console creates for an opted-out number is marked so at push: server/src/sync.)
 */
import type { Call, Customer } from '../../../src/domain/schemas'
import type { Logger } from '../logging/logger'
import type { DocumentStore } from '../storage/document-store'
import type { CustomerDirectory } from '../conversations/customer-directory'
import { SerialQueue } from '../work/serial-queue'

export interface CustomerLinksOptions {
  documents: DocumentStore
  customers: CustomerDirectory
  logger: Logger
}

export class CustomerLinks {
  private readonly work: SerialQueue
  private stopListening: (() => void) | null = null

  constructor(private readonly options: CustomerLinksOptions) {
    this.work = new SerialQueue((error) => options.logger.error({ err: error }, 'linking calls to customers failed'))
  }

  start(): void {
    if (this.stopListening) return
    this.stopListening = this.options.documents.onChange((collection, documents) => {
      for (const document of documents) {
        if (document._deleted) continue
        const phone =
          collection === 'customers'
            ? (document.phone as string | null)
            : collection === 'calls'
              ? callNumber(document)
              : collection === 'conversations'
                ? (document.customerPhone as string)
                : null
        if (phone) this.work.pushOnce(phone, async () => this.link(phone))
      }
    })
  }

  async stop(): Promise<void> {
    this.stopListening?.()
    this.stopListening = null
    await this.idle()
  }

  idle(): Promise<void> {
    return this.work.idle()
  }

  /** Links every call and thread of `phone` to its customer record; returns how many changed. */
  link(phone: string): number {
    const { documents, customers } = this.options
    return documents.transaction(() => {
      const records = customers.byPhone(phone)
      const record = preferredRecord(records)
      if (!record) return 0
      const keeps = (linkedId: string | null) => {
        if (!linkedId || linkedId === record.id) return linkedId === record.id
        const linked = documents.get('customers', linkedId)
        return linked !== null && !linked._deleted && String(linked.name ?? '').trim() !== ''
      }
      let changed = 0
      for (const call of documents.calls.withNumber(phone)) {
        if (callNumber(call) !== phone || keeps(call.customerId)) continue
        documents.changeLive('calls', call.id, (current) => ({ ...current, customerId: record.id }))
        changed++
      }
      for (const thread of documents.conversations.forNumber(phone)) {
        if (keeps(thread.customerId)) continue
        documents.changeLive('conversations', thread.id, (current) => ({ ...current, customerId: record.id }))
        changed++
      }
      if (changed > 0) this.options.logger.info({ linked: changed }, 'linked calls and threads to a customer record')
      return changed
    })
  }
}

/** A named record over a nameless one, then the oldest, then by id: the same answer every time. */
export function preferredRecord(records: readonly Customer[]): Customer | null {
  return (
    [...records].sort(
      (a, b) =>
        Number(b.name.trim() !== '') - Number(a.name.trim() !== '') || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
    )[0] ?? null
  )
}

/** The customer's side of a call: who called in, or who was called. */
function callNumber(call: Pick<Call, 'direction' | 'fromNumber' | 'toNumber'> | Record<string, unknown>): string | null {
  const number = call.direction === 'outbound' ? call.toNumber : call.fromNumber
  return typeof number === 'string' ? number : null
}
