/**
 * Synced documents on PostgreSQL: the `DocumentSync` contract (../contracts.ts), for several
 * relays on one database.
 *
 * - `updatedAt`: each write locks the one `sync_clock` row, takes max(now, last + 1 ms) and
 *   keeps the lock until it commits. Across relays the values are strictly increasing and commit
 *   in order, so a pull checkpoint never steps over a change that commits late.
 * - Live fan-out: the writing transaction sends `NOTIFY` (delivered on commit, to every relay's
 *   `LISTEN` connection); a relay that hears it reads what changed after the last change it saw
 *   and tells its listeners (its `/sync/stream`s). Its own writes it announces itself, at commit.
 */
import pg from 'pg'
import type { CollectionName } from '../../../../src/domain/schemas'
import type { DocumentOf } from '../../../../src/domain/schemas/document-guard'
import type { DocumentSync } from '../contracts'
import { announceChanges, checkDocument, nextInstant, withoutSyncFlags, type DocumentChangeListener, type PutOptions, type SyncCheckpoint, type SyncedDocument } from '../document-store'
import { inTransaction, type PostgresDatabase } from './postgres-database'

interface Row {
  collection: CollectionName
  id: string
  updated_at: string
  deleted: boolean
  owner_only: boolean
  body: string
}

/** Most rows read per catch-up; more are read at once in further pages. */
const catchUpPage = 5_000

/** What the relay's store and its views inside units of work share: who listens, and the relay's own writes. */
interface ChangeFeed {
  listeners: Set<DocumentChangeListener>
  /** This relay's writes the change feed has yet to pass over (by `updatedAt`). */
  ownWrites: Set<string>
  /** Not following other relays' writes: own writes need not be noted. */
  stopped: boolean
}

/** A document a unit of work wrote, to be stamped with its `updatedAt` as the unit ends. */
interface UnitWrite {
  collection: CollectionName
  fields: Record<string, unknown> & { id: string }
  deleted: boolean
  ownerOnly: boolean
}

export class PostgresDocumentStore implements DocumentSync {
  private readonly channel: string
  /** Inside a unit of work: what it wrote, by collection and id, in the order last written. */
  private readonly unitWrites = new Map<string, UnitWrite>()
  /** How far this relay has announced changes. */
  private seenUpTo = ''
  private listener: pg.Client | null = null
  private catchingUp: Promise<void> | null = null
  private isCatchUpRequested = false

  constructor(
    private readonly db: PostgresDatabase,
    private readonly now: () => Date = () => new Date(),
    private readonly feed: ChangeFeed = { listeners: new Set(), ownWrites: new Set(), stopped: true },
  ) {
    this.channel = `switchboard_documents_${db.schema}`
  }

  /**
   * The same store inside a unit of work (`db` is the unit's view): its writes are in the unit's
   * transaction, and are announced to this store's listeners once the unit commits.
   */
  inUnit(db: PostgresDatabase): PostgresDocumentStore {
    return new PostgresDocumentStore(db, this.now, this.feed)
  }

  onChange(listener: DocumentChangeListener): () => void {
    this.feed.listeners.add(listener)
    return () => this.feed.listeners.delete(listener)
  }

  /** Whether the document (live or deleted) is visible to the owner only. */
  async isOwnerOnly(collection: CollectionName, id: string): Promise<boolean> {
    const { rows } = await this.db.sql.query<{ owner_only: boolean }>('SELECT owner_only FROM documents WHERE collection = $1 AND id = $2', [collection, id])
    return rows[0]?.owner_only ?? false
  }

