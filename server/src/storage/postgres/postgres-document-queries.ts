/**
 * The questions services ask of the synced documents (`DocumentQueries`, ../contracts.ts) on
 * PostgreSQL, answered as SQLite's repositories answer them (document-repositories.ts): live
 * documents only, the same orders (text compared byte by byte, as SQLite does; a missing value
 * last when newest first), typed as their collection's schema.
 */
import type { Booking, Call, CollectionName, Conversation, Customer, Suggestion, TranscriptSegment } from '../../../../src/domain/schemas'
import type { DocumentOf } from '../../../../src/domain/schemas/document-guard'
import type {
  BookingReads,
  CallReads,
  ConversationReads,
  CustomerReads,
  DocumentQueries,
  DocumentReads,
  NeedsAttentionReads,
  SuggestionReads,
  TranscriptSegmentReads,
} from '../contracts'
import type { PostgresDatabase } from './postgres-database'

/** A text field of the document body, compared and ordered byte by byte. */
const field = (name: string) => `((body::jsonb) ->> '${name}') COLLATE "C"`
/** A boolean field of the document body that is true. */
const isTrue = (name: string) => `((body::jsonb) -> '${name}') = 'true'::jsonb`

interface BodyRow {
  id: string
  updated_at: string
  body: string
}

class PostgresDocumentReads<C extends CollectionName> implements DocumentReads<C> {
  constructor(
    protected readonly db: PostgresDatabase,
    readonly collection: C,
  ) {}

  async live(id: string): Promise<DocumentOf<C> | null> {
    return (await this.select('id = $2', [id]))[0] ?? null
  }

  async versionOf(id: string): Promise<string | null> {
    const { rows } = await this.db.sql.query<{ updated_at: string }>(
      'SELECT updated_at FROM documents WHERE collection = $1 AND id = $2 AND deleted = FALSE',
      [this.collection, id],
    )
    return rows[0]?.updated_at ?? null
  }

  all(): Promise<DocumentOf<C>[]> {
    return this.select('TRUE', [])
  }

  idsByLastChange(): Promise<string[]> {
    return this.selectIds('TRUE', [], 'updated_at, id')
  }

  /** Live documents matching `where` (parameters from $2; $1 is the collection), in `order`. */
  protected async select(where: string, params: unknown[], order = 'id', limit?: number): Promise<DocumentOf<C>[]> {
    const { rows } = await this.db.sql.query<BodyRow>(
      `SELECT id, updated_at, body FROM documents WHERE collection = $1 AND deleted = FALSE AND (${where}) ORDER BY ${order}${limit ? ` LIMIT ${limit}` : ''}`,
      [this.collection, ...params],
    )
    return rows.map((row) => this.toDocument(row))
  }

  protected async selectIds(where: string, params: unknown[], order = 'id', limit?: number): Promise<string[]> {
    const { rows } = await this.db.sql.query<{ id: string }>(
      `SELECT id FROM documents WHERE collection = $1 AND deleted = FALSE AND (${where}) ORDER BY ${order}${limit ? ` LIMIT ${limit}` : ''}`,
      [this.collection, ...params],
    )
    return rows.map((row) => row.id)
  }

  private toDocument(row: BodyRow): DocumentOf<C> {
    // The store validated the body against the collection's schema when it wrote it.
    const parsed: DocumentOf<C> = JSON.parse(row.body)
    return { ...parsed, id: row.id, updatedAt: row.updated_at }
  }
}

class PostgresBookingReads extends PostgresDocumentReads<'bookings'> implements BookingReads {
  onOrAfter(date: string): Promise<Booking[]> {
    return this.select(`${field('eventDate')} >= $2`, [date])
  }

  ofCustomer(phone: string | null, customerId: string | null): Promise<Booking[]> {
    return this.select(`${field('customerPhone')} = $2 OR ${field('customerId')} = $3`, [phone, customerId])
  }

  async idsForPhone(phone: string | null): Promise<string[]> {
    if (phone === null) return []
    return this.selectIds(`${field('customerPhone')} = $2`, [phone], 'updated_at, id')
  }

  idsHeldBefore(date: string): Promise<string[]> {
    return this.selectIds(`${field('status')} IN ('confirmed', 'deposit_paid') AND ${field('eventDate')} < $2`, [date], 'updated_at, id')
  }

  onDate(date: string): Promise<Booking[]> {
    return this.select(`${field('eventDate')} = $2`, [date])
  }
}

class PostgresConversationReads extends PostgresDocumentReads<'conversations'> implements ConversationReads {
  forNumber(phone: string): Promise<Conversation[]> {
    return this.select(`${field('customerPhone')} = $2`, [phone])
  }

