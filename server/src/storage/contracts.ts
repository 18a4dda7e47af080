/**
 * What the relay's services may ask of storage, independent of the engine behind it. Every method
 * returns a promise: SQLite answers at once (better-sqlite3 is synchronous), a server database
 * over the network. Services and routes depend on these interfaces, never on a class of one engine.
 *
 * The guarantees each contract states hold on every engine; `contract-suite.ts` (under
 * `testing/`) checks them, and each engine's test runs that one suite.
 */
import type { MessageJobKind, PlannedMessageJob } from '../../../src/domain/bookings'
import type { Booking, BookingStatus, Call, CollectionName, Conversation, Customer, PaymentType, Suggestion, TranscriptSegment } from '../../../src/domain/schemas'
import type { DocumentOf } from '../../../src/domain/schemas/document-guard'
import type { SendingActions } from '../../../src/domain/sync/write-policy'
import type { DocumentChangeListener, PutOptions, SyncCheckpoint, SyncedDocument } from './document-store'
import type { PlaidAccountSummary, PlaidItem, PlaidItemStatus, PlaidItemSummary } from './plaid-item-store'

/**
 * The database could not store a write durably (a failed commit or flush, a lost connection):
 * nothing it stood for may be acknowledged, and the client should retry.
 */
export class StorageUnavailableError extends Error {
  constructor(override readonly cause: unknown) {
    super('The database could not store this durably.')
    this.name = 'StorageUnavailableError'
  }
}

export const webhookProviders = ['ringcentral', 'stripe', 'plaid'] as const
export type WebhookProvider = (typeof webhookProviders)[number]

export type InboxStatus = 'pending' | 'done' | 'dead'

export interface InboxEvent {
  seq: number
  provider: WebhookProvider
  eventId: string
  receivedAt: string
  /** Only the headers an audit needs; never a shared secret. */
  headers: Record<string, string>
  body: Buffer
  status: InboxStatus
  attempts: number
  nextAttemptAt: string
  lastError: string | null
  processedAt: string | null
  deliveries: number
}

/** What `list` shows: everything but the raw body. */
export type InboxEventSummary = Omit<InboxEvent, 'body'>

export interface NewInboxEvent {
  provider: WebhookProvider
  eventId: string
  headers: Record<string, string>
  body: Buffer
}

/**
 * The durable webhook inbox. One row per (provider, provider event id): a redelivery only counts
 * `deliveries`, so each event is processed once, however many relays receive it.
 */
export interface WebhookInbox {
  /**
   * Stores a verified delivery unless the same event is stored already. Resolves once the event is
   * durably stored (the relay may then answer 2xx), with whether it was new.
   */
  record(event: NewInboxEvent): Promise<{ seq: number; isDuplicate: boolean }>
  /**
   * Claims pending events due at `now`, oldest first, for the caller alone: each is hidden from
   * every other worker (of this relay or another) until `leaseMs` has passed, by when the caller
   * has marked it done or failed. A worker that dies mid-event leaves it to be retried after that.
   */
  claimDue(now: Date, leaseMs: number, limit?: number): Promise<InboxEvent[]>
  get(seq: number): Promise<InboxEvent | null>
  /** By inbox sequence number or by provider event id (which may be ambiguous). */
  find(idOrSeq: string): Promise<InboxEvent[]>
  list(options?: { status?: InboxStatus; limit?: number }): Promise<InboxEventSummary[]>
  count(): Promise<number>
  markDone(seq: number, attempts: number): Promise<void>
  /** A failed attempt: retried at `retryAt`, or dead when `retryAt` is null. */
  markFailed(seq: number, attempts: number, error: string, retryAt: Date | null): Promise<void>
  /** Puts a dead or done event back in the queue, due now, with a fresh attempt budget. */
  replay(seq: number): Promise<boolean>
}

export type DeviceRole = 'owner' | 'frontdesk'

export interface Device {
  id: string
  name: string
  role: DeviceRole
  createdAt: string
  lastSeenAt: string | null
  revokedAt: string | null
}