  /** The live documents of `collection` whose top-level text `field` equals `value`. */
  async liveWithField(collection: CollectionName, field: string, value: string): Promise<SyncedDocument[]> {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(field)) throw new RangeError(`Not a field name: ${field}`)
    const { rows } = await this.db.sql.query<Row>(
      `SELECT collection, id, updated_at, deleted, owner_only, body FROM documents WHERE collection = $1 AND deleted = FALSE AND (body::jsonb) ->> '${field}' = $2 ORDER BY id`,
      [collection, value],
    )
    return rows.map(toDocument)
  }

  /** Takes the document's key lock until the unit of work ends (a read that a later write depends on). */
  async lock(collection: CollectionName, id: string): Promise<void> {
    if (this.db.unit) await lockDocument(this.db.unit.client, this.db.schema, collection, id)
  }

  /** Tells listeners of committed writes (a unit of work's are told of by `finishUnit`). */
  private announce(written: Parameters<typeof announceChanges>[1]): void {
    if (!this.db.unit) announceChanges(this.feed.listeners, written)
  }

  /**
   * The end of a unit of work, just before its commit: every document it wrote gets its
   * `updatedAt`, in the order written, in one statement under the clock row's lock. The unit
   * takes the clock only here, after every other lock it needed, so it never holds other relays'
   * writes for longer than this step, and never waits for a lock while holding the clock.
   */
  async finishUnit(): Promise<void> {
    const unit = this.db.unit
    if (!unit || this.unitWrites.size === 0) return
    const { client } = unit
    const clock = await client.query<{ last_updated_at: string }>('SELECT last_updated_at FROM sync_clock WHERE only_row = 1 FOR UPDATE')
    let last = clock.rows[0]!.last_updated_at
    const now = this.now()
    const written = [...this.unitWrites.values()].map(({ collection, fields, deleted, ownerOnly }) => {
      last = nextInstant(now, last)
      return { collection, document: { ...fields, updatedAt: last, _deleted: deleted } as SyncedDocument, ownerOnly }
    })
    await client.query(
      `UPDATE documents AS d SET updated_at = v.updated_at, body = v.body
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS v(collection, id, updated_at, body)
       WHERE d.collection = v.collection AND d.id = v.id`,
      [
        written.map((each) => each.collection),
        written.map((each) => each.document.id),
        written.map((each) => each.document.updatedAt),
        written.map(({ document: { _deleted: _ignored, ...stored } }) => JSON.stringify(stored)),
      ],
    )
    await client.query('UPDATE sync_clock SET last_updated_at = $1 WHERE only_row = 1', [last])
    await client.query('SELECT pg_notify($1, $2)', [this.channel, last])
    if (!this.feed.stopped) {
      for (const { document } of written) this.feed.ownWrites.add(document.updatedAt)
      unit.afterRollback.push(() => {
        for (const { document } of written) this.feed.ownWrites.delete(document.updatedAt)
      })
    }
    unit.afterCommit.push(() => announceChanges(this.feed.listeners, written))
  }

  async get(collection: CollectionName, id: string): Promise<SyncedDocument | null> {
    const { rows } = await this.db.sql.query<Row>('SELECT collection, id, updated_at, deleted, owner_only, body FROM documents WHERE collection = $1 AND id = $2', [collection, id])
    return rows[0] ? toDocument(rows[0]) : null
  }

  /** Inserts or replaces a document; `updatedAt` is assigned here, and the result validated first. */
  async put(collection: CollectionName, document: Record<string, unknown> & { id: string }, options: PutOptions = {}): Promise<SyncedDocument> {
    const written = await this.inWritingTransaction(async (writer) => {
      await lockDocument(writer.client, this.db.schema, collection, document.id)
      return this.write(writer, collection, document, options)
    })
    this.announce([written])
    return written.document
  }

  async update<C extends CollectionName>(
    collection: C,
    id: string,
    change: (current: DocumentOf<C> | null) => (Omit<DocumentOf<C>, 'updatedAt'> & { id: string }) | null,
    options: PutOptions = {},
  ): Promise<SyncedDocument | null> {
    return this.updateIf(collection, id, async () => true, change, options)
  }

  /**
   * `update`, after `guard` said yes in the same transaction (a check-and-set on another table,
   * such as an event's sequence): a failed write undoes the guard's, and a guard saying no writes nothing.
   */
  async updateIf<C extends CollectionName>(
    collection: C,
    id: string,
    guard: (client: pg.PoolClient) => Promise<boolean>,
    change: (current: DocumentOf<C> | null) => (Omit<DocumentOf<C>, 'updatedAt'> & { id: string }) | null,
    options: PutOptions = {},
  ): Promise<SyncedDocument | null> {
    const written = await this.inWritingTransaction(async (writer) => {
      const { client } = writer
      await lockDocument(client, this.db.schema, collection, id)
      if (!(await guard(client))) return null
      const { rows } = await client.query<Row>('SELECT collection, id, updated_at, deleted, owner_only, body FROM documents WHERE collection = $1 AND id = $2', [collection, id])
      const stored = rows[0] && !rows[0].deleted ? (withoutSyncFlags(toDocument(rows[0])) as DocumentOf<C>) : null
      const next = change(stored)
      return next ? this.write(writer, collection, next, options) : null
    })
    if (!written) return null
    this.announce([written])
    return written.document
  }

  /**
   * A transaction that writes documents. Their `updatedAt` values are noted as this relay's own
   * before commit (the change feed may hear of them first); if the transaction fails they are
   * forgotten again, since the clock rolled back and another relay will be handed the same value.
   */
  private async inWritingTransaction<T>(work: (writer: { client: pg.PoolClient; noted: string[] }) => Promise<T>): Promise<T> {
    const noted: string[] = []
    const forget = () => {
      for (const at of noted) this.feed.ownWrites.delete(at)
    }
    try {
      const result = await inTransaction(this.db, (client) => work({ client, noted }))
      this.db.unit?.afterRollback.push(forget)
      return result
    } catch (error) {
      forget()
      throw error
    }
  }

  /** One write inside the caller's transaction; announced by the caller once it commits. */
  private async write({ client, noted }: { client: pg.PoolClient; noted: string[] }, collection: CollectionName, document: Record<string, unknown> & { id: string }, options: PutOptions = {}) {
    const { _deleted: _ignored, ...fields } = document
    // Inside a unit of work, `updatedAt` is provisional until the unit ends (finishUnit).
    const inUnit = this.db.unit !== undefined
    const clock = inUnit ? null : await client.query<{ last_updated_at: string }>('SELECT last_updated_at FROM sync_clock WHERE only_row = 1 FOR UPDATE')
    const updatedAt = clock ? nextInstant(this.now(), clock.rows[0]!.last_updated_at) : this.now().toISOString()
    const stored: Record<string, unknown> = { ...fields, id: document.id, updatedAt }
    checkDocument(collection, stored)
    let ownerOnly: boolean
    if (options.ownerOnly === undefined) {
      // An update keeps the document's visibility unless the caller says otherwise.
      const current = await client.query<{ owner_only: boolean }>('SELECT owner_only FROM documents WHERE collection = $1 AND id = $2', [collection, document.id])
      ownerOnly = current.rows[0]?.owner_only ?? false
    } else {
      ownerOnly = options.ownerOnly
    }
    await client.query(
      `INSERT INTO documents (collection, id, updated_at, deleted, owner_only, body) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (collection, id) DO UPDATE SET updated_at = excluded.updated_at, deleted = excluded.deleted,
         owner_only = excluded.owner_only, body = excluded.body`,
      [collection, document.id, updatedAt, Boolean(options.deleted), ownerOnly, JSON.stringify(stored)],
    )
    if (inUnit) {
      const key = `${collection}/${document.id}`
      this.unitWrites.delete(key)
      this.unitWrites.set(key, { collection, fields: { ...fields, id: document.id }, deleted: Boolean(options.deleted), ownerOnly })
      return { collection, document: { ...stored, _deleted: Boolean(options.deleted) } as SyncedDocument, ownerOnly }
    }
    await client.query('UPDATE sync_clock SET last_updated_at = $1 WHERE only_row = 1', [updatedAt])
    // Delivered to every relay listening once this transaction commits; never if it rolls back.
    await client.query('SELECT pg_notify($1, $2)', [this.channel, updatedAt])
    if (!this.feed.stopped) {
      this.feed.ownWrites.add(updatedAt)
      noted.push(updatedAt)
    }
    return { collection, document: { ...stored, _deleted: Boolean(options.deleted) } as SyncedDocument, ownerOnly }
  }

  async pull(collection: CollectionName, checkpoint: SyncCheckpoint | null, limit: number, options: { includeOwnerOnly: boolean } = { includeOwnerOnly: true }) {
    const visibility = options.includeOwnerOnly ? '' : 'AND owner_only = FALSE'
    const after = checkpoint ? 'AND (updated_at > $3 OR (updated_at = $3 AND id > $4))' : ''
    const { rows } = await this.db.sql.query<Row>(
      `SELECT collection, id, updated_at, deleted, owner_only, body FROM documents
       WHERE collection = $1 ${visibility} ${after} ORDER BY updated_at, id LIMIT $2`,
      checkpoint ? [collection, limit, checkpoint.updatedAt, checkpoint.id] : [collection, limit],
    )
    const documents = rows.map(toDocument)
    const last = documents.at(-1)
    return { documents, checkpoint: last ? { updatedAt: last.updatedAt, id: last.id } : checkpoint }
  }

  /** LISTENs on its own connection; reconnects (and catches up) when that connection drops. */
  followExternalWrites(): () => void {
    this.feed.stopped = false
    let retry: NodeJS.Timeout | null = null
    const connect = async () => {
      const client = new pg.Client({ connectionString: this.db.url, options: `-c search_path=${this.db.schema}` })
      client.on('notification', () => this.catchUp())
      client.on('error', () => undefined)
      client.on('end', () => {
        if (this.listener === client) this.listener = null
        if (!this.feed.stopped) retry = setTimeout(() => void start(), 1_000)
      })
      await client.connect()
      if (this.feed.stopped) return void (await client.end())
      await client.query(`LISTEN ${this.channel}`)
      this.listener = client
    }
    const start = async () => {
      try {
        // Everything before this point is the past: only later changes are news.
        if (this.seenUpTo === '') this.seenUpTo = await this.clockValue()
        await connect()
        this.catchUp()
      } catch {
        if (!this.feed.stopped) retry = setTimeout(() => void start(), 1_000)
      }
    }
    void start()
    return () => {
      this.feed.stopped = true
      if (retry) clearTimeout(retry)
      void this.listener?.end().catch(() => undefined)
      this.listener = null
      this.feed.ownWrites.clear()
    }
  }

  /** Resolves once the change feed listens (tests and the benchmark wait for it). */
  async listening(): Promise<void> {
    while (!this.listener && !this.feed.stopped) await new Promise((resolve) => setTimeout(resolve, 10))
  }

  /** Reads and announces what other relays committed since the last change seen; one pass at a time. */
  private catchUp(): void {
    if (this.catchingUp) {
      this.isCatchUpRequested = true
      return
    }
    this.catchingUp = (async () => {
      do {
        this.isCatchUpRequested = false
        const { rows } = await this.db.sql.query<Row>(
          'SELECT collection, id, updated_at, deleted, owner_only, body FROM documents WHERE updated_at > $1 ORDER BY updated_at, id LIMIT $2',
          [this.seenUpTo, catchUpPage],
        )
        if (rows.length === 0) break
        this.seenUpTo = rows.at(-1)!.updated_at
        const external = rows.filter((row) => !this.feed.ownWrites.delete(row.updated_at))
        // Own writes up to here have been seen; any left in the set were rolled back.
        for (const at of this.feed.ownWrites) if (at <= this.seenUpTo) this.feed.ownWrites.delete(at)
        announceChanges(this.feed.listeners, external.map((row) => ({ collection: row.collection, document: toDocument(row), ownerOnly: row.owner_only })))
        if (rows.length === catchUpPage) this.isCatchUpRequested = true
      } while (this.isCatchUpRequested)
    })()
      .catch(() => {
        // The database is unreachable: the next notification, or the reconnect, tries again.
      })
      .finally(() => {
        this.catchingUp = null
      })
  }

  private async clockValue(): Promise<string> {
    const { rows } = await this.db.sql.query<{ last_updated_at: string }>('SELECT last_updated_at FROM sync_clock WHERE only_row = 1')
    return rows[0]!.last_updated_at
  }
}

function toDocument(row: Row): SyncedDocument {
  return { ...(JSON.parse(row.body) as Record<string, unknown>), id: row.id, updatedAt: row.updated_at, _deleted: row.deleted }
}

/**
 * Every write of a document holds its key's lock until commit: a row lock cannot hold a document
 * that does not exist yet, and `update` must see no other write between its read and its write.
 * Taken before the clock row, always, so no two writers wait on each other in opposite orders.
 */
async function lockDocument(client: pg.PoolClient, schema: string, collection: CollectionName, id: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${schema}/${collection}/${id}`])
}
