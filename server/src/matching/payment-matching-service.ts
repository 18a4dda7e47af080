/**
 * Payment matching on the relay: runs the pure matcher (src/domain/matching) when Plaid
 * transactions arrive, keeps one `paymentMatches` document per bank transaction, and makes each
 * booking's `paidCents`/`status` follow the decisions — the matcher's auto-accepts and a person's
 * accept / reject / re-match synced from a console.
 *
 * Money is applied through `payment_applications`: one row per bank transaction saying which
 * booking and amount currently count. `settle` compares that row with what the match document
 * asks for and only changes a booking when they differ, so any number of re-runs, repeated
 * webhooks or echoed pushes apply a payment once.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { RemovedTransaction, Transaction as PlaidTransaction } from 'plaid'
import { usualTipPercentRange } from '../../../src/domain/business-setup'
import {
  MatchBooking,
  matchingOptionsFromSettings,
  matchTransactions,
  type MatchOutcome,
  type PlaidTransactionInput,
} from '../../../src/domain/matching'
import { formatCents } from '../../../src/domain/money'
import { bookingAfterPayment, bookingAfterReversal } from '../../../src/domain/payments/booking-payments'
import { readPair } from '../../../src/domain/payments/match-explanation'
import {
  failedJobItem,
  type PaymentMatch,
  type PaymentType,
  type Settings,
  type TimelineEntry,
} from '../../../src/domain/schemas'
import { trimTimeline } from '../../../src/domain/bookings'
import { Compile } from 'typebox/compile'
import { dollarsToCents } from '../../../src/domain/money'
import type { Device } from '../storage/device-registry'
import { businessSettings, businessTimeZone } from '../storage/business-settings'
import type { RelayDatabase } from '../storage/database'
import { BankLines, PaymentApplications, type PaymentApplication } from '../storage/payment-ledger'
import type { DocumentStore, SyncedDocument } from '../storage/document-store'
import { asRelayEntries, bankTimelineAdditions } from './bank-payment-entries'
import { CustomerLookup, KnownPayers } from './known-payers'

/** Who `decidedBy` names when the relay decided on its own. */
export const matcherName = 'matcher'

export interface PlaidChanges {
  added: readonly PlaidTransaction[]
  modified: readonly PlaidTransaction[]
  removed: readonly RemovedTransaction[]
}

interface MatchingLogger {
  warn(object: object, message: string): void
  error(object: object, message: string): void
}

export interface PaymentMatchingDependencies {
  db: RelayDatabase
  documents: DocumentStore
  now?: () => Date
  logger?: MatchingLogger
}

/** What a match document asks to count on a booking, or null for nothing. */
interface WantedPayment {
  bookingId: string
  amountCents: number
  paymentType: PaymentType
  decidedBy: string | null
}

const statusesThatCount: ReadonlySet<PaymentMatch['status']> = new Set(['auto_accepted', 'accepted'])
const matchBookingCheck = Compile(MatchBooking)

/** The paymentMatches id of a bank transaction: stable, so a re-run updates instead of duplicating. */
export function paymentMatchIdFor(transactionId: string): string {
  if (/^[A-Za-z0-9_:.-]{1,61}$/.test(transactionId)) return `pm_${transactionId}`
  return `pm_h_${createHash('sha256').update(transactionId).digest('hex').slice(0, 40)}`
}

export class PaymentMatchingService {
  private readonly db: RelayDatabase
  private readonly bankLines: BankLines
  private readonly applications: PaymentApplications
  private readonly documents: DocumentStore
  private readonly now: () => Date
  private readonly logger: MatchingLogger | undefined
  private readonly knownPayers: KnownPayers

  constructor(dependencies: PaymentMatchingDependencies) {
    this.db = dependencies.db
    this.bankLines = new BankLines(dependencies.db)
    this.applications = new PaymentApplications(dependencies.db)
    this.documents = dependencies.documents
    this.now = dependencies.now ?? (() => new Date())
    this.logger = dependencies.logger
    this.knownPayers = new KnownPayers(this.db, this.documents, this.now)
  }

  /**
   * Follows decisions synced from consoles (and any other write to `paymentMatches`), after
   * settling whatever an earlier run left half-done. Returns the function that stops listening.
   */
  start(): () => void {
    this.settleAll()
    return this.documents.onChange((collection, documents) => {
      if (collection !== 'paymentMatches') return
      for (const document of documents) {
        this.settleSafely(document.id)
        this.followKnownPayersSafely(document.id)
        // After every listener has heard of this version: a rewrite of the same document from
        // inside the announcement would reach live streams before the version it replaces.
        queueMicrotask(() => this.rereadSafely(document.id))
      }
    })
  }

