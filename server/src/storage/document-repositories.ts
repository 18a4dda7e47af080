/**
 * Typed views of the documents table, one per collection, with the questions services ask by
 * name ("bookings on or after this date", "the thread for this number"). The SQL for those
 * questions lives here and nowhere else; services get documents of their collection's type.
 */
import type { Booking, Call, CollectionName, Conversation, Customer, Suggestion, TranscriptSegment } from '../../../src/domain/schemas'
import type { DocumentOf } from '../../../src/domain/schemas/document-guard'
import type { DocumentQueries, DocumentReads } from './contracts'
import type { RelayDatabase } from './database'

export type { DocumentOf }

interface BodyRow {
  id: string
  updated_at: string
  body: string
}

/** Reads the live (not deleted) documents of one collection. */
export class DocumentRepository<C extends CollectionName> {
  constructor(
    protected readonly db: RelayDatabase,
    readonly collection: C,
  ) {}

  /** The live document with this id, or null when there is none or it was deleted. */
  live(id: string): DocumentOf<C> | null {
    const row = this.db.prepare('SELECT id, updated_at, body FROM documents WHERE collection = ? AND id = ? AND deleted = 0').get(this.collection, id) as
      | BodyRow
      | undefined
    return row ? this.toDocument(row) : null
  }

  /** The `updatedAt` of the live document with this id (null when there is none): a cheap way to tell it changed. */
  versionOf(id: string): string | null {
    const row = this.db.prepare('SELECT updated_at FROM documents WHERE collection = ? AND id = ? AND deleted = 0').get(this.collection, id) as
      | { updated_at: string }
      | undefined
    return row?.updated_at ?? null
  }

  /** Every live document, in id order. */
  all(): DocumentOf<C>[] {
    return this.select('1 = 1', [])
  }

  /** Every live document's id, least recently changed first. */
  idsByLastChange(): string[] {
    return this.selectIds('1 = 1', [], 'updated_at')
  }

  /** Live documents matching `where` (a condition over `body`), in `order`. */
  protected select(where: string, params: unknown[], order = 'id', limit?: number): DocumentOf<C>[] {
    const rows = this.db
      .prepare(
        `SELECT id, updated_at, body FROM documents WHERE collection = ? AND deleted = 0 AND (${where}) ORDER BY ${order}${limit ? ` LIMIT ${limit}` : ''}`,
      )
      .all(this.collection, ...params) as BodyRow[]
    return rows.map((row) => this.toDocument(row))
  }

  protected selectIds(where: string, params: unknown[], order = 'id', limit?: number): string[] {
    const rows = this.db
      .prepare(`SELECT id FROM documents WHERE collection = ? AND deleted = 0 AND (${where}) ORDER BY ${order}${limit ? ` LIMIT ${limit}` : ''}`)
      .all(this.collection, ...params) as { id: string }[]
    return rows.map((row) => row.id)
  }

  private toDocument(row: BodyRow): DocumentOf<C> {
    // The store validated the body against the collection's schema when it wrote it.
    const parsed: DocumentOf<C> = JSON.parse(row.body)
    return { ...parsed, id: row.id, updatedAt: row.updated_at }
  }
}

export class BookingRepository extends DocumentRepository<'bookings'> {
  /** Bookings whose event is on or after `date` (YYYY-MM-DD). */
  onOrAfter(date: string): Booking[] {
    return this.select(`json_extract(body, '$.eventDate') >= ?`, [date])
  }

  /** Bookings for this phone number or customer record. */
  ofCustomer(phone: string | null, customerId: string | null): Booking[] {
    return this.select(`json_extract(body, '$.customerPhone') = ? OR json_extract(body, '$.customerId') = ?`, [phone, customerId])
  }

  /** Ids of the bookings for this phone number, oldest change first. */
  idsForPhone(phone: string | null): string[] {
    if (phone === null) return []
    return this.selectIds(`json_extract(body, '$.customerPhone') = ?`, [phone], 'updated_at')
  }

  /** Ids of confirmed (or deposit-paid) bookings whose event date is before `date`. */
  idsHeldBefore(date: string): string[] {
    return this.selectIds(`json_extract(body, '$.status') IN ('confirmed', 'deposit_paid') AND json_extract(body, '$.eventDate') < ?`, [date], 'updated_at')
  }

  /** Bookings on this event date. */
  onDate(date: string): Booking[] {
    return this.select(`json_extract(body, '$.eventDate') = ?`, [date])
  }
}

