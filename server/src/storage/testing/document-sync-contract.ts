/**
 * The `DocumentSync` contract (../contracts.ts) as one suite for every engine: the ordering
 * contract of architecture §3 (relay-assigned `updatedAt`, strictly increasing across relays; a
 * pull resuming from its checkpoint never skips a change) and live fan-out between relays.
 */
import { describe, expect, it } from 'vitest'
import type { Customer } from '../../../../src/domain/schemas'
import { customerFixture } from '../../../sandbox/testing/customer-fixture'
import type { DocumentSync } from '../contracts'
import { DocumentValidationError, type SyncedDocument } from '../document-store'
import { onFreshDatabase, type StorageEngine } from './storage-engines'

const at = '2026-03-01T12:00:00.000Z'
const customer = (id: string, name = `Customer ${id}`): Customer => customerFixture({ id, name, createdAt: at })

async function pullAll(store: DocumentSync, options = { includeOwnerOnly: true }): Promise<SyncedDocument[]> {
  const all: SyncedDocument[] = []
  let checkpoint = null
  for (;;) {
    const page: Awaited<ReturnType<DocumentSync['pull']>> = await store.pull('customers', checkpoint, 7, options)
    all.push(...page.documents)
    if (page.documents.length === 0) return all
    checkpoint = page.checkpoint
  }
}