  /** Call inside the transaction that applies a `/transactions/sync` result. */
  applyPlaidChanges(changes: PlaidChanges): void {
    this.documents.transaction(() => {
      const receivedAt = this.now().toISOString()
      const current = [...changes.added, ...changes.modified]
      this.bankLines.upsert(
        current.map((transaction) => ({ transactionId: transaction.transaction_id, body: JSON.stringify(transaction) })),
        receivedAt,
      )

      // A posted transaction replaces its pending one, which Plaid reports removed in the same sync.
      const postedFor = new Map<string, string>()
      for (const transaction of current) {
        if (transaction.pending_transaction_id && !transaction.pending) postedFor.set(transaction.pending_transaction_id, transaction.transaction_id)
      }
      const carriedDecisions = new Map<string, SyncedDocument>()
      const removedIds = new Set<string>()
      for (const { transaction_id: id } of changes.removed) {
        if (!id) continue
        removedIds.add(id)
        this.bankLines.markRemoved(id)
        const posted = postedFor.get(id)
        const decision = this.markRemoved(id, posted ?? null)
        if (posted && decision) carriedDecisions.set(posted, decision)
      }
      // A posted line whose pending one Plaid has not (yet) reported removed still replaces it:
      // the pending one stops counting now, so the payment is never counted twice.
      for (const [pendingId, postedId] of postedFor) {
        if (removedIds.has(pendingId)) continue
        const known = this.bankLines.get(pendingId)
        if (!known || known.removed) continue
        this.bankLines.markRemoved(pendingId)
        const decision = this.markRemoved(pendingId, postedId)
        if (decision) carriedDecisions.set(postedId, decision)
      }
      this.matchTransactions([...new Set(current.map((transaction) => transaction.transaction_id))], carriedDecisions)
    })
  }

  /** Makes the booking money follow one match document; does nothing when it already does. */
  settle(matchId: string): void {
    this.documents.transaction(() => {
      const match = this.documents.get('paymentMatches', matchId)
      if (!match) return
      const transactionId = match.transactionId as string
      const wanted = match._deleted ? null : this.wantedPayment(match)
      const applied = this.applications.ofTransaction(transactionId)
      if (
        applied &&
        wanted &&
        applied.bookingId === wanted.bookingId &&
        applied.amountCents === wanted.amountCents &&
        applied.paymentType === wanted.paymentType
      ) {
        return
      }
      if (!applied && !wanted) return
      if (applied) this.reverse(applied)
      if (wanted) this.apply(transactionId, wanted)
      // The booking's timeline tells it in the same transaction: received, or no longer counting.
      for (const bookingId of new Set([applied?.bookingId, wanted?.bookingId])) if (bookingId) this.recordOnTimeline(bookingId)
    })
  }

  private recordOnTimeline(bookingId: string): void {
    const booking = this.documents.get('bookings', bookingId)
    if (!booking || booking._deleted) return
    const timeline = (booking.timeline as TimelineEntry[] | undefined) ?? []
    const additions = bankTimelineAdditions(this.db, this.documents, { id: bookingId, timeline })
    if (additions.length === 0) return
    const { _deleted: _ignored, ...fields } = booking
    this.documents.put('bookings', { ...fields, timeline: trimTimeline([...timeline, ...asRelayEntries(additions, this.now().toISOString())]) })
  }

  /** Settles every match document (at start-up: repairs a crash between a decision and its money). */
  settleAll(): void {
    let checkpoint = null as Parameters<DocumentStore['pull']>[1]
    for (;;) {
      const page = this.documents.pull('paymentMatches', checkpoint, 200)
      for (const match of page.documents) this.settleSafely(match.id)
      if (page.documents.length < 200) return
      checkpoint = page.checkpoint
    }
  }

  /** An accepted payment from someone other than the customer teaches "also pays as"; undoing it unteaches. */
  private followKnownPayersSafely(matchId: string): void {
    try {
      const match = this.documents.get('paymentMatches', matchId)
      if (!match) return
      this.knownPayers.follow(match, !match._deleted && match.status === 'accepted' && isHumanDecision(match) && !!match.bookingId)
    } catch (error) {
      this.logger?.error({ err: error, matchId }, 'could not update the payers a customer is known by')
    }
  }