export class ConversationRepository extends DocumentRepository<'conversations'> {
  /** Every thread with this number (two can exist when two devices opened one offline). */
  forNumber(phone: string): Conversation[] {
    return this.select(`json_extract(body, '$.customerPhone') = ?`, [phone])
  }

  /** The id of the SMS thread for this number (the first one, should there be two). */
  threadIdForNumber(phone: string): string | null {
    return this.selectIds(`json_extract(body, '$.customerPhone') = ?`, [phone], 'id', 1)[0] ?? null
  }
}

export class CallRepository extends DocumentRepository<'calls'> {
  /** The id of the latest call from this number started at or after `since`. */
  latestIdFrom(fromNumber: string, since: string): string | null {
    return (
      this.selectIds(`json_extract(body, '$.fromNumber') = ? AND json_extract(body, '$.startedAt') >= ?`, [fromNumber, since], `json_extract(body, '$.startedAt') DESC`, 1)[0] ??
      null
    )
  }

  /** The id of the call record for this RingCentral telephony session. */
  idForTelephonySession(telephonySessionId: string): string | null {
    return this.selectIds(`json_extract(body, '$.telephonySessionId') = ?`, [telephonySessionId], 'id', 1)[0] ?? null
  }

  /** The extension the latest escalated call was transferred to (round-robin starts after it). */
  lastTransferredExtensionId(): string | null {
    const [call] = this.select(
      `json_extract(body, '$.escalated') = 1 AND json_extract(body, '$.routingOutcome') = 'transferred'`,
      [],
      `json_extract(body, '$.escalatedAt') DESC`,
      1,
    )
    return call?.assignedExtensionId ?? null
  }

  /** Calls from or to this number. */
  withNumber(phone: string): Call[] {
    return this.select(`json_extract(body, '$.fromNumber') = ? OR json_extract(body, '$.toNumber') = ?`, [phone, phone])
  }
}

export class TranscriptSegmentRepository extends DocumentRepository<'transcriptSegments'> {
  ofCall(callId: string): TranscriptSegment[] {
    return this.select(`json_extract(body, '$.callId') = ?`, [callId])
  }
}

export class SuggestionRepository extends DocumentRepository<'suggestions'> {
  /** Open suggestions for a call. */
  openForCall(callId: string): Suggestion[] {
    return this.select(`json_extract(body, '$.callId') = ? AND json_extract(body, '$.status') = 'open'`, [callId])
  }

  /** Ids of the agent's open reply suggestions in a thread (escalations and follow-up tasks excluded). */
  openReplyIdsInThread(conversationId: string): string[] {
    return this.selectIds(
      `id NOT LIKE 'esc-%' AND id NOT LIKE 'fu-%' AND json_extract(body, '$.conversationId') = ? AND json_extract(body, '$.status') = 'open'`,
      [conversationId],
    )
  }

  /** The id of an open follow-up task with this title for a thread or a call. */
  openFollowUpId(title: string, conversationId: string | null, callId: string | null): string | null {
    return (
      this.selectIds(
        `json_extract(body, '$.kind') = 'follow_up' AND json_extract(body, '$.status') = 'open' AND json_extract(body, '$.title') = ?
         AND (json_extract(body, '$.conversationId') = ? OR json_extract(body, '$.callId') = ?)`,
        [title, conversationId, callId],
        'id',
        1,
      )[0] ?? null
    )
  }
}

export class CustomerRepository extends DocumentRepository<'customers'> {
  /** Every live customer with this number (duplicates happen when staff add one by hand). */
  withPhone(phone: string): Customer[] {
    return this.select(`json_extract(body, '$.phone') = ?`, [phone])
  }

  /** Customers who learned an "also pays as" name from this payment match. */
  taughtByMatch(matchId: string): Customer[] {
    // The LIKE is a cheap first pass (every match write asks); json_each confirms it.
    const rows = this.db
      .prepare(
        `SELECT DISTINCT d.id FROM documents d, json_each(d.body, '$.alsoPaysAs') known
         WHERE d.collection = 'customers' AND d.deleted = 0 AND d.body LIKE ? ESCAPE '\\'
           AND json_extract(known.value, '$.learnedFrom') = ?`,
      )
      .all(`%${matchId.replace(/[\\%_]/g, (char) => `\\${char}`)}%`, matchId) as { id: string }[]
    return rows.map((row) => this.live(row.id)).filter((customer): customer is Customer => customer !== null)
  }
}

