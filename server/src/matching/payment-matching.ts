/**
 * Payment matching as steps of a unit of work (../storage/unit-of-work.ts), so it runs in one
 * transaction on either engine: the pure matcher (src/domain/matching) over Plaid's transactions,
 * one `paymentMatches` document per bank transaction, and each booking's `paidCents`/`status`
 * following the decisions — the matcher's auto-accepts and a person's accept / reject / re-match.
 *
 * Money is applied through the payment ledger: one application per bank transaction saying which
 * booking and amount currently count. `settle` compares it with what the match document asks for
 * and only changes a booking when they differ, so any number of re-runs, repeated webhooks,
 * echoed pushes or relays hearing of one decision apply a payment once.
 */
import { createHash } from 'node:crypto'
import type { RemovedTransaction, Transaction as PlaidTransaction } from 'plaid'
import { Compile } from 'typebox/compile'
import { trimTimeline } from '../../../src/domain/bookings'
import { usualTipPercentRange } from '../../../src/domain/business-setup'
import { extractPayerNames, MatchBooking, matchingOptionsFromSettings, matchTransactions, payerToLearn, type MatchOutcome, type PlaidTransactionInput } from '../../../src/domain/matching'
import { dollarsToCents, formatCents } from '../../../src/domain/money'
import { bookingAfterPayment, bookingAfterReversal } from '../../../src/domain/payments/booking-payments'
import { bankPaymentEntries, reversalReason } from '../../../src/domain/payments/bank-payment-timeline'
import { readPair } from '../../../src/domain/payments/match-explanation'
import type { Booking, Customer, KnownPayer, ManualPayment, PaymentMatch, PaymentType, Settings } from '../../../src/domain/schemas'
import { withoutSyncFlags, type SyncedDocument } from '../storage/document-store'
import { ask, type UnitStorage, type Work } from '../storage/unit-of-work'
import { asRelayEntries, countingPayment, railOfLine, railWithoutRawLine } from './bank-payment-entries'

/** Who `decidedBy` names when the relay decided on its own. */
export const matcherName = 'matcher'

export interface PlaidChanges {
  added: readonly PlaidTransaction[]
  modified: readonly PlaidTransaction[]
  removed: readonly RemovedTransaction[]
}

/** What a match document asks to count on a booking, or null for nothing. */
interface WantedPayment {
  bookingId: string
  amountCents: number
  paymentType: PaymentType
  decidedBy: string | null
}

export interface MatchingLogger {
  warn(object: object, message: string): void
  error(object: object, message: string): void
}

const statusesThatCount: ReadonlySet<PaymentMatch['status']> = new Set(['auto_accepted', 'accepted'])
const matchBookingCheck = Compile(MatchBooking)

/** The paymentMatches id of a bank transaction: stable, so a re-run updates instead of duplicating. */
export function paymentMatchIdFor(transactionId: string): string {
  if (/^[A-Za-z0-9_:.-]{1,61}$/.test(transactionId)) return `pm_${transactionId}`
  return `pm_h_${createHash('sha256').update(transactionId).digest('hex').slice(0, 40)}`
}

/** Payment matching inside one unit of work. */
export class PaymentMatching {
  constructor(
    private readonly unit: UnitStorage,
    private readonly now: () => Date,
    private readonly logger?: MatchingLogger,
  ) {}