  /**
   * A person placed the money on a booking the matcher did not read it against (a re-match, or an
   * undo back to it): its confidence and reasons are read again for that booking, in sentences,
   * so "Why?" and the confidence never describe the previous one. The matcher's own reading of a
   * booking (its reasons name it) stands.
   */
  reread(matchId: string): void {
    this.documents.transaction(() => {
      const match = this.documents.get('paymentMatches', matchId)
      const bookingId = match?.bookingId as string | null | undefined
      if (!match || match._deleted || match.manualPayment || !bookingId || match.status === 'ignored') return
      const reasons = match.reasons as string[]
      const placedByPerson = match.status === 'accepted' && isHumanDecision(match)
      // Only what a person placed, or what was read again before (an undo back to it); never the matcher's own reading.
      if (reasons.includes(`Booking ${bookingId}:`) || !(placedByPerson || isReread(reasons))) return
      const transaction = this.documents.transactions.live(match.transactionId as string)
      const booking = this.documents.bookings.live(bookingId)
      if (!transaction || !booking) return
      // The booking's money as it was before this deposit counted on it.
      const application = this.applications.ofTransaction(match.transactionId as string)
      const applied = application?.bookingId === bookingId ? application : null
      const customer = new CustomerLookup(this.documents).of(booking)
      const reading = readPair(
        transaction,
        {
          ...booking,
          paidCents: Math.max(0, booking.paidCents - (applied?.amountCents ?? 0)),
          alsoPaysAs: (customer?.alsoPaysAs ?? []).map((known) => known.name),
        },
        matchingOptionsFromSettings(this.settings()),
      )
      const first = placedByPerson ? `${rereadMarks.placed} ${match.decidedBy as string}.` : rereadMarks.again
      const next = { confidence: reading.confidence, reasons: capReasons([first, ...reading.sentences]) }
      if (match.confidence === next.confidence && JSON.stringify(reasons) === JSON.stringify(next.reasons)) return
      const { _deleted: _ignored, ...fields } = match
      this.documents.put('paymentMatches', { ...fields, ...next }, { ownerOnly: true })
    })
  }

  private rereadSafely(matchId: string): void {
    try {
      this.reread(matchId)
    } catch (error) {
      this.logger?.error({ err: error, matchId }, 'could not read a re-matched payment against its new booking')
    }
  }

  private settleSafely(matchId: string): void {
    try {
      this.settle(matchId)
    } catch (error) {
      // Listeners run after the push committed: the decision is kept; a person must see the failure.
      this.logger?.error({ err: error, matchId }, 'could not apply a payment decision to its booking')
      this.recordFailure(matchId, error)
    }
  }

  private wantedPayment(match: SyncedDocument): WantedPayment | null {
    const status = match.status as PaymentMatch['status']
    const bookingId = match.bookingId as string | null
    const paymentType = match.paymentType as PaymentType | null
    if (!statusesThatCount.has(status) || !bookingId || !paymentType) return null
    const amountCents = this.receivedCents(match.transactionId as string)
    if (amountCents === null || amountCents <= 0) return null
    const booking = this.documents.get('bookings', bookingId)
    if (!booking || booking._deleted) {
      this.logger?.warn({ matchId: match.id, bookingId }, 'a payment match names a booking the relay does not have; no money applied')
      return null
    }
    return { bookingId, amountCents, paymentType, decidedBy: (match.decidedBy as string | null) ?? null }
  }

  /**
   * Money received by the transaction, in positive cents (Plaid's sign flipped), or null when the
   * bank removed it or it is unknown. Falls back to the `transactions` document when no raw copy exists.
   */
  private receivedCents(transactionId: string): number | null {
    const raw = this.bankLines.get(transactionId)
    if (raw) return raw.removed ? null : -dollarsToCents((JSON.parse(raw.body) as PlaidTransaction).amount)
    const document = this.documents.get('transactions', transactionId)
    if (!document || document._deleted || document.removed === true) return null
    return -(document.amountCents as number)
  }

  private apply(transactionId: string, wanted: WantedPayment): void {
    const booking = this.documents.bookings.live(wanted.bookingId)!
    this.documents.put('bookings', { ...booking, ...bookingAfterPayment(booking, wanted) })
    this.applications.add({ transactionId, ...wanted, statusBefore: booking.status }, this.now().toISOString())
  }