export class PairingError extends Error {
  constructor() {
    super('That pairing code is unknown, already used or expired. Ask the owner to run "npm run relay -- pair" for a new one.')
    this.name = 'PairingError'
  }
}

/**
 * Paired consoles and their one-time pairing codes. Only digests of codes and tokens are stored: a
 * copy of the database cannot be used to pair or to act as a device.
 */
export interface DeviceStore {
  /** A new single-use code, shown once as `XXXX-XXXX-XXXX-XXXX`; valid for ten minutes. */
  createPairingCode(role: DeviceRole): Promise<{ code: string; expiresAt: string }>
  /**
   * Exchanges a code for a device token, durably stored before it resolves. The code is spent once
   * even if two consoles (through two relays) race for it; the loser gets a `PairingError`.
   */
  pair(code: string, name: string): Promise<{ token: string; deviceId: string; role: DeviceRole }>
  /** The device a bearer token belongs to, or null when unknown or revoked. */
  authenticate(token: string): Promise<Device | null>
  list(): Promise<Device[]>
  /** Which of these devices are revoked (or gone): their open streams must close. */
  revokedAmong(deviceIds: readonly string[]): Promise<Set<string>>
  /** Revokes a device; its token stops working at once, on every relay. False when there is no such device. */
  revoke(deviceId: string): Promise<boolean>
}

/**
 * The sync surface of the document store: what `/sync/*` and live streams need, with the ordering
 * contract of architecture §3. Every write gets a relay-assigned `updatedAt` strictly later than
 * any before it on any relay, and commits in that order, so a pull resuming from a checkpoint
 * never skips a document. Listeners hear of every committed change once: this store's own right
 * after their commit, other relays' once `followExternalWrites` is on.
 * (On SQLite the document store is still synchronous; `DocumentStore` has these methods without
 * the promises until its callers are converted.)
 */
export interface DocumentSync {
  get(collection: CollectionName, id: string): Promise<SyncedDocument | null>
  put(collection: CollectionName, document: Record<string, unknown> & { id: string }, options?: PutOptions): Promise<SyncedDocument>
  /**
   * Reads the live document (null when none or deleted), and writes what `change` makes of it,
   * with no other write to that document in between, on any relay: a read-modify-write that loses
   * no concurrent edit. `change` returning null writes nothing (and the result is null).
   */
  update<C extends CollectionName>(
    collection: C,
    id: string,
    change: (current: DocumentOf<C> | null) => (Omit<DocumentOf<C>, 'updatedAt'> & { id: string }) | null,
    options?: PutOptions,
  ): Promise<SyncedDocument | null>
  pull(
    collection: CollectionName,
    checkpoint: SyncCheckpoint | null,
    limit: number,
    options?: { includeOwnerOnly: boolean },
  ): Promise<{ documents: SyncedDocument[]; checkpoint: SyncCheckpoint | null }>
  onChange(listener: DocumentChangeListener): () => void
  /** Starts hearing of other relays' writes; returns the function that stops. */
  followExternalWrites(): () => void
}

export type JobStatus = 'pending' | 'sending' | 'sent' | 'skipped' | 'cancelled' | 'failed'

/** A text the relay sends a booking on its own (confirmation, deposit link, reminders, review request). */
export interface MessageJob {
  bookingId: string
  kind: MessageJobKind
  dueAt: string
  status: JobStatus
  attempts: number
  lastError: string | null
  sentMessageId: string | null
}

/**
 * The relay's durable plan of texts per booking: one job per (booking, kind), so planning a booking
 * again never doubles a text. Every state change is guarded by the state it expects, so of two
 * relays (or a relay and its restart) only one can take a job from one state to the next: each
 * text is claimed, and sent, once.
 */