export function documentSyncContract(engine: StorageEngine): void {
  // The relay clocks stand still: every `updatedAt` after the first comes from the clock rule.
  const now = () => new Date(at)
  const onFresh = onFreshDatabase(engine, now, (stores) => stores.documents)
  const withDocuments = (test: (stores: { documents: DocumentSync; other: DocumentSync }) => Promise<void>) => onFresh((documents, other) => test({ documents, other }))

  describe('document sync contract', () => {
    it(
      'assigns every write, on either relay, an updatedAt later than any before it',
      withDocuments(async ({ documents, other }) => {
        const written = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? documents : other).put('customers', { ...customer(`cus_${i}`), updatedAt: '2099-01-01T00:00:00.000Z' })))
        const instants = written.map((document) => document.updatedAt)
        expect(new Set(instants).size).toBe(40)
        expect(instants.every((instant) => instant >= at && instant < '2099')).toBe(true)
        const pulled = await pullAll(other)
        expect(pulled.map((document) => document.updatedAt)).toEqual([...instants].sort())
        const again = await documents.put('customers', customer('cus_0', 'Renamed'))
        expect(again.updatedAt > [...instants].sort().at(-1)!).toBe(true)
      }),
    )

    it(
      'never lets a pull resuming from its checkpoint skip a change, while two relays write',
      withDocuments(async ({ documents, other }) => {
        const seen = new Map<string, string>()
        let checkpoint = null
        let writing = true
        const pulling = (async () => {
          for (let idle = 0; idle < 3; ) {
            const page: Awaited<ReturnType<DocumentSync['pull']>> = await documents.pull('customers', checkpoint, 5)
            for (const document of page.documents) seen.set(document.id, document.updatedAt)
            checkpoint = page.checkpoint
            if (page.documents.length === 0 && !writing) idle++
          }
        })()
        await Promise.all(
          [documents, other].map(async (store, writer) => {
            for (let i = 0; i < 60; i++) await store.put('customers', customer(`cus_${writer}_${i % 20}`, `v${i}`))
          }),
        )
        writing = false
        await pulling
        const final = await pullAll(other)
        expect(final).toHaveLength(40)
        // The puller saw every document at its last version.
        for (const document of final) expect([document.id, seen.get(document.id)]).toEqual([document.id, document.updatedAt])
      }),
    )

    it(
      'keeps owner-only documents from pulls that exclude them, and an update keeps its visibility',
      withDocuments(async ({ documents, other }) => {
        await documents.put('customers', customer('cus_shared'))
        await documents.put('customers', customer('cus_private'), { ownerOnly: true })
        await other.put('customers', customer('cus_private', 'Still private'))
        await other.put('customers', customer('cus_gone'), { deleted: true })
        expect((await pullAll(other, { includeOwnerOnly: false })).map((d) => [d.id, d._deleted])).toEqual([
          ['cus_shared', false],
          ['cus_gone', true],
        ])
        expect((await pullAll(documents)).map((d) => d.id)).toEqual(['cus_shared', 'cus_private', 'cus_gone'])
        expect(await documents.get('customers', 'cus_private')).toMatchObject({ name: 'Still private', _deleted: false })
        expect(await documents.get('customers', 'cus_none')).toBeNull()
      }),
    )

    it(
      'refuses a document that does not fit its schema and stores nothing of it',
      withDocuments(async ({ documents }) => {
        await expect(documents.put('customers', { ...customer('cus_bad'), smsOptOut: 'yes' })).rejects.toBeInstanceOf(DocumentValidationError)
        expect(await documents.get('customers', 'cus_bad')).toBeNull()
        expect(await pullAll(documents)).toEqual([])
      }),
    )

    it(
      "tells a relay's listeners of another relay's changes once, and of its own once",
      withDocuments(async ({ documents, other }) => {
        const heard: [string, string, boolean][] = []
        documents.onChange((collection, changed, { ownerOnly }) => heard.push(...changed.map((d): [string, string, boolean] => [collection, d.id, ownerOnly])))
        const stop = documents.followExternalWrites()
        try {
          await waitFor(async () => {
            // The feed may take a moment to start listening: write until the first change is heard.
            await other.put('customers', customer('cus_probe'))
            return heard.length > 0
          })
          // Probes written while the feed started may still be announced: they are not counted.
          const counted = () => heard.filter(([, id]) => id !== 'cus_probe')
          await other.put('customers', customer('cus_theirs'), { ownerOnly: true })
          await documents.put('customers', customer('cus_mine'))
          await other.put('customers', customer('cus_theirs_too'))
          await waitFor(async () => counted().length >= 3)
          await new Promise((resolve) => setTimeout(resolve, 300))
          expect(counted().sort()).toEqual([
            ['customers', 'cus_mine', false],
            ['customers', 'cus_theirs', true],
            ['customers', 'cus_theirs_too', false],
          ])
        } finally {
          stop()
        }
      }),
    )

    it(
      'updates a document from what is stored at that moment: concurrent edits through two relays lose none',
      withDocuments(async ({ documents, other }) => {
        const edits = Array.from({ length: 24 }, (_, i) => `edit${i}`)
        // The first edits race to create the document; the rest race to change it.
        await Promise.all(
          edits.map((edit, i) =>
            (i % 2 ? documents : other).update('customers', 'cus_shared', (current) => {
              const base = current ?? customer('cus_shared')
              return { ...base, notes: `${base.notes} ${edit}`.trim() }
            }),
          ),
        )
        const stored = (await other.get('customers', 'cus_shared')) as SyncedDocument & Customer
        expect(stored.notes.split(' ').sort()).toEqual([...edits].sort())
      }),
    )

    it(
      'lets no write land between an update\'s read and its write, puts from the other relay included',
      withDocuments(async ({ documents, other }) => {
        await documents.put('customers', { ...customer('cus_mixed'), notes: 'start' })
        const writes = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            i % 3 === 0
              ? other.put('customers', { ...customer('cus_mixed'), notes: `put${i}` })
              : (i % 2 ? documents : other).update('customers', 'cus_mixed', (current) => ({ ...current!, notes: `${current!.notes} u${i}` })),
          ),
        )
        // In the order they were stored, each update extends exactly the write before it.
        const stored = (writes as (SyncedDocument & Customer)[]).sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))
        let before = 'start'
        for (const write of stored) {
          if (!/^put\d+$/.test(write.notes)) expect(write.notes).toMatch(new RegExp(`^${before} u\\d+$`))
          before = write.notes
        }
        expect(((await other.get('customers', 'cus_mixed')) as SyncedDocument & Customer).notes).toBe(before)
      }),
    )

    it(
      'writes nothing when the change declines, and offers a deleted document as none',
      withDocuments(async ({ documents, other }) => {
        expect(await documents.update('customers', 'cus_none', () => null)).toBeNull()
        expect(await other.get('customers', 'cus_none')).toBeNull()
        const before = await documents.put('customers', customer('cus_gone'))
        await other.put('customers', customer('cus_gone'), { deleted: true })
        let offered: unknown = 'not called'
        const revived = await documents.update('customers', 'cus_gone', (current) => {
          offered = current
          return customer('cus_gone', 'Back again')
        })
        expect(offered).toBeNull()
        expect(revived).toMatchObject({ id: 'cus_gone', name: 'Back again', _deleted: false })
        expect(revived!.updatedAt > before.updatedAt).toBe(true)
        const seen = await pullAll(other)
        expect(seen.find((document) => document.id === 'cus_gone')).toMatchObject({ name: 'Back again', _deleted: false })
      }),
    )
  })
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
