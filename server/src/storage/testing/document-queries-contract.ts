/**
 * The `DocumentQueries` contract (../contracts.ts) as one suite for every engine: each question a
 * service asks of the synced documents, answered alike on SQLite and PostgreSQL, from documents
 * written through either relay, live ones only, in the stated order.
 */
import { describe, expect, it } from 'vitest'
import type { Booking, Call, Conversation, Customer, NeedsAttention, Suggestion, TranscriptSegment } from '../../../../src/domain/schemas'
import { customerFixture } from '../../../sandbox/testing/customer-fixture'
import type { DocumentQueries, DocumentSync } from '../contracts'
import { onFreshDatabase, type ContractStores, type StorageEngine } from './storage-engines'

const at = '2026-03-01T12:00:00.000Z'
const phone = '+14085550101'
const otherPhone = '+14085550102'

const booking = (id: string, overrides: Partial<Booking> = {}): Booking => ({
  id,
  updatedAt: '',
  customerId: null,
  customerName: 'Maria Lopez',
  customerPhone: phone,
  customerEmail: null,
  eventDate: '2026-03-20',
  eventTime: '17:30',
  adults: 12,
  kids: 0,
  address: null,
  zip: null,
  subtotalCents: 66000,
  travelFeeCents: 0,
  totalCents: 66000,
  depositCents: 10000,
  paidCents: 0,
  status: 'quoted',
  notes: '',
  createdAt: at,
  ...overrides,
})

const thread = (id: string, customerPhone: string): Conversation => ({
  id,
  updatedAt: '',
  customerPhone,
  customerId: null,
  needsHuman: false,
  lastMessageAt: at,
  messages: [{ id: 'm1', direction: 'inbound', author: 'customer', text: 'Party of 12?', at, status: 'received' }],
})

const call = (id: string, overrides: Partial<Call> = {}): Call => ({
  id,
  updatedAt: '',
  telephonySessionId: `s-${id}`,
  direction: 'inbound',
  fromNumber: phone,
  toNumber: '+15105550100',
  customerId: null,
  status: 'ended',
  startedAt: '2026-03-01T10:00:00.000Z',
  endedAt: null,
  escalated: false,
  escalationReason: null,
  assignedExtensionId: null,
  summary: '',
  ...overrides,
})

const suggestion = (id: string, overrides: Partial<Suggestion> = {}): Suggestion => ({
  id,
  updatedAt: '',
  callId: null,
  conversationId: 'cv_1',
  kind: 'reply',
  title: 'Reply',
  text: 'Happy to help.',
  status: 'open',
  createdAt: at,
  ...overrides,
})

const segment = (id: string, callId: string): TranscriptSegment => ({ id, updatedAt: '', callId, speaker: 'caller', text: 'Hi', startMs: 0, endMs: 900, isFinal: true })

const customer = (id: string, overrides: Partial<Customer> = {}): Customer => customerFixture({ id, phone, createdAt: at, ...overrides })

const attention = (id: string, overrides: Partial<NeedsAttention> = {}): NeedsAttention => ({
  id,
  updatedAt: '',
  kind: 'refused_edit',
  title: 'A change was refused',
  collectionName: 'bookings',
  documentId: 'bk_1',
  conflictingFields: [],
  serverState: null,
  rejectedEdit: null,
  deviceId: 'dev_front',
  deviceName: 'Front desk',
  createdAt: at,
  status: 'open',
  resolvedBy: null,
  resolvedAt: null,
  ...overrides,
})

type Stores = { documents: DocumentSync; queries: DocumentQueries }

