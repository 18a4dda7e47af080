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
import { bookingAfterPayment, bookingAfterReversal, type BookingMoney } from '../../../src/domain/payments/booking-payments'
import { failedJobItem, type BookingStatus, type PaymentMatch, type PaymentType, type Settings } from '../../../src/domain/schemas'
import { Compile } from 'typebox/compile'
import { dollarsToCents } from '../../../src/domain/money'
import type { Device } from '../devices/device-registry'
import { businessSettings, businessTimeZone } from '../storage/business-settings'
import type { RelayDatabase } from '../storage/database'
import type { DocumentStore, SyncedDocument } from '../storage/document-store'
import { CustomerLookup, KnownPayers } from './known-payers'
import { auditRefusedManualPayment, businessToday, establishManualPayment, manualPaymentRefusal } from './manual-payments'

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

interface ApplicationRow {
  transaction_id: string
  booking_id: string
  amount_cents: number
  payment_type: PaymentType
  status_before: BookingStatus
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
  private readonly documents: DocumentStore
  private readonly now: () => Date
  private readonly logger: MatchingLogger | undefined
  private readonly knownPayers: KnownPayers

  constructor(dependencies: PaymentMatchingDependencies) {
    this.db = dependencies.db
    this.documents = dependencies.documents
    this.now = dependencies.now ?? (() => new Date())
    this.logger = dependencies.logger
    this.knownPayers = new KnownPayers(this.db, this.documents, this.now)
  }

  /** Why a pushed payment match is refused (a cash/check payment the booking cannot take), or null. */
  refusalOfPushedMatch(proposed: Record<string, unknown> & { id: string }, master: SyncedDocument | null, device: Device): string | null {
    const reason = manualPaymentRefusal(this.documents, proposed, master, device, businessToday(this.documents, this.now()))
    if (reason) auditRefusedManualPayment(this.db, proposed, device, reason, this.now())
    return reason
  }

  /** Inside the push that stored it: a recorded cash/check payment becomes money received. */
  acceptPushedMatch(match: Record<string, unknown> & { id: string }, master: SyncedDocument | null, device: Device): void {
    establishManualPayment(this.documents, this.db, match, master, device, this.now())
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
      }
    })
  }

  /** Call inside the transaction that applies a `/transactions/sync` result. */
  applyPlaidChanges(changes: PlaidChanges): void {
    this.documents.transaction(() => {
      const receivedAt = this.now().toISOString()
      const current = [...changes.added, ...changes.modified]
      const upsert = this.db.prepare(
        `INSERT INTO plaid_raw_transactions (transaction_id, body, removed, received_at) VALUES (?, ?, 0, ?)
         ON CONFLICT (transaction_id) DO UPDATE SET body = excluded.body, removed = 0, received_at = excluded.received_at`,
      )
      for (const transaction of current) upsert.run(transaction.transaction_id, JSON.stringify(transaction), receivedAt)

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
        this.db.prepare('UPDATE plaid_raw_transactions SET removed = 1 WHERE transaction_id = ?').run(id)
        const posted = postedFor.get(id)
        const decision = this.markRemoved(id, posted ?? null)
        if (posted && decision) carriedDecisions.set(posted, decision)
      }
      // A posted line whose pending one Plaid has not (yet) reported removed still replaces it:
      // the pending one stops counting now, so the payment is never counted twice.
      for (const [pendingId, postedId] of postedFor) {
        if (removedIds.has(pendingId)) continue
        const known = this.db.prepare('SELECT removed FROM plaid_raw_transactions WHERE transaction_id = ?').get(pendingId) as { removed: number } | undefined
        if (!known || known.removed === 1) continue
        this.db.prepare('UPDATE plaid_raw_transactions SET removed = 1 WHERE transaction_id = ?').run(pendingId)
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
      const applied = this.db.prepare('SELECT * FROM payment_applications WHERE transaction_id = ?').get(transactionId) as
        | ApplicationRow
        | undefined
      if (
        applied &&
        wanted &&
        applied.booking_id === wanted.bookingId &&
        applied.amount_cents === wanted.amountCents &&
        applied.payment_type === wanted.paymentType
      ) {
        return
      }
      if (!applied && !wanted) return
      if (applied) this.reverse(applied)
      if (wanted) this.apply(transactionId, wanted)
    })
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
    const raw = this.db.prepare('SELECT body, removed FROM plaid_raw_transactions WHERE transaction_id = ?').get(transactionId) as
      | { body: string; removed: number }
      | undefined
    if (raw) return raw.removed === 1 ? null : -dollarsToCents((JSON.parse(raw.body) as PlaidTransaction).amount)
    const document = this.documents.get('transactions', transactionId)
    if (!document || document._deleted || document.removed === true) return null
    return -(document.amountCents as number)
  }

  private apply(transactionId: string, wanted: WantedPayment): void {
    const booking = this.documents.get('bookings', wanted.bookingId)!
    const { _deleted: _ignored, ...fields } = booking
    const money = booking as unknown as BookingMoney
    this.documents.put('bookings', { ...fields, ...bookingAfterPayment(money, wanted) })
    this.db
      .prepare(
        `INSERT INTO payment_applications (transaction_id, booking_id, amount_cents, payment_type, status_before, decided_by, applied_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(transactionId, wanted.bookingId, wanted.amountCents, wanted.paymentType, money.status, wanted.decidedBy, this.now().toISOString())
  }

  private reverse(applied: ApplicationRow): void {
    this.db.prepare('DELETE FROM payment_applications WHERE transaction_id = ?').run(applied.transaction_id)
    const booking = this.documents.get('bookings', applied.booking_id)
    if (!booking || booking._deleted) return
    const stillApplied = (
      this.db.prepare('SELECT amount_cents, payment_type FROM payment_applications WHERE booking_id = ?').all(applied.booking_id) as {
        amount_cents: number
        payment_type: PaymentType
      }[]
    ).map((row) => ({ amountCents: row.amount_cents, paymentType: row.payment_type }))
    const { _deleted: _ignored, ...fields } = booking
    const next = bookingAfterReversal(
      booking as unknown as BookingMoney,
      { amountCents: applied.amount_cents, paymentType: applied.payment_type, statusBefore: applied.status_before },
      stillApplied,
    )
    this.documents.put('bookings', { ...fields, ...next })
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
    const applied = this.db.prepare('SELECT booking_id, amount_cents FROM payment_applications WHERE transaction_id = ?').get(transactionId) as
      | { booking_id: string; amount_cents: number }
      | undefined
    const decidedAt = this.now().toISOString()
    const { _deleted: _ignored, ...fields } = match
    const reasons = match.reasons as string[]
    const taken = applied ? ` ${formatCents(applied.amount_cents)} was taken off booking ${applied.booking_id}.` : ''
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
      const raw = this.db.prepare('SELECT body FROM plaid_raw_transactions WHERE transaction_id = ? AND removed = 0').get(id) as
        | { body: string }
        | undefined
      if (raw) toMatch.push(JSON.parse(raw.body) as PlaidTransactionInput)
    }
    if (toMatch.length === 0) return

    // Bookings as they were before these transactions counted, so a re-run does not see its own payment.
    const reMatchedCents = new Map<string, number>()
    for (const transaction of toMatch) {
      const applied = this.db.prepare('SELECT booking_id, amount_cents FROM payment_applications WHERE transaction_id = ?').get(transaction.transaction_id) as
        | { booking_id: string; amount_cents: number }
        | undefined
      if (applied) reMatchedCents.set(applied.booking_id, (reMatchedCents.get(applied.booking_id) ?? 0) + applied.amount_cents)
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