  async threadIdForNumber(phone: string): Promise<string | null> {
    return (await this.selectIds(`${field('customerPhone')} = $2`, [phone], 'id', 1))[0] ?? null
  }
}

class PostgresCallReads extends PostgresDocumentReads<'calls'> implements CallReads {
  async latestIdFrom(fromNumber: string, since: string): Promise<string | null> {
    return (await this.selectIds(`${field('fromNumber')} = $2 AND ${field('startedAt')} >= $3`, [fromNumber, since], `${field('startedAt')} DESC NULLS LAST, id`, 1))[0] ?? null
  }

  async idForTelephonySession(telephonySessionId: string): Promise<string | null> {
    return (await this.selectIds(`${field('telephonySessionId')} = $2`, [telephonySessionId], 'id', 1))[0] ?? null
  }

  async lastTransferredExtensionId(): Promise<string | null> {
    const [call] = await this.select(`${isTrue('escalated')} AND ${field('routingOutcome')} = 'transferred'`, [], `${field('escalatedAt')} DESC NULLS LAST, id`, 1)
    return call?.assignedExtensionId ?? null
  }

  withNumber(phone: string): Promise<Call[]> {
    return this.select(`${field('fromNumber')} = $2 OR ${field('toNumber')} = $2`, [phone])
  }
}

class PostgresTranscriptSegmentReads extends PostgresDocumentReads<'transcriptSegments'> implements TranscriptSegmentReads {
  ofCall(callId: string): Promise<TranscriptSegment[]> {
    return this.select(`${field('callId')} = $2`, [callId])
  }
}

class PostgresSuggestionReads extends PostgresDocumentReads<'suggestions'> implements SuggestionReads {
  openForCall(callId: string): Promise<Suggestion[]> {
    return this.select(`${field('callId')} = $2 AND ${field('status')} = 'open'`, [callId])
  }

  openReplyIdsInThread(conversationId: string): Promise<string[]> {
    return this.selectIds(
      `NOT starts_with(id, 'esc-') AND NOT starts_with(id, 'fu-') AND ${field('conversationId')} = $2 AND ${field('status')} = 'open'`,
      [conversationId],
    )
  }

  async openFollowUpId(title: string, conversationId: string | null, callId: string | null): Promise<string | null> {
    const ids = await this.selectIds(
      `${field('kind')} = 'follow_up' AND ${field('status')} = 'open' AND ${field('title')} = $2 AND (${field('conversationId')} = $3 OR ${field('callId')} = $4)`,
      [title, conversationId, callId],
      'id',
      1,
    )
    return ids[0] ?? null
  }
}

class PostgresCustomerReads extends PostgresDocumentReads<'customers'> implements CustomerReads {
  withPhone(phone: string): Promise<Customer[]> {
    return this.select(`${field('phone')} = $2`, [phone])
  }

  taughtByMatch(matchId: string): Promise<Customer[]> {
    return this.select(
      `jsonb_typeof((body::jsonb) -> 'alsoPaysAs') = 'array'
       AND EXISTS (SELECT 1 FROM jsonb_array_elements((body::jsonb) -> 'alsoPaysAs') AS known WHERE known ->> 'learnedFrom' = $2)`,
      [matchId],
    )
  }
}

class PostgresNeedsAttentionReads extends PostgresDocumentReads<'needsAttention'> implements NeedsAttentionReads {
  async openRefusedEditsSince(deviceId: string, since: string): Promise<number> {
    const ids = await this.selectIds(
      `updated_at > $2 AND ${field('kind')} = 'refused_edit' AND ${field('deviceId')} = $3 AND ${field('status')} = 'open'`,
      [since, deviceId],
    )
    return ids.length
  }
}

/** Every collection's questions, over one PostgreSQL database. */
export function postgresDocumentQueries(db: PostgresDatabase): DocumentQueries {
  return {
    bookings: new PostgresBookingReads(db, 'bookings'),
    conversations: new PostgresConversationReads(db, 'conversations'),
    calls: new PostgresCallReads(db, 'calls'),
    transcriptSegments: new PostgresTranscriptSegmentReads(db, 'transcriptSegments'),
    suggestions: new PostgresSuggestionReads(db, 'suggestions'),
    customers: new PostgresCustomerReads(db, 'customers'),
    needsAttention: new PostgresNeedsAttentionReads(db, 'needsAttention'),
    extensions: new PostgresDocumentReads(db, 'extensions'),
    transactions: new PostgresDocumentReads(db, 'transactions'),
    paymentMatches: new PostgresDocumentReads(db, 'paymentMatches'),
    packages: new PostgresDocumentReads(db, 'packages'),
    settings: new PostgresDocumentReads(db, 'settings'),
  }
}