export interface ScheduledTexts {
  /**
   * Adds the planned jobs a booking does not have yet; a date-bound job (event reminder, balance
   * reminder, review request) follows a changed event date while pending, and one sent or skipped
   * for the old date is planned again when its new time is still ahead. Cancelled jobs stay.
   */
  plan(bookingId: string, eventDate: string, jobs: readonly PlannedMessageJob[]): Promise<{ added: number; moved: PlannedMessageJob[] }>
  /** A cancellation taken back: the jobs it cancelled (with that reason) are pending again. */
  revive(bookingId: string, cancelledBecause: string): Promise<number>
  /** The job is due now, whatever it did before, unless it is being sent this moment. */
  rearm(bookingId: string, eventDate: string, kind: MessageJobKind): Promise<void>
  get(bookingId: string, kind: MessageJobKind): Promise<MessageJob | null>
  forBooking(bookingId: string): Promise<MessageJob[]>
  /**
   * Claims up to `limit` pending jobs due by `now`, oldest first, for the caller alone: each comes
   * back `sending` with one more attempt, and no other claim (of this relay or another) gets it.
   */
  claimDue(now: Date, limit?: number): Promise<MessageJob[]>
  /** Pending jobs due by `now`, oldest first, claimed by nobody yet: to decide on before claiming one. */
  due(now: Date, limit?: number): Promise<MessageJob[]>
  /**
   * Takes one pending job, as `due` listed it, for the caller alone (`sending`, one more attempt).
   * False when it is no longer as listed: another claim came first, or it was retried, postponed
   * or moved since (a relay working through an older list must not send it before its time).
   */
  claim(job: Pick<MessageJob, 'bookingId' | 'kind' | 'dueAt' | 'attempts'>): Promise<boolean>
  markSent(job: MessageJob, messageId: string): Promise<void>
  /** A failed attempt: back to pending at `retryAt`, or `failed` for good when `retryAt` is null. */
  markAttemptFailed(job: MessageJob, error: string, retryAt: string | null): Promise<void>
  /** Resolves a job without sending (skipped, cancelled or failed, with the reason); false when it was not in `from`. */
  resolve(job: Pick<MessageJob, 'bookingId' | 'kind'>, status: 'skipped' | 'cancelled' | 'failed', reason: string, from?: JobStatus): Promise<boolean>
  postpone(job: MessageJob, dueAt: string): Promise<void>
  /** Cancels every pending job of a booking (cancelled, or the number opted out). */
  cancelPending(bookingId: string, reason: string): Promise<number>
  /**
   * Jobs claimed before `claimedBefore` and never resolved: a relay died between claim and outcome,
   * so whether the text left is unknown (a person checks; never resent on its own). With several
   * relays, a job another relay claimed a moment ago is still being sent, not interrupted.
   */
  interrupted(claimedBefore: Date): Promise<MessageJob[]>
}

/**
 * Per-device hourly quotas on what a push sets in motion (texts to customers, Stripe deposit-link
 * calls, new records): a stolen front-desk token is refused before it turns the business's number
 * into an SMS cannon. Counting and checking are one step, so two relays admitting one device's
 * pushes at the same moment together never take it over its quota.
 */
export interface DeviceQuotaStore {
  readonly limits: DeviceQuotaLimits
  /**
   * Counts these actions against the device's last hour and resolves null, or resolves why they
   * would take it over a quota and counts nothing.
   */
  admit(deviceId: string, actions: Partial<SendingActions>, at: Date, collection: string, documentId: string): Promise<string | null>
  /** When the device may send one more text, or null if it may now. */
  nextTextAt(deviceId: string, now: Date): Promise<Date | null>
  /** Counts actions that already happened on the device's behalf (a text the relay sent for it), whatever the quota. */
  record(deviceId: string, actions: Partial<SendingActions>, at: Date, collection: string, documentId: string): Promise<void>
}

export interface DeviceQuotaLimits {
  textsPerHour: number
  checkoutsPerHour: number
  creationsPerHour: number
}

export interface AuditRow {
  seq: number
  at: string
  kind: string
  detail: Record<string, unknown>
}

