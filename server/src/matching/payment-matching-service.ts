/**
 * Payment matching on the relay. Plaid syncs run the matcher inside their own unit of work (see
 * providers/plaid); this service follows every other change to a payment match, whichever relay
 * stored it (a console's accept, reject or re-match, a cash payment): its money, the payers it
 * teaches and its reading for the booking a person chose, in units of work of its own
 * (./payment-matching.ts). Follow-ups are idempotent, so two relays hearing of one decision apply
 * its money once. At start-up it settles every match, repairing what a relay stopped between a
 * decision and its money left.
 */
import { randomBytes } from 'node:crypto'
import { failedJobItem } from '../../../src/domain/schemas'
import type { RelayStorage } from '../storage/relay-storage'
import { SerialQueue } from '../work/serial-queue'
import { PaymentMatching, type MatchingLogger } from './payment-matching'

export { matcherName, paymentMatchIdFor, PaymentMatching, type PlaidChanges } from './payment-matching'

export interface PaymentMatchingDependencies {
  storage: Pick<RelayStorage, 'documents' | 'queries' | 'units'>
  now?: () => Date
  logger?: MatchingLogger
}

/** Matches followed in one unit of work (one transaction, one flush on SQLite). */
const followBatch = 100

export class PaymentMatchingService {
  private readonly storage: PaymentMatchingDependencies['storage']
  private readonly now: () => Date
  private readonly logger: MatchingLogger | undefined
  private readonly work: SerialQueue
  /** Matches heard of and not yet followed. */
  private readonly pending = new Set<string>()

  constructor(dependencies: PaymentMatchingDependencies) {
    this.storage = dependencies.storage
    this.now = dependencies.now ?? (() => new Date())
    this.logger = dependencies.logger
    this.work = new SerialQueue((error) => this.logger?.error({ err: error }, 'payment matching failed'))
  }

  /** Settles every match, then follows each change to one; returns the function that stops listening. */
  start(): () => void {
    this.work.push(() => this.settleAll())
    return this.storage.documents.onChange((collection, documents) => {
      if (collection !== 'paymentMatches') return
      for (const { id } of documents) this.follow(id)
    })
  }

  /** Resolves once every change heard of has been followed (a push's answer waits for it). */
  async idle(): Promise<void> {
    for (;;) {
      const seen = this.work.queued
      await this.work.idle()
      if (seen === this.work.queued) return
    }
  }

  /** Settles every match, a batch per unit of work. */
  async settleAll(): Promise<void> {
    const ids = await this.storage.queries.paymentMatches.idsByLastChange()
    for (let start = 0; start < ids.length; start += followBatch) {
      const batch = ids.slice(start, start + followBatch)
      await this.storage.units((unit) => new PaymentMatching(unit, this.now, this.logger).settleEach(batch))
    }
  }

  private follow(matchId: string): void {
    if (this.pending.has(matchId)) return
    this.pending.add(matchId)
    if (this.pending.size > 1) return
    this.work.push(() => this.followPending())
  }

  private async followPending(): Promise<void> {
    while (this.pending.size > 0) {
      const batch = [...this.pending].slice(0, followBatch)
      for (const id of batch) this.pending.delete(id)
      try {
        await this.followEach(batch)
      } catch {
        // One of them fails: each on its own, so the others' money still moves and the failure is told.
        for (const id of batch) await this.followOne(id)
      }
    }
  }

  private followEach(matchIds: readonly string[]): Promise<void> {
    return this.storage.units((unit) =>
      (function* (matching: PaymentMatching) {
        for (const id of matchIds) yield* matching.followDecision(id)
      })(new PaymentMatching(unit, this.now, this.logger)),
    )
  }

  private async followOne(matchId: string): Promise<void> {
    try {
      await this.followEach([matchId])
    } catch (error) {
      // The decision is kept; a person must see that its money did not follow.
      this.logger?.error({ err: error, matchId }, 'could not apply a payment decision to its booking')
      await this.recordFailure(matchId, error)
    }
  }

  private async recordFailure(matchId: string, error: unknown): Promise<void> {
    try {
      await this.storage.documents.put(
        'needsAttention',
        failedJobItem({
          id: `att_${randomBytes(9).toString('base64url')}`,
          title: `A payment decision could not be applied to its booking: ${String((error as Error)?.message ?? error).slice(0, 200)}`,
          collectionName: 'paymentMatches',
          documentId: matchId,
          detail: null,
          createdAt: this.now().toISOString(),
        }),
        { ownerOnly: true },
      )
    } catch (recordError) {
      this.logger?.error({ err: recordError, matchId }, 'could not record a failed payment decision')
    }
  }
}