  private reverse(applied: PaymentApplication): void {
    this.applications.remove(applied.transactionId)
    const booking = this.documents.bookings.live(applied.bookingId)
    if (!booking) return
    const stillApplied = this.applications.ofBooking(applied.bookingId).map((row) => ({ amountCents: row.amountCents, paymentType: row.paymentType }))
    const next = bookingAfterReversal(
      booking,
      { amountCents: applied.amountCents, paymentType: applied.paymentType, statusBefore: applied.statusBefore },
      stillApplied,
    )
    this.documents.put('bookings', { ...booking, ...next })
  }

  /**
   * The bank removed a transaction. Its money stops counting (settle sees no raw amount); its
   * match says why. A pending one replaced by its posted version is simply superseded; any other
   * accepted one goes back to review so a person notices the booking lost a payment.
   * Returns the match as it was, for the posted version to inherit a person's decision.
   */
  private markRemoved(transactionId: string, postedAs: string | null): SyncedDocument | null {
    const matchId = paymentMatchIdFor(transactionId)
    const match = this.documents.get('paymentMatches', matchId)
    if (!match || match._deleted) return null
    const applied = this.applications.ofTransaction(transactionId)
    const decidedAt = this.now().toISOString()
    const { _deleted: _ignored, ...fields } = match
    const reasons = match.reasons as string[]
    const taken = applied ? ` ${formatCents(applied.amountCents)} was taken off booking ${applied.bookingId}.` : ''
    let next: Record<string, unknown> & { id: string }
    if (postedAs) {
      next = { ...fields, status: 'ignored', reasons: capReasons([`Pending transaction since posted as ${postedAs}; matched there instead.${taken}`, ...reasons]), decidedBy: matcherName, decidedAt }
    } else if (applied) {
      next = {
        ...fields,
        status: 'needs_review',
        reasons: capReasons([`Removed by the bank.${taken} Check the booking, then reject this entry to dismiss it.`, ...reasons]),
        decidedBy: matcherName,
        decidedAt,
      }
    } else {
      next = { ...fields, status: 'ignored', reasons: capReasons(['Removed by the bank; nothing had been applied to a booking.', ...reasons]), decidedBy: matcherName, decidedAt }
    }
    this.documents.put('paymentMatches', next, { ownerOnly: true })
    this.settle(matchId)
    return match
  }

  /** Runs the matcher over these transactions and writes their match documents. */
  private matchTransactions(transactionIds: string[], carriedDecisions: ReadonlyMap<string, SyncedDocument>): void {
    const toMatch: PlaidTransactionInput[] = []
    for (const id of transactionIds) {
      const existing = this.documents.get('paymentMatches', paymentMatchIdFor(id))
      // A person's decision stands; only its money follows a changed amount.
      if (existing && !existing._deleted && isHumanDecision(existing)) {
        this.settle(existing.id)
        continue
      }
      const raw = this.bankLines.currentBody(id)
      if (raw) toMatch.push(JSON.parse(raw) as PlaidTransactionInput)
    }
    if (toMatch.length === 0) return

    // Bookings as they were before these transactions counted, so a re-run does not see its own payment.
    const reMatchedCents = new Map<string, number>()
    for (const transaction of toMatch) {
      const applied = this.applications.ofTransaction(transaction.transaction_id)
      if (applied) reMatchedCents.set(applied.bookingId, (reMatchedCents.get(applied.bookingId) ?? 0) + applied.amountCents)
    }
    const bookings = this.openBookings(reMatchedCents)
    const options = matchingOptionsFromSettings(this.settings())
    const outcomes = matchTransactions(bookings, toMatch, { now: this.now().toISOString(), options })
    // Money moves in the order it was paid: a deposit counts before the balance that follows it.
    const paidOn = new Map(toMatch.map((transaction) => [transaction.transaction_id, transaction.authorized_date ?? transaction.date]))
    outcomes.sort((a, b) => (paidOn.get(a.transactionId) ?? '').localeCompare(paidOn.get(b.transactionId) ?? ''))
    for (const outcome of outcomes) {
      const carried = carriedDecisions.get(outcome.transactionId)
      this.writeMatch(carried && isHumanDecision(carried) ? inherit(outcome, carried) : outcome)
    }
  }