/**
 * What the relay refused or decided, kept for inspection: refused forgeries, quota refusals, merges.
 * Never personal data in clear: callers store codes, counts and addresses. Rows are numbered in
 * the order they were added, on every relay.
 */
export interface AuditTrail {
  /** Adds a row, durably; resolves its sequence number. */
  add(kind: string, at: Date, detail: object): Promise<number>
  /** Rewrites the details of rows (an aggregate's count), all or none. */
  updateDetails(changes: { seq: number; detail: object }[]): Promise<void>
  /** Removes rows of `kind` older than `before`; resolves how many. */
  prune(kind: string, before: Date): Promise<number>
  rows(kind?: string): Promise<AuditRow[]>
  /** How many rows of `kind` about this device were written after `since`. */
  countForDeviceSince(kind: string, deviceId: string, since: string): Promise<number>
  /** The latest row of `kind` about this device written after `since`. */
  latestForDeviceSince(kind: string, deviceId: string, since: string): Promise<AuditRow | null>
  /** The latest merge of `duplicateId` into `survivorId`, with what it moved. */
  latestCustomerMerge(duplicateId: string, survivorId: string): Promise<AuditRow | null>
  count(kind?: string): Promise<number>
}

/** One bank transaction counting on one booking, and what the booking's status was before it did. */
export interface PaymentApplication {
  transactionId: string
  bookingId: string
  amountCents: number
  paymentType: PaymentType
  statusBefore: BookingStatus
  decidedBy: string | null
}

/**
 * The bank side of payment matching: Plaid's lines exactly as Plaid sent them (a re-match reads
 * what the bank said), and the payment applications. A transaction counts on at most one booking,
 * whichever relay applies it, so money is never counted twice.
 */
export interface PaymentLedger {
  /** Stores (or replaces, un-removing) each line's raw JSON. */
  upsertLines(lines: { transactionId: string; body: string }[], receivedAt: string): Promise<void>
  markRemoved(transactionId: string): Promise<void>
  /** The raw line, removed or not; null when the relay never received it. */
  line(transactionId: string): Promise<{ body: string; removed: boolean } | null>
  applicationOf(transactionId: string): Promise<PaymentApplication | null>
  /** What counts on a booking, oldest first, with each transaction's raw line when the relay has it. */
  applicationsOf(bookingId: string): Promise<(PaymentApplication & { rawBody: string | null })[]>
  /** Counts a transaction on a booking; false (and nothing changed) when it already counts on one. */
  apply(application: PaymentApplication, appliedAt: string): Promise<boolean>
  /** Takes a transaction's application back (a reversal, a re-match); false when there was none. */
  unapply(transactionId: string): Promise<boolean>
}

/**
 * The relay's own list of numbers that replied STOP. Devices edit customer records, never this
 * list, so an opt-out holds whatever a console does to the customer.
 */
export interface OptOutList {
  has(phone: string): Promise<boolean>
  /** Records an opt-out; one already recorded keeps its first time. */
  add(phone: string, at: Date): Promise<void>
  remove(phone: string): Promise<void>
}

/** A Stripe Checkout Session whose deposit the relay applied. */
export interface AppliedStripeSession {
  sessionId: string
  bookingId: string
  amountCents: number
  paymentIntent: string | null
}

/** A booking as a write gives it (the store assigns `updatedAt`). */
export type BookingWrite = Omit<Booking, 'updatedAt'>

/**
 * Stripe money the relay applied: deposit sessions (with their PaymentIntent, so a later charge
 * event finds its booking) and how much of each charge it already took off a booking as refunded.
 * A session is applied once however many relays receive its event; a refund total only grows.
 */