export class NeedsAttentionRepository extends DocumentRepository<'needsAttention'> {
  /** How many open refused-edit items this device has had since `since`. */
  openRefusedEditsSince(deviceId: string, since: string): number {
    return this.selectIds(
      `updated_at > ? AND json_extract(body, '$.kind') = 'refused_edit' AND json_extract(body, '$.deviceId') = ? AND json_extract(body, '$.status') = 'open'`,
      [since, deviceId],
    ).length
  }
}

/** The typed repository of every collection, over one database. */
export function documentRepositories(db: RelayDatabase) {
  return {
    bookings: new BookingRepository(db, 'bookings'),
    conversations: new ConversationRepository(db, 'conversations'),
    calls: new CallRepository(db, 'calls'),
    transcriptSegments: new TranscriptSegmentRepository(db, 'transcriptSegments'),
    suggestions: new SuggestionRepository(db, 'suggestions'),
    customers: new CustomerRepository(db, 'customers'),
    needsAttention: new NeedsAttentionRepository(db, 'needsAttention'),
    extensions: new DocumentRepository(db, 'extensions'),
    transactions: new DocumentRepository(db, 'transactions'),
    paymentMatches: new DocumentRepository(db, 'paymentMatches'),
    packages: new DocumentRepository(db, 'packages'),
    settings: new DocumentRepository(db, 'settings'),
  } satisfies { [C in CollectionName]: DocumentRepository<C> }
}

export type DocumentRepositories = ReturnType<typeof documentRepositories>

/** A repository's reads handed back as promises. */
function promisedReads<C extends CollectionName>(repository: DocumentRepository<C>): DocumentReads<C> {
  return {
    live: async (id) => repository.live(id),
    versionOf: async (id) => repository.versionOf(id),
    all: async () => repository.all(),
    idsByLastChange: async () => repository.idsByLastChange(),
  }
}

/**
 * The `DocumentQueries` contract over the synchronous SQLite repositories. Temporary, until the
 * services that ask these questions await the contract themselves.
 */
export function documentQueriesOnSqlite(repositories: DocumentRepositories): DocumentQueries {
  const { bookings, conversations, calls, transcriptSegments, suggestions, customers, needsAttention } = repositories
  return {
    bookings: {
      ...promisedReads(bookings),
      onOrAfter: async (date) => bookings.onOrAfter(date),
      ofCustomer: async (phone, customerId) => bookings.ofCustomer(phone, customerId),
      idsForPhone: async (phone) => bookings.idsForPhone(phone),
      idsHeldBefore: async (date) => bookings.idsHeldBefore(date),
      onDate: async (date) => bookings.onDate(date),
    },
    conversations: {
      ...promisedReads(conversations),
      forNumber: async (phone) => conversations.forNumber(phone),
      threadIdForNumber: async (phone) => conversations.threadIdForNumber(phone),
    },
    calls: {
      ...promisedReads(calls),
      latestIdFrom: async (fromNumber, since) => calls.latestIdFrom(fromNumber, since),
      idForTelephonySession: async (sessionId) => calls.idForTelephonySession(sessionId),
      lastTransferredExtensionId: async () => calls.lastTransferredExtensionId(),
      withNumber: async (phone) => calls.withNumber(phone),
    },
    transcriptSegments: { ...promisedReads(transcriptSegments), ofCall: async (callId) => transcriptSegments.ofCall(callId) },
    suggestions: {
      ...promisedReads(suggestions),
      openForCall: async (callId) => suggestions.openForCall(callId),
      openReplyIdsInThread: async (conversationId) => suggestions.openReplyIdsInThread(conversationId),
      openFollowUpId: async (title, conversationId, callId) => suggestions.openFollowUpId(title, conversationId, callId),
    },
    customers: {
      ...promisedReads(customers),
      withPhone: async (phone) => customers.withPhone(phone),
      taughtByMatch: async (matchId) => customers.taughtByMatch(matchId),
    },
    needsAttention: {
      ...promisedReads(needsAttention),
      openRefusedEditsSince: async (deviceId, since) => needsAttention.openRefusedEditsSince(deviceId, since),
    },
    extensions: promisedReads(repositories.extensions),
    transactions: promisedReads(repositories.transactions),
    paymentMatches: promisedReads(repositories.paymentMatches),
    packages: promisedReads(repositories.packages),
    settings: promisedReads(repositories.settings),
  }
}
