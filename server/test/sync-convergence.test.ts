/**
 * Property: an offline console makes random edits while the relay changes some of the same
 * documents, with syncs (reconnects) at random points. Afterwards both sides hold the same
 * documents, and every pushed edit was either applied or listed under needs-attention.
 *
 * The console side is a model of RxDB's replication protocol: it pushes each changed document
 * with the master state it last saw, adopts the master for conflicts, then pulls by checkpoint.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isEqual } from '../../src/domain/sync/push-resolution'
import type { SyncedDocument } from '../src/storage/document-store'
import { buildTestRelay, pairDevice } from './helper'

type Doc = Record<string, unknown> & { id: string }
const ids = ['bk_a', 'bk_b', 'bk_c'] as const
const editable = {
  notes: fc.constantFrom('', 'Gate code 1234', 'Allergic to shellfish', 'Call on arrival'),
  // Status is derived by the relay from facts such as this one (src/domain/sync/write-policy).
  cancelledAt: fc.constantFrom(null, '2026-11-23T09:00:00.000Z'),
  adults: fc.integer({ min: 10, max: 40 }),
  eventTime: fc.constantFrom('12:00', '17:00', '18:30'),
}
const field = fc.constantFrom(...(Object.keys(editable) as (keyof typeof editable)[]))
const step = fc.oneof(
  field.chain((name) => fc.record({ kind: fc.constant('console' as const), id: fc.constantFrom(...ids), field: fc.constant(name), value: editable[name] })),
  field.chain((name) => fc.record({ kind: fc.constant('relay' as const), id: fc.constantFrom(...ids), field: fc.constant(name), value: editable[name] })),
  fc.record({ kind: fc.constant('sync' as const) }),
)

const at = '2026-11-22T10:00:00.000Z'
const booking = (id: string): Doc => ({
  id, updatedAt: at, customerId: null, customerName: 'Dana Whitfield', customerPhone: null, customerEmail: null,
  eventDate: '2026-12-12', eventTime: '17:00', adults: 30, kids: 0, address: null, zip: '94539',
  subtotalCents: 165000, travelFeeCents: 0, totalCents: 165000, depositCents: 10000, paidCents: 0,
  status: 'confirmed', notes: '', createdAt: at,
})

const withoutClock = ({ updatedAt: _u, ...rest }: Record<string, unknown>) => rest

describe('sync convergence', () => {
  it('converges, and never drops an edit silently', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const app = await buildTestRelay()
        try {
          const device = await pairDevice(app, 'owner', 'Owner laptop')
          for (const id of ids) await app.storage.documents.put('bookings', booking(id))

          // Console state: local documents, the master each was based on, and unsynced ids.
          const local = new Map<string, Doc>()
          const assumed = new Map<string, SyncedDocument>()
          const dirty = new Set<string>()
          let checkpoint: unknown = null

          const pullAll = async () => {
            for (;;) {
              const response = await app.inject({
                method: 'GET',
                url: `/sync/bookings/pull?checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}&limit=2`,
                headers: device.headers,
              })
              const page = response.json() as { documents: SyncedDocument[]; checkpoint: unknown }
              if (page.documents.length === 0) return
              for (const document of page.documents) {
                assumed.set(document.id, document)
                if (!dirty.has(document.id)) local.set(document.id, { ...document })
              }
              checkpoint = page.checkpoint
            }
          }

          const sync = async () => {
            const rows = [...dirty].map((id) => ({ assumedMasterState: assumed.get(id)!, newDocumentState: local.get(id)! }))
            if (rows.length > 0) {
              const mastersBefore = new Map<string, SyncedDocument>()
              for (const row of rows) mastersBefore.set(row.newDocumentState.id, (await app.storage.documents.get('bookings', row.newDocumentState.id))!)
              const response = await app.inject({ method: 'POST', url: '/sync/bookings/push', headers: device.headers, payload: rows })
              expect(response.statusCode).toBe(200)
              const conflicts = response.json() as SyncedDocument[]
              for (const row of rows) {
                const conflict = conflicts.find((doc) => doc.id === row.newDocumentState.id)
                const master = (await app.storage.documents.get('bookings', row.newDocumentState.id))!
                if (conflict) {
                  // Rejected: the relay kept its state and listed the edit for a person.
                  const listed = (await app.storage.documents.pull('needsAttention', null, 10_000)).documents.some(
                    (item) => item.documentId === row.newDocumentState.id && isEqual(item.rejectedEdit, row.newDocumentState),
                  )
                  expect(listed).toBe(true)
                  expect(conflict).toEqual(master)
                  local.set(conflict.id, { ...conflict })
                  assumed.set(conflict.id, conflict)
                } else {
                  // Applied or merged: every field the console changed now holds its value, and
                  // every field the relay changed meanwhile still holds the relay's.
                  const before = mastersBefore.get(row.newDocumentState.id)!
                  for (const name of Object.keys(editable)) {
                    if (!isEqual(row.assumedMasterState[name], row.newDocumentState[name])) {
                      expect(master[name]).toEqual(row.newDocumentState[name])
                    }
                    if (!isEqual(row.assumedMasterState[name], before[name])) {
                      expect(master[name]).toEqual(before[name])
                    }
                  }
                  assumed.set(row.newDocumentState.id, row.newDocumentState as SyncedDocument)
                }
                dirty.delete(row.newDocumentState.id)
              }
            }
            await pullAll()
          }

          await pullAll()
          for (const action of steps) {
            if (action.kind === 'sync') await sync()
            else if (action.kind === 'console') {
              local.set(action.id, { ...local.get(action.id)!, [action.field]: action.value })
              dirty.add(action.id)
            } else {
              const current = (await app.storage.documents.get('bookings', action.id))!
              await app.storage.documents.put('bookings', { ...current, [action.field]: action.value })
            }
          }
          await sync()

          for (const id of ids) {
            expect(withoutClock(local.get(id)!)).toEqual(withoutClock((await app.storage.documents.get('bookings', id))!))
          }
        } finally {
          await app.close()
        }
      }),
      {
        numRuns: 40,
        // Found by this property: undoing a cancel of a booking never quoted or confirmed, then a relay edit.
        examples: [
          [
            [
              { kind: 'console', id: 'bk_a', field: 'cancelledAt', value: '2026-11-23T09:00:00.000Z' },
              { kind: 'sync' },
              { kind: 'console', id: 'bk_a', field: 'cancelledAt', value: null },
              { kind: 'relay', id: 'bk_a', field: 'notes', value: '' },
            ],
          ],
        ],
      },
    )
  }, 90_000)
})