export interface StripePaymentRecords {
  /**
   * A paid Checkout Session applied to its booking once: the session recorded and the booking
   * written (what `change` makes of it) in one transaction under the booking's lock. `repeat`: it
   * was applied before, nothing is written; `no_booking`: no such booking, nothing is recorded.
   */
  applySession(session: AppliedStripeSession, change: (booking: Booking) => BookingWrite | null): Promise<'applied' | 'repeat' | 'no_booking'>
  /**
   * A charge's refunded total applied to its booking: `change` is told how much of it was counted
   * before, and the booking and the new total are written in one transaction under the booking's
   * lock, so a refund counts once however many relays receive its events. False: no such booking.
   */
  applyRefund(refund: { chargeId: string; bookingId: string; refundedTotalCents: number }, change: (booking: Booking, alreadyCountedCents: number) => BookingWrite | null): Promise<boolean>
  isSessionApplied(sessionId: string): Promise<boolean>
  bookingForPaymentIntent(paymentIntent: string): Promise<string | null>
  refundedSoFar(chargeId: string): Promise<number>
}

/**
 * RingCentral state between events: the last telephony-session sequence applied per call (events
 * arrive out of order, through any relay) and the webhook subscription the relays keep alive.
 */
export interface RingCentralRecords {
  /** Records `sequence` for the session unless one as new or newer was applied; true when recorded. */
  advanceCallSequence(telephonySessionId: string, sequence: number, at: string): Promise<boolean>
  subscription(): Promise<StoredSubscription | null>
  saveSubscription(subscription: StoredSubscription, at: string): Promise<void>
}

/** One telephony-session event, as RingCentral numbers it. */
export interface TelephonyEventOrder {
  telephonySessionId: string
  sequence: number
  /** When the relay applied it. */
  at: string
}

/**
 * Calls as RingCentral's telephony events make them. Events arrive out of order and through any
 * relay: one is applied only when its `sequence` is newer than the last applied for its session,
 * and that sequence is recorded in the same transaction as the call document, so an older event
 * never overwrites a newer state and an event whose write failed can be applied again.
 */
export interface TelephonyCalls {
  /**
   * Writes what `change` makes of the live call `callId` (null when none; `change` returning null
   * writes nothing), if the event is the newest yet for its session. Says `applied`, `repeat`
   * (this very sequence was applied already: a redelivery or a retry, whose follow-up work may
   * still be owed) or `stale` (a newer event was applied).
   */
  applyEvent(event: TelephonyEventOrder, callId: string, change: (current: Call | null) => Omit<Call, 'updatedAt'> | null): Promise<TelephonyEventOutcome>
}

export type TelephonyEventOutcome = 'applied' | 'repeat' | 'stale'

export interface StoredSubscription {
  subscriptionId: string
  address: string
  expiresAt: string
}

export interface DueTextBack {
  phone: string
  businessDay: string
  dueAt: string
}

/**
 * Missed-call text-backs: at most one per number per business day, planned, then settled by their
 * state, so of two relays (or a restart mid-way) only one writes each.
 */
export interface MissedCallTextBackStore {
  /** Whether this number already has a text-back (in any state) for this business day. */
  exists(phone: string, businessDay: string): Promise<boolean>
  /** Plans one; a second plan for the same number and day is ignored. */
  plan(phone: string, businessDay: string, dueAt: string, at: string): Promise<void>
  /** Pending text-backs due at or before `now`, earliest first. */
  due(now: string): Promise<DueTextBack[]>
  /** Moves a pending one to its outcome; false when another runner got there first. */
  settle(phone: string, businessDay: string, outcome: { status: 'written' | 'skipped'; reason: string | null }, at: string): Promise<boolean>
}

/**
 * Work one relay at a time may do, by key (answering one text, sending one message): taken until
 * a lease ends, so a relay that stops mid-way leaves it to another once the lease is over.
 */
export interface WorkClaims {
  /**
   * Takes `key` until `now + leaseMs` unless another holder's lease on it is still running; the
   * holder's token when taken, null when not. Leases long over are cleared on the way.
   */
  claim(key: string, now: Date, leaseMs: number): Promise<string | null>
  /** Lets go of `key`, if `token` still holds it (a lease that ran out may have been taken since). */
  release(key: string, token: string): Promise<void>
}

export interface DeviceChange {
  seq: number
  at: string
  deviceId: string
  deviceName: string
  role: DeviceRole
  collection: string
  documentId: string
  /** The fields the edit changed; `_created` for a new document, `_deleted` for a deletion. */
  fields: string[]
}