export function documentQueriesContract(engine: StorageEngine): void {
  const onFresh = onFreshDatabase(engine, () => new Date(at), (stores: ContractStores): Stores => ({ documents: stores.documents, queries: stores.queries }))

  describe('document queries contract', () => {
    it(
      "answers the booking questions from either relay's writes, live bookings only",
      onFresh(async (mine, theirs) => {
        await mine.documents.put('bookings', booking('bk_3', { eventDate: '2026-03-25', status: 'confirmed' }))
        await theirs.documents.put('bookings', booking('bk_1', { eventDate: '2026-03-10', status: 'deposit_paid' }))
        await mine.documents.put('bookings', booking('bk_2', { eventDate: '2026-03-20', customerPhone: otherPhone, customerId: 'cus_1' }))
        await theirs.documents.put('bookings', booking('bk_gone', { eventDate: '2026-03-20' }), { deleted: true })
        await mine.documents.put('bookings', booking('bk_4', { eventDate: '2026-04-02', customerPhone: null, status: 'confirmed' }))

        const ids = (bookings: { id: string }[]) => bookings.map((b) => b.id)
        expect(ids(await theirs.queries.bookings.onOrAfter('2026-03-20'))).toEqual(['bk_2', 'bk_3', 'bk_4'])
        expect(ids(await mine.queries.bookings.onDate('2026-03-20'))).toEqual(['bk_2'])
        expect(ids(await theirs.queries.bookings.ofCustomer(phone, 'cus_1'))).toEqual(['bk_1', 'bk_2', 'bk_3'])
        expect(ids(await theirs.queries.bookings.ofCustomer(null, null))).toEqual([])
        // Oldest change first.
        expect(await mine.queries.bookings.idsForPhone(phone)).toEqual(['bk_3', 'bk_1'])
        expect(await mine.queries.bookings.idsForPhone(null)).toEqual([])
        expect(await theirs.queries.bookings.idsHeldBefore('2026-04-01')).toEqual(['bk_3', 'bk_1'])
        expect(await theirs.queries.bookings.idsByLastChange()).toEqual(['bk_3', 'bk_1', 'bk_2', 'bk_4'])
        expect(ids(await mine.queries.bookings.all())).toEqual(['bk_1', 'bk_2', 'bk_3', 'bk_4'])

        const live = await theirs.queries.bookings.live('bk_2')
        expect(live).toMatchObject({ id: 'bk_2', customerPhone: otherPhone, eventDate: '2026-03-20' })
        expect(live?.updatedAt).toBe(await mine.queries.bookings.versionOf('bk_2'))
        expect(await mine.queries.bookings.live('bk_gone')).toBeNull()
        expect(await mine.queries.bookings.versionOf('bk_gone')).toBeNull()
        expect(await mine.queries.bookings.live('bk_unknown')).toBeNull()
        // A booking changed again moves to the end of the last-change order.
        await theirs.documents.put('bookings', booking('bk_3', { eventDate: '2026-03-25', status: 'confirmed', notes: 'Gate code 1234' }))
        expect(await mine.queries.bookings.idsForPhone(phone)).toEqual(['bk_1', 'bk_3'])
      }),
    )

    it(
      'finds threads, calls and transcripts by number, session and call',
      onFresh(async (mine, theirs) => {
        await mine.documents.put('conversations', thread('cv_2', phone))
        await theirs.documents.put('conversations', thread('cv_1', phone))
        await theirs.documents.put('conversations', thread('cv_3', otherPhone))
        expect((await mine.queries.conversations.forNumber(phone)).map((c) => c.id)).toEqual(['cv_1', 'cv_2'])
        expect(await mine.queries.conversations.threadIdForNumber(phone)).toBe('cv_1')
        expect(await mine.queries.conversations.threadIdForNumber('+19995550000')).toBeNull()

        await mine.documents.put('calls', call('call_a', { startedAt: '2026-03-01T09:00:00.000Z' }))
        await theirs.documents.put('calls', call('call_b', { startedAt: '2026-03-01T11:00:00.000Z' }))
        await mine.documents.put('calls', call('call_c', { startedAt: '2026-03-01T12:00:00.000Z', fromNumber: otherPhone, toNumber: phone }))
        await mine.documents.put('calls', call('call_d', { startedAt: '2026-03-01T10:00:00.000Z' }))
        expect(await theirs.queries.calls.latestIdFrom(phone, '2026-03-01T08:00:00.000Z')).toBe('call_b')
        expect(await theirs.queries.calls.latestIdFrom(phone, '2026-03-01T11:30:00.000Z')).toBeNull()
        expect(await theirs.queries.calls.idForTelephonySession('s-call_d')).toBe('call_d')
        expect(await theirs.queries.calls.idForTelephonySession('s-none')).toBeNull()
        expect((await mine.queries.calls.withNumber(phone)).map((c) => c.id)).toEqual(['call_a', 'call_b', 'call_c', 'call_d'])
        expect((await mine.queries.calls.withNumber(otherPhone)).map((c) => c.id)).toEqual(['call_c'])

        await mine.documents.put('transcriptSegments', segment('seg_2', 'call_a'))
        await theirs.documents.put('transcriptSegments', segment('seg_1', 'call_a'))
        await theirs.documents.put('transcriptSegments', segment('seg_3', 'call_b'))
        expect((await mine.queries.transcriptSegments.ofCall('call_a')).map((s) => s.id)).toEqual(['seg_1', 'seg_2'])
      }),
    )

    it(
      'names the extension the latest transferred escalation went to',
      onFresh(async (mine, theirs) => {
        expect(await mine.queries.calls.lastTransferredExtensionId()).toBeNull()
        const escalated = (id: string, escalatedAt: string | null, extension: string, routingOutcome: Call['routingOutcome'] = 'transferred') =>
          call(id, { escalated: true, escalatedAt, routingOutcome, assignedExtensionId: extension })
        await mine.documents.put('calls', escalated('call_1', '2026-03-01T09:00:00.000Z', 'ext_1'))
        await theirs.documents.put('calls', escalated('call_2', '2026-03-01T10:00:00.000Z', 'ext_2'))
        await mine.documents.put('calls', escalated('call_3', '2026-03-01T11:00:00.000Z', 'ext_3', 'voicemail'))
        await mine.documents.put('calls', call('call_4', { escalated: false, escalatedAt: '2026-03-01T12:00:00.000Z', routingOutcome: 'transferred', assignedExtensionId: 'ext_4' }))
        // A transferred call without a time sorts as oldest, whatever the engine does with a missing value.
        await theirs.documents.put('calls', escalated('call_5', null, 'ext_5'))
        expect(await theirs.queries.calls.lastTransferredExtensionId()).toBe('ext_2')
      }),
    )

    it(
      'finds open suggestions for a call, reply drafts in a thread and follow-up tasks',
      onFresh(async (mine, theirs) => {
        await mine.documents.put('suggestions', suggestion('sg_2'))
        await theirs.documents.put('suggestions', suggestion('sg_1'))
        await mine.documents.put('suggestions', suggestion('sg_used', { status: 'used' }))
        await mine.documents.put('suggestions', suggestion('esc-cv_1', { kind: 'next_step' }))
        await theirs.documents.put('suggestions', suggestion('fu-cv_1-1', { kind: 'follow_up', title: 'Call back about the date' }))
        await theirs.documents.put('suggestions', suggestion('sg_call', { callId: 'call_1', conversationId: null, kind: 'quote' }))
        await mine.documents.put('suggestions', suggestion('sg_call_done', { callId: 'call_1', conversationId: null, status: 'dismissed' }))
        await mine.documents.put('suggestions', suggestion('fu-call', { callId: 'call_2', conversationId: null, kind: 'follow_up', title: 'Send the menu' }))

        expect(await mine.queries.suggestions.openReplyIdsInThread('cv_1')).toEqual(['sg_1', 'sg_2'])
        expect((await theirs.queries.suggestions.openForCall('call_1')).map((s) => s.id)).toEqual(['sg_call'])
        expect(await theirs.queries.suggestions.openFollowUpId('Call back about the date', 'cv_1', null)).toBe('fu-cv_1-1')
        expect(await theirs.queries.suggestions.openFollowUpId('Send the menu', null, 'call_2')).toBe('fu-call')
        expect(await theirs.queries.suggestions.openFollowUpId('Send the menu', 'cv_1', null)).toBeNull()
        expect(await theirs.queries.suggestions.openFollowUpId('Another title', 'cv_1', 'call_2')).toBeNull()
      }),
    )

    it(
      'finds customers by number and by the match that taught them a payer',
      onFresh(async (mine, theirs) => {
        await mine.documents.put('customers', customer('cus_2'))
        await theirs.documents.put('customers', customer('cus_1', { alsoPaysAs: [{ name: 'JOSE LOPEZ', learnedFrom: 'pm_tx_1', addedAt: at }] }))
        await theirs.documents.put('customers', customer('cus_3', { phone: otherPhone, alsoPaysAs: [{ name: 'ACME LLC', learnedFrom: null, addedAt: at }] }))
        // A match id with LIKE's wildcards in it matches only itself.
        await mine.documents.put('customers', customer('cus_4', { phone: null, alsoPaysAs: [{ name: 'A B', learnedFrom: 'pm_tx%_2', addedAt: at }] }))
        await mine.documents.put('customers', customer('cus_5', { phone: null, alsoPaysAs: [{ name: 'C D', learnedFrom: 'pm_txA_2', addedAt: at }] }))
        expect((await mine.queries.customers.withPhone(phone)).map((c) => c.id)).toEqual(['cus_1', 'cus_2'])
        expect((await mine.queries.customers.taughtByMatch('pm_tx_1')).map((c) => c.id)).toEqual(['cus_1'])
        expect((await theirs.queries.customers.taughtByMatch('pm_tx%_2')).map((c) => c.id)).toEqual(['cus_4'])
        expect(await theirs.queries.customers.taughtByMatch('pm_none')).toEqual([])
      }),
    )

    it(
      "counts a device's open refused edits since a moment",
      onFresh(async (mine, theirs) => {
        const first = await mine.documents.put('needsAttention', attention('na_1'))
        await theirs.documents.put('needsAttention', attention('na_2'))
        await mine.documents.put('needsAttention', attention('na_3', { status: 'dismissed' }))
        await mine.documents.put('needsAttention', attention('na_4', { deviceId: 'dev_other' }))
        await theirs.documents.put('needsAttention', attention('na_5', { kind: 'failed_job' }))
        expect(await theirs.queries.needsAttention.openRefusedEditsSince('dev_front', '2000-01-01T00:00:00.000Z')).toBe(2)
        expect(await theirs.queries.needsAttention.openRefusedEditsSince('dev_front', first.updatedAt)).toBe(1)
        expect(await mine.queries.needsAttention.openRefusedEditsSince('dev_nobody', '2000-01-01T00:00:00.000Z')).toBe(0)
      }),
    )
  })
}
