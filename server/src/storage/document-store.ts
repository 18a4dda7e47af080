/**
 * The master copy of every synced collection (architecture §3). Each write gets a relay-assigned
 * `updatedAt`, strictly later than any before it, and is checked against the collection's schema;
 * listeners hear about documents only after their transaction has committed.
 */
import type { CollectionName } from '../../../src/domain/schemas'
import { documentProblems } from '../../../src/domain/schemas/document-guard'
import { writeTransaction, type RelayDatabase } from './database'
import { documentRepositories, type DocumentOf, type DocumentRepositories, type DocumentRepository } from './document-repositories'
import { deferUntilCommitted } from './group-commit'

/** A document as it travels the sync API: its fields plus RxDB's deletion flag. */
export type SyncedDocument = { id: string; updatedAt: string; _deleted: boolean } & Record<string, unknown>

/** Where a pull resumes: the last document seen, ordered by (`updatedAt`, `id`). */
export interface SyncCheckpoint {
  updatedAt: string
  id: string
}

export class DocumentValidationError extends Error {
  constructor(
    readonly collection: CollectionName,
    readonly problems: string[],
  ) {
    super(`Invalid ${collection} document: ${problems.join('; ')}`)
    this.name = 'DocumentValidationError'
  }
}

/** `ownerOnly` documents must never reach a front-desk device. */
export type DocumentChangeListener = (collection: CollectionName, documents: SyncedDocument[], visibility: { ownerOnly: boolean }) => void

export interface PutOptions {
  deleted?: boolean
  /** Visible to owner devices only (e.g. a needs-attention item about owner-only data). */
  ownerOnly?: boolean
}

/** Throws `DocumentValidationError` unless `stored` fits its collection's schema (on every engine). */
export function checkDocument(collection: CollectionName, stored: Record<string, unknown>): void {
  const problems = documentProblems(collection, stored)
  if (problems.length > 0) throw new DocumentValidationError(collection, problems)
  // Neither engine stores one: PostgreSQL's JSON cannot read it back, and no text needs it.
  if (holdsNul(stored)) throw new DocumentValidationError(collection, ['/ a text holds a NUL character'])
}

function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000')
  if (typeof value !== 'object' || value === null) return false
  return Object.entries(value).some(([key, child]) => key.includes('\u0000') || holdsNul(child))
}

/** The next `updatedAt` after `last`: now, or a millisecond after `last` when the clock lags. */
export function nextInstant(now: Date, last: string): string {
  return new Date(Math.max(now.getTime(), Date.parse(last) + 1)).toISOString()
}

interface Row {
  id: string
  updated_at: string
  deleted: number
  body: string
}

/**
 * Typed reads by collection, with the questions services ask by name: `documents.bookings.onDate(…)`.
 * (Declared here, assigned in the constructor: one line per collection instead of two.)
 */
export interface DocumentStore extends Readonly<DocumentRepositories> {}

export class DocumentStore {
  private readonly listeners = new Set<DocumentChangeListener>()
  private readonly pending: { collection: CollectionName; document: SyncedDocument; ownerOnly: boolean }[] = []
  private depth = 0
  /** How far `followExternalWrites` has looked, and this store's own writes it has yet to pass over. */
  private seenUpTo = ''
  private readonly ownWrites = new Set<string>()
  private following = false
  private readonly repositories: { [C in CollectionName]: DocumentRepository<C> }

