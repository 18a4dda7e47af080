import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { changedFields, isEqual, resolvePush, type DocumentFields } from './push-resolution'

const base = { id: 'bk_1', updatedAt: '2026-11-22T10:00:00.000Z', notes: '', status: 'quoted', paidCents: 0, _deleted: false }

describe('resolvePush', () => {
  it('applies an edit made on the latest state, and a new document', () => {
    const proposed = { ...base, notes: 'Gate code 1234' }
    expect(resolvePush(base, base, proposed)).toEqual({ kind: 'apply', document: proposed })
    expect(resolvePush(null, null, proposed)).toEqual({ kind: 'apply', document: proposed })
  })

  it('treats the relay clock as bookkeeping, not as a change', () => {
    const master = { ...base, updatedAt: '2026-11-22T11:00:00.000Z' }
    expect(resolvePush(base, master, { ...base, notes: 'x' })).toEqual({ kind: 'apply', document: { ...base, notes: 'x' } })
  })

  it('merges field-wise when the device and the relay changed different fields', () => {
    const master = { ...base, updatedAt: '2026-11-22T11:00:00.000Z', paidCents: 10000, status: 'deposit_paid' }
    const proposed = { ...base, notes: 'Allergic to shellfish' }
    expect(resolvePush(base, master, proposed)).toEqual({
      kind: 'merge',
      document: { ...master, notes: 'Allergic to shellfish' },
      deviceFields: ['notes'],
    })
  })

  it('keeps the relay state when both changed the same field differently', () => {
    const master = { ...base, status: 'confirmed' }
    expect(resolvePush(base, master, { ...base, status: 'cancelled' })).toEqual({ kind: 'reject', conflictingFields: ['status'] })
  })

  it('accepts the same change made on both sides as unchanged', () => {
    const master = { ...base, status: 'confirmed', updatedAt: 'later' }
    expect(resolvePush(base, master, { ...base, status: 'confirmed' })).toEqual({ kind: 'unchanged' })
  })

  it('never lets a deletion and an edit silently cancel each other', () => {
    const edited = { ...base, notes: 'VIP' }
    expect(resolvePush(base, edited, { ...base, _deleted: true })).toEqual({ kind: 'reject', conflictingFields: ['_deleted'] })
    expect(resolvePush(base, { ...base, _deleted: true }, edited)).toEqual({ kind: 'reject', conflictingFields: ['_deleted'] })
  })

  it('rejects a device creating a document the relay already holds differently', () => {
    expect(resolvePush(null, base, { ...base, notes: 'mine' })).toEqual({ kind: 'reject', conflictingFields: ['notes'] })
  })
})