export interface DeviceChangeFilter {
  collection?: string
  deviceId?: string
  /** Inclusive lower bound (ISO instant). */
  from?: string
  /** Exclusive upper bound (ISO instant). */
  to?: string
  /** Only entries older than this `seq` (the next page). */
  before?: number
  limit: number
}

/**
 * Accepted device edits: which device, in which role, when, which document and which fields (ids
 * and field names only, never values). Bounded by age and by a row cap. Entries from every relay
 * are numbered in the order they were recorded, so a page (`before`) never skips or repeats one.
 */
export interface DeviceChangeTrail {
  record(change: Omit<DeviceChange, 'seq'>): Promise<void>
  /** The device that last changed this document, and when it was revoked (null while it is not). */
  lastChangedBy(collection: string, documentId: string): Promise<{ deviceId: string; deviceName: string; revokedAt: string | null } | null>
  /** Drops rows past the retention or beyond the row cap; resolves how many. */
  prune(now: Date): Promise<number>
  /** Newest first, filtered; `limit` at most 500. */
  list(filter: DeviceChangeFilter): Promise<DeviceChange[]>
}

/**
 * Linked Plaid Items: each access token sealed with the relay key (never stored in the clear, and
 * bound to its Item so a value moved onto another row will not open), the `/transactions/sync`
 * cursor, and what the owner sees of each bank. A removed Item keeps its row without a token, so
 * late webhooks for it are known to be stale. Relays sharing a database share the relay key.
 */
export interface PlaidItems {
  /** A linked Item with its token; null when unknown or removed. A token that fails to open throws `SecretBoxError`. */
  get(itemId: string): Promise<PlaidItem | null>
  /** True when the Item was linked here once and has since been removed. */
  wasRemoved(itemId: string): Promise<boolean>
  /** Links (or re-links, with a new token and a fresh cursor) an Item. */
  link(itemId: string, accessToken: string): Promise<void>
  saveDetails(itemId: string, details: { institution: { id: string; name: string } | null; accounts: PlaidAccountSummary[] }): Promise<void>
  saveCursor(itemId: string, cursor: string): Promise<void>
  /** Records what Plaid says about the Item's health; a removed Item stays removed. */
  setStatus(itemId: string, status: Exclude<PlaidItemStatus, 'removed'>, details?: { errorCode?: string | null; consentExpiresAt?: string | null }): Promise<void>
  syncStarted(itemId: string): Promise<void>
  syncProgress(itemId: string, transactionsPulled: number): Promise<void>
  syncFinished(itemId: string, error: string | null): Promise<void>
  /** Forgets the token and cursor; the row stays. */
  markRemoved(itemId: string): Promise<void>
  /** Ids of the Items that are linked (not removed), oldest first. */
  linkedIds(): Promise<string[]>
  summary(itemId: string): Promise<PlaidItemSummary | null>
  /** Every linked Item as the owner's console lists it (no token, no cursor), oldest first. */
  list(): Promise<PlaidItemSummary[]>
}

/**
 * The RingCentral SDK's sign-in (access and refresh tokens) as its `localStorage`, which the SDK
 * awaits: each value sealed with the relay key and bound to its cache key. A value that fails to
 * open (altered, moved, or sealed with another key) is discarded and reads as absent, so the
 * relay signs in again with the JWT. Relays sharing a database share one sign-in.
 */
export interface RingCentralSignIns {
  getItem(cacheKey: string): Promise<string | null>
  setItem(cacheKey: string, value: string): Promise<void>
  removeItem(cacheKey: string): Promise<void>
  /** Forgets every sign-in stored under `cachePrefix` (one RingCentral refused). */
  forget(cachePrefix: string): Promise<void>
  /**
   * The cache prefix for one consumer (`subscription`, `sms`) of one RingCentral app; sign-ins the
   * consumer stored for other credentials are deleted, so they are never offered to the SDK.
   */
  cachePrefixFor(consumer: string, app: { serverUrl?: string; clientId?: string }): Promise<string>
}