  constructor(
    private readonly db: RelayDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {
    const repositories = documentRepositories(db)
    this.repositories = repositories
    Object.assign(this, repositories)
  }

  onChange(listener: DocumentChangeListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  get(collection: CollectionName, id: string): SyncedDocument | null {
    const row = this.db
      .prepare('SELECT id, updated_at, deleted, body FROM documents WHERE collection = ? AND id = ?')
      .get(collection, id) as Row | undefined
    return row ? toDocument(row) : null
  }

  /** Whether a stored document is for owner devices only (front-desk devices never receive it). */
  isOwnerOnly(collection: CollectionName, id: string): boolean {
    const row = this.db.prepare('SELECT owner_only FROM documents WHERE collection = ? AND id = ?').get(collection, id) as { owner_only: number } | undefined
    return row?.owner_only === 1
  }

  /**
   * Inserts or replaces a document. `updatedAt` is assigned here (whatever the caller passed);
   * the result is validated against the collection's schema before anything is written.
   */
  put(collection: CollectionName, document: Record<string, unknown> & { id: string }, options: PutOptions = {}) {
    return this.transaction(() => {
      const updatedAt = this.nextUpdatedAt()
      // An update keeps the document's visibility unless the caller says otherwise.
      const ownerOnly = options.ownerOnly ?? this.isOwnerOnly(collection, document.id)
      const { _deleted: _ignored, ...fields } = document as Record<string, unknown>
      const stored = { ...fields, id: document.id, updatedAt } as Record<string, unknown>
      checkDocument(collection, stored)
      this.db
        .prepare(
          `INSERT INTO documents (collection, id, updated_at, deleted, owner_only, body) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (collection, id) DO UPDATE SET updated_at = excluded.updated_at,
             deleted = excluded.deleted, owner_only = excluded.owner_only, body = excluded.body`,
        )
        .run(collection, document.id, updatedAt, options.deleted ? 1 : 0, ownerOnly ? 1 : 0, JSON.stringify(stored))
      const result: SyncedDocument = { ...(stored as SyncedDocument), _deleted: Boolean(options.deleted) }
      this.pending.push({ collection, document: result, ownerOnly })
      if (this.following) this.ownWrites.add(updatedAt)
      return result
    })
  }

  /** Reads, changes and writes one document atomically; `change` gets null when it is new. */
  update(
    collection: CollectionName,
    id: string,
    change: (current: SyncedDocument | null) => (Record<string, unknown> & { id: string }) | null,
  ): SyncedDocument | null {
    return this.transaction(() => {
      const next = change(this.get(collection, id))
      return next ? this.put(collection, next) : null
    })
  }

  /**
   * Creates or changes one document atomically, typed as its collection's document: `change`
   * gets the live one, or null when there is none (new, or deleted); it returns null to write nothing.
   */
  upsert<C extends CollectionName>(
    collection: C,
    id: string,
    change: (current: DocumentOf<C> | null) => (Omit<DocumentOf<C>, 'updatedAt'> & { id: string }) | null,
    options: PutOptions = {},
  ): SyncedDocument | null {
    return this.transaction(() => {
      const next = change(this.repositories[collection].live(id))
      return next ? this.put(collection, next, options) : null
    })
  }

  /** Every live (not deleted) document of `collection`, without the sync flag, in id order. */
  live<T>(collection: CollectionName): T[] {
    const rows = this.db
      .prepare('SELECT id, updated_at, deleted, body FROM documents WHERE collection = ? AND deleted = 0 ORDER BY id')
      .all(collection) as Row[]
    return rows.map((row) => withoutSyncFlags(toDocument(row)) as T)
  }

  /** The live (not deleted) documents of `collection` whose top-level `field` equals `value`. */
  findBy(collection: CollectionName, field: string, value: string | number): SyncedDocument[] {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(field)) throw new RangeError(`Not a field name: ${field}`)
    const rows = this.db
      .prepare(`SELECT id, updated_at, deleted, body FROM documents WHERE collection = ? AND deleted = 0 AND json_extract(body, '$.${field}') = ?`)
      .all(collection, value) as Row[]
    return rows.map(toDocument)
  }

  /** Marks a document deleted (kept as a tombstone so other devices learn of the deletion). */
  delete(collection: CollectionName, id: string, options: Omit<PutOptions, 'deleted'> = {}): SyncedDocument | null {
    return this.transaction(() => {
      const current = this.get(collection, id)
      if (!current) return null
      const { _deleted: _d, ...fields } = current
      return this.put(collection, fields as SyncedDocument, { ...options, deleted: true })
    })
  }

  /**
   * Documents after `checkpoint` in (`updatedAt`, `id`) order, and the checkpoint to resume from.
   * Without `includeOwnerOnly` the owner-only documents are skipped in SQL, so pages stay full.
   */
  pull(
    collection: CollectionName,
    checkpoint: SyncCheckpoint | null,
    limit: number,
    options: { includeOwnerOnly: boolean } = { includeOwnerOnly: true },
  ) {
    const visibility = options.includeOwnerOnly ? '' : 'AND owner_only = 0'
    const after = checkpoint ? 'AND (updated_at > @updatedAt OR (updated_at = @updatedAt AND id > @id))' : ''
    const rows = this.db
      .prepare(
        `SELECT id, updated_at, deleted, body FROM documents
         WHERE collection = @collection ${visibility} ${after}
         ORDER BY updated_at, id LIMIT @limit`,
      )
      .all({ collection, limit, updatedAt: checkpoint?.updatedAt ?? null, id: checkpoint?.id ?? null }) as Row[]
    const documents = rows.map(toDocument)
    const last = documents.at(-1)
    return { documents, checkpoint: last ? { updatedAt: last.updatedAt, id: last.id } : checkpoint }
  }

  /**
   * Runs `work` in one transaction (nesting joins the outer one); change events fire after commit.
   * Inside a group commit (storage/group-commit.ts) that is the shared commit, not this one.
   */
  transaction<T>(work: () => T): T {
    if (this.depth > 0) return work()
    this.depth++
    let result: T
    try {
      result = writeTransaction(this.db, work)
    } catch (error) {
      // Rolled back: the relay clock will hand those times out again, maybe to another process.
      for (const { document } of this.pending.splice(0)) this.ownWrites.delete(document.updatedAt)
      throw error
    } finally {
      this.depth--
    }
    const changes = this.pending.splice(0)
    if (!deferUntilCommitted(this.db, () => this.announce(changes))) this.announce(changes)
    return result
  }

  /**
   * Announces documents another process wrote to the same database (a second relay, a
   * maintenance command, a test seeding data) to this store's listeners, so live streams and
   * services hear of them within `intervalMs`. This store's own writes are announced by their
   * commit (after the flush to disk, in a group commit), never here. Returns the function that
   * stops following.
   */
  followExternalWrites(intervalMs = 500): () => void {
    this.seenUpTo = this.clockValue()
    this.following = true
    const timer = setInterval(() => {
      if (this.depth > 0 || this.clockValue() <= this.seenUpTo) return
      const rows = this.db
        .prepare(`SELECT collection, id, updated_at, deleted, owner_only, body FROM documents WHERE updated_at > ? ORDER BY updated_at, id LIMIT 5000`)
        .all(this.seenUpTo) as (Row & { collection: CollectionName; owner_only: number })[]
      const external = rows.filter((row) => !this.ownWrites.delete(row.updated_at))
      this.seenUpTo = rows.length === 5000 ? rows.at(-1)!.updated_at : this.clockValue()
      // Our own writes up to here have been seen; any left in the set were rolled back.
      for (const at of this.ownWrites) if (at <= this.seenUpTo) this.ownWrites.delete(at)
      this.announce(external.map((row) => ({ collection: row.collection, document: toDocument(row), ownerOnly: row.owner_only === 1 })))
    }, intervalMs)
    timer.unref()
    return () => {
      clearInterval(timer)
      this.following = false
      this.ownWrites.clear()
    }
  }

  private clockValue(): string {
    return (this.db.prepare('SELECT last_updated_at FROM sync_clock WHERE only_row = 1').get() as { last_updated_at: string }).last_updated_at
  }

  private announce(changes: typeof this.pending): void {
    announceChanges(this.listeners, changes)

  }

  private nextUpdatedAt(): string {
    const { last_updated_at: last } = this.db.prepare('SELECT last_updated_at FROM sync_clock WHERE only_row = 1').get() as {
      last_updated_at: string
    }
    const next = nextInstant(this.now(), last)
    this.db.prepare('UPDATE sync_clock SET last_updated_at = ? WHERE only_row = 1').run(next)
    return next
  }
}

/** Tells each listener of committed changes, one call per collection and visibility. */
export function announceChanges(
  listeners: Iterable<DocumentChangeListener>,
  changes: readonly { collection: CollectionName; document: SyncedDocument; ownerOnly: boolean }[],
): void {
  const batches = new Map<string, { collection: CollectionName; ownerOnly: boolean; documents: SyncedDocument[] }>()
  for (const { collection, document, ownerOnly } of changes) {
    const key = `${collection}:${ownerOnly}`
    const batch = batches.get(key) ?? { collection, ownerOnly, documents: [] }
    batch.documents.push(document)
    batches.set(key, batch)
  }
  // Every listener hears of every change, whichever fails; the first failure is passed on after.
  const failures: unknown[] = []
  for (const { collection, ownerOnly, documents } of batches.values()) {
    for (const listener of listeners) {
      try {
        listener(collection, documents, { ownerOnly })
      } catch (error) {
        failures.push(error)
      }
    }
  }
  if (failures.length > 0) throw failures[0]
}

function toDocument(row: Row): SyncedDocument {
  return { ...(JSON.parse(row.body) as Record<string, unknown>), id: row.id, updatedAt: row.updated_at, _deleted: row.deleted === 1 }
}

/** A stored document's own fields, without the store's `_deleted` flag. */
export function withoutSyncFlags(document: SyncedDocument): Record<string, unknown> {
  const { _deleted: _ignored, ...fields } = document
  return fields
}