describe('resolvePush with logs: a booking timeline, a conversation’s messages', () => {
  const entry = (id: string, at: string, text = id) => ({ id, at, kind: 'note', actor: 'staff', by: null, text, ref: null })
  const seen = { ...base, timeline: [entry('t1', '2026-11-22T09:00:00.000Z')] }

  it('keeps both sides’ new entries, in time order, instead of a conflict', () => {
    const master = { ...seen, updatedAt: '2026-11-22T11:00:00.000Z', timeline: [...seen.timeline, entry('t3', '2026-11-22T10:30:00.000Z', 'Deposit reminder sent')] }
    const proposed = { ...seen, notes: 'Call before 5', timeline: [...seen.timeline, entry('t2', '2026-11-22T10:00:00.000Z', 'Called the customer')] }
    const decision = resolvePush(seen, master, proposed)
    expect(decision.kind).toBe('merge')
    if (decision.kind !== 'merge') return
    expect((decision.document.timeline as { id: string }[]).map((e) => e.id)).toEqual(['t1', 't2', 't3'])
    expect(decision.document.notes).toBe('Call before 5')
  })

  it('still calls it a conflict when the device rewrote or dropped an entry it had seen', () => {
    const master = { ...seen, timeline: [...seen.timeline, entry('t3', '2026-11-22T10:30:00.000Z')] }
    expect(resolvePush(seen, master, { ...seen, timeline: [entry('t1', '2026-11-22T09:00:00.000Z', 'rewritten')] })).toEqual({ kind: 'reject', conflictingFields: ['timeline'] })
    expect(resolvePush(seen, master, { ...seen, timeline: [entry('t2', '2026-11-22T10:00:00.000Z')] })).toEqual({ kind: 'reject', conflictingFields: ['timeline'] })
  })

  it('keeps a reply typed on the console while the relay marked an earlier message sent', () => {
    const message = (id: string, at: string, status: string) => ({ id, direction: 'outbound', author: 'staff', text: id, at, status })
    const seenThread = { ...base, messages: [message('m1', '2026-11-22T09:00:00.000Z', 'queued')] }
    const master = { ...seenThread, messages: [message('m1', '2026-11-22T09:00:00.000Z', 'sent')] }
    const proposed = { ...seenThread, messages: [...seenThread.messages, message('m2', '2026-11-22T09:01:00.000Z', 'queued')] }
    const decision = resolvePush(seenThread, master, proposed)
    expect(decision.kind).toBe('merge')
    if (decision.kind !== 'merge') return
    expect(decision.document.messages).toEqual([master.messages[0], proposed.messages[1]])
  })

  it('keeps a reply when the console had already pulled the relay\'s "sent" for the earlier message', () => {
    // The console's own push of m1 ("queued") is what it assumes the relay holds; the relay sent it
    // meanwhile, the console pulled that, and its next push carries m1 as the relay has it.
    const message = (id: string, at: string, status: string) => ({ id, direction: 'outbound', author: 'staff', text: id, at, status })
    const seenThread = { ...base, messages: [message('m1', '2026-11-22T09:00:00.000Z', 'queued')] }
    const master = { ...seenThread, messages: [message('m1', '2026-11-22T09:00:00.000Z', 'sent')] }
    const proposed = { ...seenThread, messages: [...master.messages, message('m2', '2026-11-22T09:01:00.000Z', 'queued')] }
    const decision = resolvePush(seenThread, master, proposed)
    expect(decision.kind).toBe('merge')
    if (decision.kind !== 'merge') return
    expect(decision.document.messages).toEqual([master.messages[0], proposed.messages[1]])
    // Echoing back anything else than the relay's version is still rewriting an entry it had seen.
    const rewritten = { ...seenThread, messages: [message('m1', '2026-11-22T09:00:00.000Z', 'failed'), proposed.messages[1]] }
    expect(resolvePush(seenThread, master, rewritten)).toEqual({ kind: 'reject', conflictingFields: ['messages'] })
  })

  it('only treats these logs this way: other lists that both sides changed conflict', () => {
    const assumed = { ...base, tags: [{ id: 'a' }] }
    const decision = resolvePush(assumed, { ...assumed, tags: [{ id: 'a' }, { id: 'b' }] }, { ...assumed, tags: [{ id: 'a' }, { id: 'c' }] })
    expect(decision).toEqual({ kind: 'reject', conflictingFields: ['tags'] })
  })
})

describe('resolvePush properties', () => {
  const fieldNames = ['a', 'b', 'c', 'd'] as const
  const value = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('x', 'y'), fc.constant(null))
  const doc = fc.record({ a: value, b: value, c: value, d: value })
  const edit = (original: DocumentFields) =>
    fc.subarray([...fieldNames]).chain((fields) =>
      fc.tuple(...fields.map(() => value)).map((values) => {
        const next = { ...original }
        fields.forEach((field, index) => (next[field] = values[index]))
        return next
      }),
    )
  const scenario = doc.chain((assumed) => fc.tuple(fc.constant(assumed), edit(assumed), edit(assumed)))

  it('never loses a decision: every field either ends up as the device wrote it or the edit is rejected', () => {
    fc.assert(
      fc.property(scenario, ([assumed, master, proposed]) => {
        const decision = resolvePush(assumed, master, proposed)
        const byDevice = changedFields(assumed, proposed)
        const byRelay = changedFields(assumed, master)
        if (decision.kind === 'reject') {
          expect(decision.conflictingFields.length).toBeGreaterThan(0)
          return
        }
        const result = decision.kind === 'unchanged' ? master : decision.document
        for (const field of byDevice) expect(isEqual(result[field], proposed[field])).toBe(true)
        if (decision.kind === 'apply') {
          // Applying outright is only right when the relay had not moved on.
          expect(byRelay).toEqual([])
        } else {
          for (const field of byRelay) expect(isEqual(result[field], master[field])).toBe(true)
        }
      }),
    )
  })

  it('is symmetric for disjoint edits: merging gives the same document either way round', () => {
    fc.assert(
      fc.property(scenario, ([assumed, master, proposed]) => {
        const forward = resolvePush(assumed, master, proposed)
        const backward = resolvePush(assumed, proposed, master)
        if (forward.kind === 'merge' && backward.kind === 'merge') {
          expect(forward.document).toEqual(backward.document)
        }
        expect(forward.kind === 'reject').toBe(backward.kind === 'reject')
      }),
    )
  })
})
