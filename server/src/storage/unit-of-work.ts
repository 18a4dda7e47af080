/**
 * Units of work: a service's reads, decisions and writes over several stores, in one transaction
 * on either engine (a device's pushed batch with its customer merges and cash payments).
 *
 * A unit is written once, as a generator: each storage question is `yield* ask(() => …)`. The
 * engine runs it. SQLite's stores answer at once, so its runner feeds each answer straight back
 * inside one synchronous transaction, which nothing else on the event loop can enter; on
 * PostgreSQL each answer is awaited, every store working in the unit's one transaction (and
 * holding its locks until it ends). Plain `async` code could not do the former: an `await` lets
 * other callbacks write to the same SQLite connection, inside the unit's transaction.
 *
 * A unit touches nothing but storage (it may run again, from the top, when PostgreSQL breaks a
 * deadlock by rolling it back); what it sets in motion elsewhere (a text, a change event) follows
 * its commit.
 */
import type { SendingActions } from '../../../src/domain/sync/write-policy'
import type { Booking, CollectionName, Customer, PaymentMatch, Settings, Transaction } from '../../../src/domain/schemas'
import type { AuditRow, DeviceChange, PaymentApplication } from './contracts'
import type { PutOptions, SyncedDocument } from './document-store'

/** One storage question of a unit, answered at once (SQLite) or as a promise (PostgreSQL). */
export type Question = () => unknown
/** A unit of work, or a step of one, that comes to `T`. */
export type Work<T> = Generator<Question, T, unknown>

/** Asks storage one question inside a unit: `const booking = yield* ask(() => unit.documents.get(…))`. */
export function* ask<R>(question: () => R): Work<Awaited<R>> {
  const answer: unknown = yield question
  return answer as Awaited<R>
}

/** Runs a unit whose every answer comes at once (SQLite's): call inside its transaction. */
export function runAtOnce<T>(work: Work<T>): T {
  let step = work.next()
  while (!step.done) {
    let answer: unknown
    try {
      answer = step.value()
      if (answer instanceof Promise) throw new TypeError('A storage question inside a synchronous unit of work answered with a promise.')
    } catch (error) {
      step = work.throw(error)
      continue
    }
    step = work.next(answer)
  }
  return step.value
}

/**
 * Runs a unit whose answers are awaited (PostgreSQL's): call inside its transaction. An error
 * `endsTheUnit` says the transaction cannot go on (the server rolled it back) is not handed to
 * the unit, which might catch it and carry on: the unit ends, and the error goes to the runner.
 */
export async function runAwaiting<T>(work: Work<T>, endsTheUnit: (error: unknown) => boolean = () => false): Promise<T> {
  let step = work.next()
  while (!step.done) {
    let answer: unknown
    try {
      answer = await step.value()
    } catch (error) {
      if (endsTheUnit(error)) throw error
      step = work.throw(error)
      continue
    }
    step = work.next(answer)
  }
  return step.value
}

type Answer<T> = T | Promise<T>

/**
 * What a unit of work may ask of storage, every store inside the unit's transaction. Each engine
 * builds it over its own stores (SQLite's answering at once, PostgreSQL's with promises).
 */
export interface UnitStorage {
  documents: {
    get(collection: CollectionName, id: string): Answer<SyncedDocument | null>
    put(collection: CollectionName, document: Record<string, unknown> & { id: string }, options?: PutOptions): Answer<SyncedDocument>
    /** Whether the document (live or deleted) is for owner devices only. */
    isOwnerOnly(collection: CollectionName, id: string): Answer<boolean>
    /** The live documents whose top-level text `field` equals `value`. */
    withField(collection: CollectionName, field: string, value: string): Answer<SyncedDocument[]>
    /**
     * Holds a key of the collection (a document's id, or a name such as a booking day) against
     * other units and writers of that key until the unit ends. On SQLite the unit's own
     * transaction holds everything; on PostgreSQL a read whose answer a later write depends on
     * takes it first.
     */
    lock(collection: CollectionName, key: string): Answer<void>
  }
  bookings: {
    live(id: string): Answer<Booking | null>
    onDate(date: string): Answer<Booking[]>
    all(): Answer<Booking[]>
  }
  customers: {
    live(id: string): Answer<Customer | null>
    all(): Answer<Customer[]>
    taughtByMatch(matchId: string): Answer<Customer[]>
  }
  transactions: { live(id: string): Answer<Transaction | null> }
  paymentMatches: { live(id: string): Answer<PaymentMatch | null> }
  settings: { live(id: string): Answer<Settings | null> }
  needsAttention: { openRefusedEditsSince(deviceId: string, since: string): Answer<number> }
  quotas: {
    /** Why these actions would take the device over a quota; the device held until the unit ends. */
    refusal(deviceId: string, actions: Partial<SendingActions>, at: Date): Answer<string | null>
    record(deviceId: string, actions: Partial<SendingActions>, at: Date, collection: string, documentId: string): Answer<void>
  }
  audit: {
    add(kind: string, at: Date, detail: object): Answer<number>
    updateDetails(changes: { seq: number; detail: object }[]): Answer<void>
    countForDeviceSince(kind: string, deviceId: string, since: string): Answer<number>
    latestForDeviceSince(kind: string, deviceId: string, since: string): Answer<AuditRow | null>
    latestCustomerMerge(duplicateId: string, survivorId: string): Answer<AuditRow | null>
  }
  changes: { record(change: Omit<DeviceChange, 'seq'>): Answer<void> }
  optOuts: { has(phone: string): Answer<boolean> }
  ledger: {
    upsertLines(lines: { transactionId: string; body: string }[], receivedAt: string): Answer<void>
    markRemoved(transactionId: string): Answer<void>
    line(transactionId: string): Answer<{ body: string; removed: boolean } | null>
    applicationOf(transactionId: string): Answer<PaymentApplication | null>
    applicationsOf(bookingId: string): Answer<(PaymentApplication & { rawBody: string | null })[]>
    /** Counts the transaction on its booking; false (and nothing written) when it already counts somewhere. */
    apply(application: PaymentApplication, appliedAt: string): Answer<boolean>
    unapply(transactionId: string): Answer<boolean>
  }
  plaidItems: { saveCursor(itemId: string, cursor: string): Answer<void> }
}

/** Runs units of work on the relay's engine: each in one transaction, durable when it resolves. */
export type UnitRunner = <T>(unit: (storage: UnitStorage) => Work<T>) => Promise<T>