  private writeMatch(
    outcome: Omit<MatchOutcome, 'status'> & { status: PaymentMatch['status']; decidedBy?: string | null; decidedAt?: string | null },
  ): void {
    const id = paymentMatchIdFor(outcome.transactionId)
    const existing = this.documents.get('paymentMatches', id)
    const decided = outcome.status === 'auto_accepted' || outcome.status === 'ignored'
    const next: Omit<PaymentMatch, 'updatedAt'> = {
      id,
      transactionId: outcome.transactionId,
      bookingId: outcome.bookingId,
      paymentType: outcome.paymentType,
      confidence: outcome.confidence,
      status: outcome.status,
      reasons: capReasons(outcome.reasons),
      decidedBy: outcome.decidedBy !== undefined ? outcome.decidedBy : decided ? matcherName : null,
      decidedAt: outcome.decidedAt !== undefined ? outcome.decidedAt : decided ? this.now().toISOString() : null,
    }
    const unchanged =
      existing &&
      !existing._deleted &&
      (['transactionId', 'bookingId', 'paymentType', 'confidence', 'status', 'decidedBy'] as const).every((key) => existing[key] === next[key]) &&
      JSON.stringify(existing.reasons) === JSON.stringify(next.reasons)
    // A repeated webhook must not churn documents (and every console's replication).
    if (!unchanged) this.documents.put('paymentMatches', { ...next, updatedAt: '' }, { ownerOnly: true })
    this.settle(id)
  }

  private openBookings(reMatchedCents: ReadonlyMap<string, number>): MatchBooking[] {
    const bookings: MatchBooking[] = []
    const customers = new CustomerLookup(this.documents)
    let checkpoint = null as Parameters<DocumentStore['pull']>[1]
    for (;;) {
      const page = this.documents.pull('bookings', checkpoint, 500)
      for (const document of page.documents) {
        if (document._deleted) continue
        const paidCents = Math.max(0, (document.paidCents as number) - (reMatchedCents.get(document.id) ?? 0))
        const candidate = {
          id: document.id,
          customerName: document.customerName,
          customerPhone: document.customerPhone,
          customerEmail: document.customerEmail,
          createdAt: document.createdAt,
          eventDate: document.eventDate,
          totalCents: document.totalCents,
          depositCents: document.depositCents,
          paidCents,
          status: document.status,
          alsoPaysAs: (customers.of(document)?.alsoPaysAs ?? []).map((known) => known.name),
        }
        // A booking without a customer name cannot be matched by anything but luck.
        if (matchBookingCheck.Check(candidate)) bookings.push(candidate)
      }
      if (page.documents.length < 500) return bookings
      checkpoint = page.checkpoint
    }
  }

  /** Before the business is set up: this computer's time zone and the usual tip range. */
  private settings(): Pick<Settings, 'timeZone' | 'tipPercentRange'> {
    return businessSettings(this.documents) ?? { timeZone: businessTimeZone(this.documents), tipPercentRange: { ...usualTipPercentRange } }
  }

  private recordFailure(matchId: string, error: unknown): void {
    try {
      this.documents.put(
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

/** First reasons of a match read again for a booking a person chose (see `reread`). */
const rereadMarks = { placed: 'Placed on this booking by', again: 'Read again for this booking.' } as const

function isReread(reasons: readonly string[]): boolean {
  return reasons[0] === rereadMarks.again || (reasons[0]?.startsWith(`${rereadMarks.placed} `) ?? false)
}

function isHumanDecision(match: SyncedDocument): boolean {
  return (match.status === 'accepted' || match.status === 'rejected') && match.decidedBy !== matcherName
}

/** The posted version of a pending transaction keeps the decision a person made about the pending one. */
function inherit(outcome: MatchOutcome, pending: SyncedDocument) {
  return {
    ...outcome,
    bookingId: pending.bookingId as string | null,
    paymentType: pending.paymentType as PaymentType | null,
    status: pending.status as PaymentMatch['status'],
    reasons: [`Decision carried over from pending transaction ${pending.transactionId as string}`, ...outcome.reasons],
    decidedBy: pending.decidedBy as string | null,
    decidedAt: pending.decidedAt as string | null,
  }
}

/** The paymentMatches collection stores at most 50 reasons of at most 500 characters. */
function capReasons(reasons: readonly string[]): string[] {
  return reasons.slice(0, 50).map((reason) => (reason.length > 500 ? `${reason.slice(0, 499)}…` : reason))
}
