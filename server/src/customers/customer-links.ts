/**
 * Links calls and text threads to the customer record of their number. Staff create customers
 * from a console ("Create customer" for a caller with no record); a call's link is the relay's
 * to write (calls are relay-owned, src/domain/sync/write-policy), so the relay makes it here,
 * whenever a customer or a call changes: the console never writes the call.
 *
 * One record per number wins: a named one over a nameless one (texting creates nameless
 * records), then the oldest. A call or thread already linked to a live, named record keeps it.
 * (A record a console creates for an opted-out number is marked so at push: server/src/sync.)
 *
 * It works through the storage contracts, so relays on one database (either engine) may all run
 * it: each link is one document update that re-checks what it judged, and every relay comes to
 * the same answer.
 */
import type { Call, Customer } from '../../../src/domain/schemas'
import type { Logger } from '../logging/logger'
import type { DocumentQueries, DocumentSync } from '../storage/contracts'
import { SerialQueue } from '../work/serial-queue'

export interface CustomerLinksOptions {
  documents: DocumentSync
  queries: Pick<DocumentQueries, 'customers' | 'calls' | 'conversations'>
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
  async link(phone: string): Promise<number> {
    const { documents, queries } = this.options
    const record = preferredRecord(await queries.customers.withPhone(phone))
    if (!record) return 0
    const keeps = async (linkedId: string | null) => {
      if (!linkedId || linkedId === record.id) return linkedId === record.id
      const linked = await queries.customers.live(linkedId)
      return linked !== null && linked.name.trim() !== ''
    }
    let changed = 0
    // Each link re-checks, as it writes, that the record still carries the link judged here: one
    // changed meanwhile (by another relay, or a console) is judged again when its change arrives.
    for (const call of await queries.calls.withNumber(phone)) {
      if (callNumber(call) !== phone || (await keeps(call.customerId))) continue
      const written = await documents.update('calls', call.id, (current) =>
        current && current.customerId === call.customerId ? { ...current, customerId: record.id } : null,
      )
      if (written) changed++
    }
    for (const thread of await queries.conversations.forNumber(phone)) {
      if (await keeps(thread.customerId)) continue
      const written = await documents.update('conversations', thread.id, (current) =>
        current && current.customerId === thread.customerId ? { ...current, customerId: record.id } : null,
      )
      if (written) changed++
    }
    if (changed > 0) this.options.logger.info({ linked: changed }, 'linked calls and threads to a customer record')
    return changed
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