/**
 * The live (not deleted) documents of one collection, typed as their collection's schema: what a
 * service reads when it asks a question by name rather than by query.
 */
export interface DocumentReads<C extends CollectionName> {
  /** The live document with this id, or null when there is none or it was deleted. */
  live(id: string): Promise<DocumentOf<C> | null>
  /** The `updatedAt` of the live document with this id (null when none): a cheap way to tell it changed. */
  versionOf(id: string): Promise<string | null>
  /** Every live document, in id order. */
  all(): Promise<DocumentOf<C>[]>
  /** Every live document's id, least recently changed first. */
  idsByLastChange(): Promise<string[]>
}

export interface BookingReads extends DocumentReads<'bookings'> {
  /** Bookings whose event is on or after `date` (YYYY-MM-DD). */
  onOrAfter(date: string): Promise<Booking[]>
  /** Bookings for this phone number or customer record. */
  ofCustomer(phone: string | null, customerId: string | null): Promise<Booking[]>
  /** Ids of the bookings for this phone number, oldest change first. */
  idsForPhone(phone: string | null): Promise<string[]>
  /** Ids of confirmed (or deposit-paid) bookings whose event date is before `date`, oldest change first. */
  idsHeldBefore(date: string): Promise<string[]>
  onDate(date: string): Promise<Booking[]>
}

export interface ConversationReads extends DocumentReads<'conversations'> {
  /** Every thread with this number (two can exist when two devices opened one offline). */
  forNumber(phone: string): Promise<Conversation[]>
  /** The id of the SMS thread for this number (the first by id, should there be two). */
  threadIdForNumber(phone: string): Promise<string | null>
}

export interface CallReads extends DocumentReads<'calls'> {
  /** The id of the latest call from this number started at or after `since`. */
  latestIdFrom(fromNumber: string, since: string): Promise<string | null>
  idForTelephonySession(telephonySessionId: string): Promise<string | null>
  /** The extension the latest escalated call was transferred to (round-robin starts after it). */
  lastTransferredExtensionId(): Promise<string | null>
  /** Calls from or to this number. */
  withNumber(phone: string): Promise<Call[]>
}

export interface TranscriptSegmentReads extends DocumentReads<'transcriptSegments'> {
  ofCall(callId: string): Promise<TranscriptSegment[]>
}

export interface SuggestionReads extends DocumentReads<'suggestions'> {
  openForCall(callId: string): Promise<Suggestion[]>
  /** Ids of the agent's open reply suggestions in a thread (escalations and follow-up tasks excluded). */
  openReplyIdsInThread(conversationId: string): Promise<string[]>
  /** The id of an open follow-up task with this title for a thread or a call. */
  openFollowUpId(title: string, conversationId: string | null, callId: string | null): Promise<string | null>
}

export interface CustomerReads extends DocumentReads<'customers'> {
  /** Every live customer with this number. */
  withPhone(phone: string): Promise<Customer[]>
  /** Customers who learned an "also pays as" name from this payment match. */
  taughtByMatch(matchId: string): Promise<Customer[]>
}

export interface NeedsAttentionReads extends DocumentReads<'needsAttention'> {
  /** How many open refused-edit items this device has had since `since` (exclusive). */
  openRefusedEditsSince(deviceId: string, since: string): Promise<number>
}

/** The questions services ask of the synced documents, by collection. */
export interface DocumentQueries {
  bookings: BookingReads
  conversations: ConversationReads
  calls: CallReads
  transcriptSegments: TranscriptSegmentReads
  suggestions: SuggestionReads
  customers: CustomerReads
  needsAttention: NeedsAttentionReads
  extensions: DocumentReads<'extensions'>
  transactions: DocumentReads<'transactions'>
  paymentMatches: DocumentReads<'paymentMatches'>
  packages: DocumentReads<'packages'>
  settings: DocumentReads<'settings'>
}