  /** A `/transactions/sync` result: its raw lines, removals and the matcher's reading of what is new. */
  *applyPlaidChanges(changes: PlaidChanges): Work<void> {
    const { unit } = this
    const receivedAt = this.now().toISOString()
    const current = [...changes.added, ...changes.modified]
    yield* ask(() => unit.ledger.upsertLines(current.map((transaction) => ({ transactionId: transaction.transaction_id, body: JSON.stringify(transaction) })), receivedAt))

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
      yield* ask(() => unit.ledger.markRemoved(id))
      const posted = postedFor.get(id)
      const decision = yield* this.markRemoved(id, posted ?? null)
      if (posted && decision) carriedDecisions.set(posted, decision)
    }
    // A posted line whose pending one Plaid has not (yet) reported removed still replaces it:
    // the pending one stops counting now, so the payment is never counted twice.
    for (const [pendingId, postedId] of postedFor) {
      if (removedIds.has(pendingId)) continue
      const known = yield* ask(() => unit.ledger.line(pendingId))
      if (!known || known.removed) continue
      yield* ask(() => unit.ledger.markRemoved(pendingId))
      const decision = yield* this.markRemoved(pendingId, postedId)
      if (decision) carriedDecisions.set(postedId, decision)
    }
    yield* this.matchTransactions([...new Set(current.map((transaction) => transaction.transaction_id))], carriedDecisions)
  }

  /**
   * Follows a decision on one match (a person's, synced from a console): its money, the payers
   * it teaches, and its reading for the booking a person placed it on.
   */
  *followDecision(matchId: string): Work<void> {
    yield* this.settle(matchId)
    yield* this.followKnownPayers(matchId)
    yield* this.reread(matchId)
  }

  /** Makes the booking money follow one match document; does nothing when it already does. */
  *settle(matchId: string): Work<void> {
    const { unit } = this
    // One settle of a match at a time, on every relay: the second sees the first's outcome.
    yield* ask(() => unit.documents.lock('paymentMatches', matchId))
    const match = yield* ask(() => unit.documents.get('paymentMatches', matchId))
    if (!match) return
    const transactionId = match.transactionId as string
    const wanted = match._deleted ? null : yield* this.wantedPayment(match)
    const applied = yield* ask(() => unit.ledger.applicationOf(transactionId))
    if (applied && wanted && applied.bookingId === wanted.bookingId && applied.amountCents === wanted.amountCents && applied.paymentType === wanted.paymentType) return
    if (!applied && !wanted) return
    if (applied) yield* this.reverse(applied.transactionId, applied)
    if (wanted) yield* this.apply(transactionId, wanted)
    // The booking's timeline tells it in the same transaction: received, or no longer counting.
    for (const bookingId of new Set([applied?.bookingId, wanted?.bookingId])) if (bookingId) yield* this.recordBankMoneyOnTimeline(bookingId)
  }

  /** Settles these matches (at start-up: repairs what an older relay left between a decision and its money). */
  *settleEach(matchIds: readonly string[]): Work<void> {
    for (const id of matchIds) yield* this.settle(id)
  }

  /**
   * Adds what the booking's timeline does not show yet of its bank money: "received" for each
   * payment that counts on it, a reversal for each that stopped. Read and written under the
   * booking's lock, with the ledger as it is then, so a decision committed by another relay is
   * never told twice (the booking loop runs it too, for bookings from before this rule).
   */
  *recordBankMoneyOnTimeline(bookingId: string): Work<void> {
    const { unit } = this
    yield* ask(() => unit.documents.lock('bookings', bookingId))
    const booking = yield* ask(() => unit.bookings.live(bookingId))
    if (!booking) return
    const timeline = booking.timeline ?? []
    const counting = []
    for (const row of yield* ask(() => unit.ledger.applicationsOf(bookingId))) {
      if (row.rawBody) {
        counting.push(countingPayment(row, railOfLine(row.rawBody)))
        continue
      }
      const match = yield* ask(() => unit.paymentMatches.live(paymentMatchIdFor(row.transactionId)))
      const transaction = yield* ask(() => unit.transactions.live(row.transactionId))
      counting.push(countingPayment(row, railWithoutRawLine(match, transaction)))
    }
    // Why each payment the timeline shows as received may have stopped counting.
    const reasons = new Map<string, ReturnType<typeof reversalReason>>()
    for (const entry of timeline) {
      if (entry.kind !== 'payment' || !entry.ref?.startsWith('paymentMatches/')) continue
      const matchId = entry.ref.slice('paymentMatches/'.length)
      const match = yield* ask(() => unit.paymentMatches.live(matchId))
      const removed = match !== null && ((yield* ask(() => unit.ledger.line(match.transactionId)))?.removed ?? false)
      reasons.set(matchId, reversalReason(match, bookingId, removed))
    }
    const additions = bankPaymentEntries(timeline, counting, (matchId) => reasons.get(matchId) ?? reversalReason(null, bookingId, false))
    if (additions.length === 0) return
    yield* ask(() => unit.documents.put('bookings', { ...booking, timeline: trimTimeline([...timeline, ...asRelayEntries(additions, this.now().toISOString())]) }))
  }

  /** An accepted payment from someone other than the customer teaches "also pays as"; undoing it unteaches. */
  private *followKnownPayers(matchId: string): Work<void> {
    const match = yield* ask(() => this.unit.documents.get('paymentMatches', matchId))
    if (!match) return
    yield* this.followPayers(match, !match._deleted && match.status === 'accepted' && isHumanDecision(match) && !!match.bookingId)
  }

  /**
   * Makes the customers' "also pays as" lists follow one payment match: a payer the owner accepted
   * for a booking whose customer has another name is added; what an earlier acceptance of this
   * match taught is dropped once the match no longer says so (undone, rejected, re-matched).
   */
  private *followPayers(match: SyncedDocument, isHumanAcceptance: boolean): Work<void> {
    const { unit } = this
    const payer = isHumanAcceptance ? yield* this.payerOf(match) : null
    const booking = isHumanAcceptance && typeof match.bookingId === 'string' ? yield* ask(() => unit.bookings.live(match.bookingId as string)) : null
    const learnFor = booking && payerToLearn(booking.customerName, payer, []) ? booking : null
    const customer = learnFor ? yield* this.customerFor(learnFor) : null

    for (const { id } of yield* ask(() => unit.customers.taughtByMatch(match.id))) {
      // Each customer read again under its lock: an edit made meanwhile is kept.
      yield* ask(() => unit.documents.lock('customers', id))
      const taught = yield* ask(() => unit.customers.live(id))
      if (!taught) continue
      if (customer && taught.id === customer.id && taught.alsoPaysAs?.some((known) => known.learnedFrom === match.id && known.name === payer)) continue
      yield* ask(() => unit.documents.put('customers', { ...taught, alsoPaysAs: (taught.alsoPaysAs ?? []).filter((known) => known.learnedFrom !== match.id) }))
    }
    if (!learnFor || !customer || !payer) return
    yield* ask(() => unit.documents.lock('customers', customer.id))
    const current = yield* ask(() => unit.customers.live(customer.id))
    if (!current) return
    const known = current.alsoPaysAs ?? []
    const name = payerToLearn(learnFor.customerName, payer, known.map((entry) => entry.name))
    if (!name) return
    const learned: KnownPayer = { name, learnedFrom: match.id.slice(0, 128), addedAt: this.now().toISOString() }
    yield* ask(() => unit.documents.put('customers', { ...current, alsoPaysAs: [...known, learned] }))
  }

  /** Who paid, as the bank line (or the owner, for cash and checks) names them. */
  private *payerOf(match: SyncedDocument): Work<string | null> {
    const manual = match.manualPayment as ManualPayment | null | undefined
    if (manual) return manual.payer?.trim() || null
    const raw = yield* ask(() => this.unit.ledger.line(match.transactionId as string))
    if (!raw) return null
    return extractPayerNames(JSON.parse(raw.body) as PlaidTransactionInput)[0]?.name ?? null
  }

  /** The booking's customer; one is made from the booking (and linked to it) when none exists. */
  private *customerFor(read: Booking): Work<Customer> {
    const { unit } = this
    const found = new CustomerLookup(yield* ask(() => unit.customers.all())).of(read)
    if (found) return found
    yield* ask(() => unit.documents.lock('bookings', read.id))
    const booking = (yield* ask(() => unit.bookings.live(read.id))) ?? read
    const phone = booking.customerPhone
    const created: Omit<Customer, 'updatedAt'> = {
      id: phone ? `cust-${phone.slice(1)}` : `cust-${booking.id}`.slice(0, 64),
      name: booking.customerName,
      phone,
      email: booking.customerEmail,
      notes: '',
      smsOptOut: false,
      createdAt: this.now().toISOString(),
      alsoPaysAs: [],
    }
    yield* ask(() => unit.documents.lock('customers', created.id))
    const stored = yield* ask(() => unit.documents.put('customers', created))
    yield* ask(() => unit.documents.put('bookings', { ...booking, customerId: created.id }))
    return { ...created, updatedAt: stored.updatedAt }
  }

  /**
   * A person placed the money on a booking the matcher did not read it against (a re-match, or an
   * undo back to it): its confidence and reasons are read again for that booking, in sentences,
   * so "Why?" and the confidence never describe the previous one. The matcher's own reading of a
   * booking (its reasons name it) stands.
   */
  private *reread(matchId: string): Work<void> {
    const { unit } = this
    const match = yield* ask(() => unit.documents.get('paymentMatches', matchId))
    const bookingId = match?.bookingId as string | null | undefined
    if (!match || match._deleted || match.manualPayment || !bookingId || match.status === 'ignored') return
    const reasons = match.reasons as string[]
    const placedByPerson = match.status === 'accepted' && isHumanDecision(match)
    // Only what a person placed, or what was read again before (an undo back to it); never the matcher's own reading.
    if (reasons.includes(`Booking ${bookingId}:`) || !(placedByPerson || isReread(reasons))) return
    const transaction = yield* ask(() => unit.transactions.live(match.transactionId as string))
    const booking = yield* ask(() => unit.bookings.live(bookingId))
    if (!transaction || !booking) return
    // The booking's money as it was before this deposit counted on it.
    const application = yield* ask(() => unit.ledger.applicationOf(match.transactionId as string))
    const applied = application?.bookingId === bookingId ? application : null
    const customer = new CustomerLookup(yield* ask(() => unit.customers.all())).of(booking)
    const reading = readPair(
      transaction,
      { ...booking, paidCents: Math.max(0, booking.paidCents - (applied?.amountCents ?? 0)), alsoPaysAs: (customer?.alsoPaysAs ?? []).map((known) => known.name) },
      matchingOptionsFromSettings(yield* this.settings()),
    )
    const first = placedByPerson ? `${rereadMarks.placed} ${match.decidedBy as string}.` : rereadMarks.again
    const next = { confidence: reading.confidence, reasons: capReasons([first, ...reading.sentences]) }
    if (match.confidence === next.confidence && JSON.stringify(reasons) === JSON.stringify(next.reasons)) return
    yield* ask(() => unit.documents.put('paymentMatches', { ...withoutSyncFlags(match), id: match.id, ...next }, { ownerOnly: true }))
  }

  private *wantedPayment(match: SyncedDocument): Work<WantedPayment | null> {
    const status = match.status as PaymentMatch['status']
    const bookingId = match.bookingId as string | null
    const paymentType = match.paymentType as PaymentType | null
    if (!statusesThatCount.has(status) || !bookingId || !paymentType) return null
    const amountCents = yield* this.receivedCents(match.transactionId as string)
    if (amountCents === null || amountCents <= 0) return null
    const booking = yield* ask(() => this.unit.bookings.live(bookingId))
    if (!booking) {
      this.logger?.warn({ matchId: match.id, bookingId }, 'a payment match names a booking the relay does not have; no money applied')
      return null
    }
    return { bookingId, amountCents, paymentType, decidedBy: (match.decidedBy as string | null) ?? null }
  }

  /**
   * Money received by the transaction, in positive cents (Plaid's sign flipped), or null when the
   * bank removed it or it is unknown. Falls back to the `transactions` document when no raw copy exists.
   */
  private *receivedCents(transactionId: string): Work<number | null> {
    const raw = yield* ask(() => this.unit.ledger.line(transactionId))
    if (raw) return raw.removed ? null : -dollarsToCents((JSON.parse(raw.body) as PlaidTransaction).amount)
    const document = yield* ask(() => this.unit.transactions.live(transactionId))
    if (!document || document.removed) return null
    return -document.amountCents
  }

  private *apply(transactionId: string, wanted: WantedPayment): Work<void> {
    const { unit } = this
    yield* ask(() => unit.documents.lock('bookings', wanted.bookingId))
    const booking = (yield* ask(() => unit.bookings.live(wanted.bookingId)))!
    if (!(yield* ask(() => unit.ledger.apply({ transactionId, ...wanted, statusBefore: booking.status }, this.now().toISOString())))) return
    yield* ask(() => unit.documents.put('bookings', { ...booking, ...bookingAfterPayment(booking, wanted) }))
  }

  private *reverse(transactionId: string, applied: { bookingId: string; amountCents: number; paymentType: PaymentType; statusBefore: Booking['status'] }): Work<void> {
    const { unit } = this
    if (!(yield* ask(() => unit.ledger.unapply(transactionId)))) return
    yield* ask(() => unit.documents.lock('bookings', applied.bookingId))
    const booking = yield* ask(() => unit.bookings.live(applied.bookingId))
    if (!booking) return
    const stillApplied = (yield* ask(() => unit.ledger.applicationsOf(applied.bookingId))).map((row) => ({ amountCents: row.amountCents, paymentType: row.paymentType }))
    const next = bookingAfterReversal(booking, { amountCents: applied.amountCents, paymentType: applied.paymentType, statusBefore: applied.statusBefore }, stillApplied)
    yield* ask(() => unit.documents.put('bookings', { ...booking, ...next }))
  }

  /**
   * The bank removed a transaction. Its money stops counting (settle sees no raw amount); its
   * match says why. A pending one replaced by its posted version is simply superseded; any other
   * accepted one goes back to review so a person notices the booking lost a payment.
   * Returns the match as it was, for the posted version to inherit a person's decision.
   */
  private *markRemoved(transactionId: string, postedAs: string | null): Work<SyncedDocument | null> {
    const { unit } = this
    const matchId = paymentMatchIdFor(transactionId)
    yield* ask(() => unit.documents.lock('paymentMatches', matchId))
    const match = yield* ask(() => unit.documents.get('paymentMatches', matchId))
    if (!match || match._deleted) return null
    const applied = yield* ask(() => unit.ledger.applicationOf(transactionId))
    const decidedAt = this.now().toISOString()
    const fields = { ...withoutSyncFlags(match), id: match.id }
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
    yield* ask(() => unit.documents.put('paymentMatches', next, { ownerOnly: true }))
    yield* this.settle(matchId)
    return match
  }

  /** Runs the matcher over these transactions and writes their match documents. */
  private *matchTransactions(transactionIds: string[], carriedDecisions: ReadonlyMap<string, SyncedDocument>): Work<void> {
    const { unit } = this
    const toMatch: PlaidTransactionInput[] = []
    for (const id of transactionIds) {
      // Held from here to the unit's end: a decision a person commits meanwhile waits, and then stands.
      yield* ask(() => unit.documents.lock('paymentMatches', paymentMatchIdFor(id)))
      const existing = yield* ask(() => unit.documents.get('paymentMatches', paymentMatchIdFor(id)))
      // A person's decision stands; only its money follows a changed amount.
      if (existing && !existing._deleted && isHumanDecision(existing)) {
        yield* this.settle(existing.id)
        continue
      }
      const raw = yield* ask(() => unit.ledger.line(id))
      if (raw && !raw.removed) toMatch.push(JSON.parse(raw.body) as PlaidTransactionInput)
    }
    if (toMatch.length === 0) return

    // Bookings as they were before these transactions counted, so a re-run does not see its own payment.
    const reMatchedCents = new Map<string, number>()
    for (const transaction of toMatch) {
      const applied = yield* ask(() => unit.ledger.applicationOf(transaction.transaction_id))
      if (applied) reMatchedCents.set(applied.bookingId, (reMatchedCents.get(applied.bookingId) ?? 0) + applied.amountCents)
    }
    const bookings = yield* this.openBookings(reMatchedCents)
    const options = matchingOptionsFromSettings(yield* this.settings())
    const outcomes = matchTransactions(bookings, toMatch, { now: this.now().toISOString(), options })
    // Money moves in the order it was paid: a deposit counts before the balance that follows it.
    const paidOn = new Map(toMatch.map((transaction) => [transaction.transaction_id, transaction.authorized_date ?? transaction.date]))
    outcomes.sort((a, b) => (paidOn.get(a.transactionId) ?? '').localeCompare(paidOn.get(b.transactionId) ?? ''))
    for (const outcome of outcomes) {
      const carried = carriedDecisions.get(outcome.transactionId)
      yield* this.writeMatch(carried && isHumanDecision(carried) ? inherit(outcome, carried) : outcome)
    }
  }

  private *writeMatch(outcome: Omit<MatchOutcome, 'status'> & { status: PaymentMatch['status']; decidedBy?: string | null; decidedAt?: string | null }): Work<void> {
    const { unit } = this
    const id = paymentMatchIdFor(outcome.transactionId)
    yield* ask(() => unit.documents.lock('paymentMatches', id))
    const existing = yield* ask(() => unit.documents.get('paymentMatches', id))
    // A person's decision stands (unless this outcome carries one over from a pending line).
    if (existing && !existing._deleted && isHumanDecision(existing) && outcome.decidedBy === undefined) return yield* this.settle(id)
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
    if (!unchanged) yield* ask(() => unit.documents.put('paymentMatches', next, { ownerOnly: true }))
    yield* this.settle(id)
  }

  private *openBookings(reMatchedCents: ReadonlyMap<string, number>): Work<MatchBooking[]> {
    const customers = new CustomerLookup(yield* ask(() => this.unit.customers.all()))
    const bookings: MatchBooking[] = []
    // In the order the bookings last changed, as the matcher has always read them (ties go to the first).
    const all = (yield* ask(() => this.unit.bookings.all())).sort((a, b) => (a.updatedAt === b.updatedAt ? (a.id < b.id ? -1 : 1) : a.updatedAt < b.updatedAt ? -1 : 1))
    for (const document of all) {
      const paidCents = Math.max(0, document.paidCents - (reMatchedCents.get(document.id) ?? 0))
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
    return bookings
  }

  /** Before the business is set up: this computer's time zone and the usual tip range. */
  private *settings(): Work<Pick<Settings, 'timeZone' | 'tipPercentRange'>> {
    const settings = yield* ask(() => this.unit.settings.live('business'))
    return settings ?? { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, tipPercentRange: { ...usualTipPercentRange } }
  }
}

/** The customers, looked up by id, phone and e-mail, for one pass over the bookings. */
export class CustomerLookup {
  private readonly byId = new Map<string, Customer>()
  private readonly byPhone = new Map<string, Customer>()
  private readonly byEmail = new Map<string, Customer>()

  constructor(customers: readonly Customer[]) {
    for (const customer of customers) {
      this.byId.set(customer.id, customer)
      if (customer.phone && !this.byPhone.has(customer.phone)) this.byPhone.set(customer.phone, customer)
      if (customer.email && !this.byEmail.has(customer.email.toLowerCase())) this.byEmail.set(customer.email.toLowerCase(), customer)
    }
  }

  /** The booking's customer: the linked one, else the one with its phone number, else its e-mail. */
  of(booking: Pick<Booking, 'customerId' | 'customerPhone' | 'customerEmail'>): Customer | null {
    const linked = booking.customerId ? this.byId.get(booking.customerId) : undefined
    if (linked) return linked
    if (booking.customerPhone && this.byPhone.has(booking.customerPhone)) return this.byPhone.get(booking.customerPhone)!
    if (booking.customerEmail) return this.byEmail.get(booking.customerEmail.toLowerCase()) ?? null
    return null
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
