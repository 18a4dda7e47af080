/**
 * The owner's tools as the relay sees them, through real sync pushes: a booking edited and
 * rescheduled from a console (its texts move with the date, even one already sent for the old
 * date), a cancellation under the deposit policy (texts stop, the refund owed is put to the owner),
 * undoing it (texts come back), and merging two customer records (owner only; the relay re-links
 * bookings, threads and calls, and undoes exactly that).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { addDays, localInstant } from '../../src/domain/bookings'
import { editBooking, formFromBooking } from '../../src/domain/bookings/booking-edit'
import { demoBusinessProfile } from '../../src/domain/business-profile'
import { calendarDateInZone } from '../../src/domain/matching/calendar-days'
import type { Booking, Call, Conversation, Customer, NeedsAttention, Settings } from '../../src/domain/schemas'
import type { SentSms } from '../sandbox/ringcentral/ringcentral-simulator'
import { bookingFixture } from '../sandbox/testing/booking-fixture'
import { startRelayHarness, type RelayHarness } from '../sandbox/testing/relay-harness'
import { pairDevice } from './helper'

const zone = 'America/Los_Angeles'
const customerPhone = '+14085550199'
const harnesses: RelayHarness[] = []

afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.close().catch(() => undefined)
})

async function startRelay(): Promise<RelayHarness> {
  const relay = await startRelayHarness({ withRingCentralCredentials: true, withConversations: true, withBookings: true })
  harnesses.push(relay)
  await relay.subscribeRingCentralWebhooks()
  await relay.documents.put('settings', demoBusinessProfile(relay.clock.now().toISOString()))
  return relay
}

const today = (relay: RelayHarness) => calendarDateInZone(relay.clock.now().toISOString(), zone)
function setClock(relay: RelayHarness, date: string, clock: string) {
  relay.clock.advance(localInstant(date, clock, zone).getTime() - relay.clock.now().getTime())
}
async function settle(relay: RelayHarness) {
  for (let round = 0; round < 3; round++) {
    await relay.worker.drain()
    await relay.conversations?.idle()
    await relay.bookings!.idle()
  }
}
async function runDue(relay: RelayHarness): Promise<number> {
  await settle(relay)
  const sent = await relay.bookings!.runDue()
  await settle(relay)
  return sent
}
async function sentTexts(relay: RelayHarness): Promise<string[]> {
  const response = await fetch(`${relay.sandbox.urls.ringcentral}/__sim/ringcentral/sent-sms`)
  return ((await response.json()) as { records: SentSms[] }).records.filter((sms) => sms.to.includes(customerPhone)).map((sms) => sms.text)
}
const booking = async (relay: RelayHarness, id: string) => (await relay.documents.get('bookings', id)) as unknown as Booking
const jobs = (relay: RelayHarness) => relay.storage.texts
const timeline = async (relay: RelayHarness, id: string) => (await booking(relay, id)).timeline ?? []
const settings = async (relay: RelayHarness) => (await relay.documents.get('settings', 'business')) as unknown as Settings
const needsAttention = (relay: RelayHarness): Promise<NeedsAttention[]> => relay.queries.needsAttention.all()

type Device = Awaited<ReturnType<typeof pairDevice>>
async function push(relay: RelayHarness, device: Device, collection: string, document: Record<string, unknown>, assumed: unknown): Promise<Record<string, unknown>[]> {
  const response = await relay.app.inject({
    method: 'POST',
    url: `/sync/${collection}/push`,
    headers: device.headers,
    payload: [{ assumedMasterState: assumed, newDocumentState: document }],
  })
  expect(response.statusCode).toBe(200)
  await settle(relay)
  return response.json() as Record<string, unknown>[]
}

/** A confirmed party ten days out, pushed by a console as a new booking. */
async function bookParty(relay: RelayHarness, device: Device, id: string, overrides: Partial<Booking> = {}) {
  const now = relay.clock.now().toISOString()
  const document = {
    ...bookingFixture({ id, customerPhone, eventDate: addDays(today(relay), 10), createdAt: now, quotedAt: now, confirmedAt: now, cancelledAt: null, sourceSuggestionId: null, depositCheckout: null, timeline: [], depositLinkRequestedAt: null, ...overrides }),
    updatedAt: now,
    _deleted: false,
  }
  expect(await push(relay, device, 'bookings', document, null)).toEqual([])
}

/** What a console does with the edit form: the domain's edit, pushed over the relay's copy. */
async function editAndPush(relay: RelayHarness, device: Device, id: string, role: 'owner' | 'frontdesk', change: Partial<ReturnType<typeof formFromBooking>>) {
  const master = (await relay.documents.get('bookings', id))!
  const current = await booking(relay, id)
  const businessSettings = await settings(relay)
  const result = editBooking(current, { ...formFromBooking(current, businessSettings), ...change }, {
    now: relay.clock.now().toISOString(),
    today: today(relay),
    by: 'console',
    actor: role === 'owner' ? 'owner' : 'staff',
    role,
    settings: businessSettings,
    bookings: await relay.queries.bookings.all(),
  })
  if (!result.ok) throw new Error(`edit refused: ${JSON.stringify(result)}`)
  return push(relay, device, 'bookings', { ...result.booking, _deleted: false }, master)
}

describe('bookings edited from a console', () => {
  it('moves the texts with a reschedule, re-plans a reminder already sent for the old date, and names the device', async () => {
    const relay = await startRelay()
    setClock(relay, today(relay), '10:00')
    const frontDesk = await pairDevice(relay.app, 'frontdesk', 'Front desk iPad')
    await bookParty(relay, frontDesk, 'bk_move', { eventDate: addDays(today(relay), 2), depositCents: 0 })
    expect(await runDue(relay)).toBe(1) // the confirmation
    const oldDate = (await booking(relay, 'bk_move')).eventDate
    // The day before the party the event reminder goes out.
    setClock(relay, addDays(oldDate, -1), '10:00')
    expect(await runDue(relay)).toBe(1)
    expect(await jobs(relay).get('bk_move', 'eventReminder')).toMatchObject({ status: 'sent', dueAt: localInstant(addDays(oldDate, -1), '10:00', zone).toISOString() })

    // The customer moves the party a week later; the front desk reschedules it.
    const newDate = addDays(oldDate, 7)
    expect(await editAndPush(relay, frontDesk, 'bk_move', 'frontdesk', { eventDate: newDate, eventTime: '12:30' })).toEqual([])
    expect((await booking(relay, 'bk_move'))).toMatchObject({ eventDate: newDate, eventTime: '12:30', status: 'confirmed' })
    const edit = (await timeline(relay, 'bk_move')).find((entry) => entry.text.startsWith('Rescheduled from'))!
    expect(edit).toMatchObject({ actor: 'staff', by: 'Front desk iPad', kind: 'booking' })
    expect(edit.id.startsWith('dev-')).toBe(true)
    for (const kind of ['eventReminder', 'balanceReminder', 'reviewRequest'] as const) {
      expect(await jobs(relay).get('bk_move', kind)).toMatchObject({ status: 'pending' })
    }
    expect((await jobs(relay).get('bk_move', 'eventReminder'))!.dueAt).toBe(localInstant(addDays(newDate, -1), '10:00', zone).toISOString())
    expect((await jobs(relay).get('bk_move', 'reviewRequest'))!.dueAt).toBe(localInstant(addDays(newDate, 2), '11:00', zone).toISOString())
    expect((await timeline(relay, 'bk_move')).some((entry) => entry.actor === 'relay' && entry.text.startsWith(`Texts moved with the new date (${newDate}): event reminder`))).toBe(true)

    // Nothing goes out on the old dates; the reminder for the new date does.
    setClock(relay, addDays(oldDate, 1), '10:30')
    expect(await runDue(relay)).toBe(0)
    setClock(relay, addDays(newDate, -1), '10:00')
    expect(await runDue(relay)).toBe(1)
    const texts = await sentTexts(relay)
    expect(texts).toHaveLength(3)
    expect(texts[2]).toContain('12:30 PM')
  })

  it('refuses a reschedule into a full slot, and a front-desk price change once a deposit is paid', async () => {
    const relay = await startRelay()
    setClock(relay, today(relay), '10:00')
    const owner = await pairDevice(relay.app, 'owner', 'Owner laptop')
    const frontDesk = await pairDevice(relay.app, 'frontdesk', 'Front desk iPad')
    const date = addDays(today(relay), 20)
    // Lunch takes two parties in the demo business.
    await bookParty(relay, owner, 'bk_a', { eventDate: date, eventTime: '12:00' })
    await bookParty(relay, owner, 'bk_b', { eventDate: date, eventTime: '12:30' })
    await bookParty(relay, owner, 'bk_c', { eventDate: date, eventTime: '17:00', paidCents: 0 })
    // A console that missed the others proposes moving bk_c into the full lunch slot: refused with the reason.
    const master = (await relay.documents.get('bookings', 'bk_c'))!
    const conflicts = await push(relay, frontDesk, 'bookings', { ...master, eventTime: '12:15' }, master)
    expect(conflicts).toHaveLength(1)
    expect((await booking(relay, 'bk_c')).eventTime).toBe('17:00')
    const items = (await needsAttention(relay)).filter((item) => item.documentId === 'bk_c')
    expect(items.some((item) => /Lunch slot .* is full: 2 of 2 parties booked/.test(item.title))).toBe(true)

    // Once the deposit is in, prices are the owner's: a front desk proposing 40 adults at the new price is refused.
    await relay.documents.put('bookings', { ...(await booking(relay, 'bk_c')), paidCents: 10_000 })
    await settle(relay)
    const paid = (await relay.documents.get('bookings', 'bk_c'))!
    const repriced = { ...paid, adults: 40, subtotalCents: 220_000, totalCents: 220_000 }
    expect(await push(relay, frontDesk, 'bookings', repriced, paid)).toHaveLength(1)
    expect((await booking(relay, 'bk_c'))).toMatchObject({ adults: 30, totalCents: 165_000 })
    // The owner may.
    expect(await editAndPush(relay, owner, 'bk_c', 'owner', { adults: '40' })).toEqual([])
    expect((await booking(relay, 'bk_c'))).toMatchObject({ adults: 40, totalCents: 220_000, depositCents: 10_000 })
  })
})

describe('cancelling under the deposit policy', () => {
  it('keeps the deposit inside the window, stops the texts, and brings them back when the cancel is undone', async () => {
    const relay = await startRelay()
    setClock(relay, today(relay), '10:00')
    const frontDesk = await pairDevice(relay.app, 'frontdesk', 'Front desk iPad')
    await bookParty(relay, frontDesk, 'bk_late', { eventDate: addDays(today(relay), 5), depositCents: 10_000 })
    expect(await runDue(relay)).toBe(2)
    await relay.documents.put('bookings', { ...(await booking(relay, 'bk_late')), paidCents: 10_000 })
    await settle(relay)

    const master = (await relay.documents.get('bookings', 'bk_late'))!
    expect(await push(relay, frontDesk, 'bookings', { ...master, cancelledAt: relay.clock.now().toISOString() }, master)).toEqual([])
    expect((await booking(relay, 'bk_late')).status).toBe('cancelled')
    expect((await jobs(relay).get('bk_late', 'eventReminder'))!.status).toBe('cancelled')
    const texts = (await timeline(relay, 'bk_late')).map((entry) => entry.text)
    expect(texts).toContain('Automatic texts cancelled with the booking.')
    expect(texts).toContain('Deposit policy: Cancelled 5 days ahead, inside the 7-day window: the $100.00 deposit is kept under the policy.')
    // Nothing is owed back, so nothing is put to the owner.
    expect((await needsAttention(relay)).filter((item) => item.documentId === 'bk_late')).toEqual([])

    // Undo: the cancelled texts wait again and go out on time.
    const cancelled = (await relay.documents.get('bookings', 'bk_late'))!
    expect(await push(relay, frontDesk, 'bookings', { ...cancelled, cancelledAt: null }, cancelled)).toEqual([])
    expect((await booking(relay, 'bk_late')).status).toBe('deposit_paid')
    expect((await jobs(relay).get('bk_late', 'eventReminder'))!.status).toBe('pending')
    expect((await timeline(relay, 'bk_late')).map((entry) => entry.text)).toContain('Automatic texts restored: the cancellation was undone.')
    setClock(relay, addDays((await booking(relay, 'bk_late')).eventDate, -1), '10:00')
    expect(await runDue(relay)).toBe(1)
  })

  it('puts a refund owed to the owner when a paid party is cancelled well ahead, once', async () => {
    const relay = await startRelay()
    setClock(relay, today(relay), '10:00')
    const owner = await pairDevice(relay.app, 'owner', 'Owner laptop')
    await bookParty(relay, owner, 'bk_early', { eventDate: addDays(today(relay), 30), customerName: 'Dana Whitfield' })
    await relay.documents.put('bookings', { ...(await booking(relay, 'bk_early')), paidCents: 10_000 })
    await settle(relay)
    const master = (await relay.documents.get('bookings', 'bk_early'))!
    expect(await push(relay, owner, 'bookings', { ...master, cancelledAt: relay.clock.now().toISOString() }, master)).toEqual([])
    expect((await timeline(relay, 'bk_early')).map((entry) => entry.text)).toContain('Deposit policy: Cancelled 30 days ahead (at least 7 under the deposit policy): refund the $100.00 paid.')
    const refunds = async () => (await needsAttention(relay)).filter((item) => item.documentId === 'bk_early' && item.title.includes('refund'))
    expect(await refunds()).toHaveLength(1)
    expect((await refunds())[0]!.title).toBe("Dana Whitfield's party on " + (await booking(relay, 'bk_early')).eventDate + ' was cancelled: Cancelled 30 days ahead (at least 7 under the deposit policy): refund the $100.00 paid.')
    // The owner dismisses it; a later note on the booking does not raise it again.
    await relay.documents.put('needsAttention', { ...(await refunds())[0]!, status: 'dismissed' })
    const later = (await relay.documents.get('bookings', 'bk_early'))!
    expect(await push(relay, owner, 'bookings', { ...later, notes: 'Refunded by card' }, later)).toEqual([])
    expect((await refunds()).map((item) => item.status)).toEqual(['dismissed'])
  })
})

describe('merging customers', () => {
  const at = '2026-11-01T00:00:00.000Z'
  function customer(id: string, name: string, phone: string): Customer {
    return { id, updatedAt: at, name, phone, email: null, notes: '', smsOptOut: false, createdAt: at, alsoPaysAs: [], mergedInto: null, mergedAt: null, mergedBy: null }
  }
  async function seed(relay: RelayHarness) {
    await relay.documents.put('customers', customer('cus_maria', 'Maria Lopez', customerPhone))
    await relay.documents.put('customers', { ...customer('cus_work', 'M. Lopez (work)', '+14085550111'), alsoPaysAs: [{ name: 'Lopez Dental LLC', learnedFrom: null, addedAt: at }] })
    await relay.documents.put('conversations', { id: 'conv_work', updatedAt: at, customerPhone: '+14085550111', customerId: 'cus_work', messages: [], needsHuman: false, lastMessageAt: at } satisfies Conversation)
    const call: Call = {
      id: 'call_work', updatedAt: at, telephonySessionId: 's-1', direction: 'inbound', fromNumber: '+14085550111', toNumber: '+15105550100', customerId: 'cus_work', status: 'ended',
      startedAt: at, endedAt: at, escalated: false, escalationReason: null, assignedExtensionId: null, summary: '', partyId: null, escalatedAt: null, routingOutcome: null,
      transcription: 'none', notes: '', afterCallSummary: null,
    }
    await relay.documents.put('calls', call)
    await relay.documents.put('bookings', { ...bookingFixture({ id: 'bk_work', eventDate: addDays(today(relay), 12), createdAt: at, customerId: 'cus_work', customerPhone: '+14085550111', status: 'quoted' }), updatedAt: '' })
  }
  const doc = async <T>(relay: RelayHarness, collection: 'customers' | 'bookings' | 'conversations' | 'calls', id: string) => (await relay.documents.get(collection, id)) as unknown as T

  it('re-links bookings, threads and calls on the owner\'s merge, records who merged, and undoes exactly that', async () => {
    const relay = await startRelay()
    await seed(relay)
    const owner = await pairDevice(relay.app, 'owner', 'Owner laptop')
    const duplicate = (await relay.documents.get('customers', 'cus_work'))!
    expect(await push(relay, owner, 'customers', { ...duplicate, mergedInto: 'cus_maria', mergedBy: 'someone else' }, duplicate)).toEqual([])

    expect(await doc<Customer>(relay, 'customers', 'cus_work')).toMatchObject({ mergedInto: 'cus_maria', mergedBy: 'Owner laptop', mergedAt: relay.clock.now().toISOString() })
    expect((await doc<Booking>(relay, 'bookings', 'bk_work')).customerId).toBe('cus_maria')
    expect((await doc<Conversation>(relay, 'conversations', 'conv_work')).customerId).toBe('cus_maria')
    expect((await doc<Call>(relay, 'calls', 'call_work')).customerId).toBe('cus_maria')
    expect(((await doc<Booking>(relay, 'bookings', 'bk_work')).timeline ?? []).map((entry) => entry.text)).toContain("Customer record merged into Maria Lopez's by Owner laptop.")
    expect((await doc<Customer>(relay, 'customers', 'cus_maria')).alsoPaysAs!.map((payer) => [payer.name, payer.learnedFrom])).toEqual([
      ['M. Lopez (work)', 'merge:cus_work'],
      ['Lopez Dental LLC', 'merge:cus_work'],
    ])
    const audit = await relay.auditRows('customer_merged')
    expect(audit.map((row) => row.detail)).toEqual([
      { duplicateId: 'cus_work', survivorId: 'cus_maria', moved: { bookings: ['bk_work'], conversations: ['conv_work'], calls: ['call_work'] }, payersTaught: 2, deviceId: owner.deviceId },
    ])

    // Undo.
    const merged = (await relay.documents.get('customers', 'cus_work'))!
    expect(await push(relay, owner, 'customers', { ...merged, mergedInto: null }, merged)).toEqual([])
    expect(await doc<Customer>(relay, 'customers', 'cus_work')).toMatchObject({ mergedInto: null, mergedBy: null, mergedAt: null })
    expect((await doc<Booking>(relay, 'bookings', 'bk_work')).customerId).toBe('cus_work')
    expect((await doc<Conversation>(relay, 'conversations', 'conv_work')).customerId).toBe('cus_work')
    expect((await doc<Call>(relay, 'calls', 'call_work')).customerId).toBe('cus_work')
    expect((await doc<Customer>(relay, 'customers', 'cus_maria')).alsoPaysAs).toEqual([])
    expect(await relay.storage.audit.count('customer_merge_undone')).toBe(1)
  })

  it('refuses a merge from a front-desk device, into a missing or merged customer, and a chain', async () => {
    const relay = await startRelay()
    await seed(relay)
    await relay.documents.put('customers', { ...customer('cus_old', 'Maria (old)', '+14085550122'), mergedInto: 'cus_maria' })
    const owner = await pairDevice(relay.app, 'owner', 'Owner laptop')
    const frontDesk = await pairDevice(relay.app, 'frontdesk', 'Stolen front desk')
    const duplicate = (await relay.documents.get('customers', 'cus_work'))!
    /** The refusal shown to the owner for this attempt (one item per device and document, holding the latest reason). */
    const attempt = async (device: Device, target: string, id = 'cus_work') => {
      const master = (await relay.documents.get('customers', id))!
      expect(await push(relay, device, 'customers', { ...master, mergedInto: target }, master)).toHaveLength(1)
      const items = (await needsAttention(relay)).filter((item) => item.documentId === id && item.deviceId === device.deviceId)
      expect(items).toHaveLength(1)
      return items[0]!.title
    }
    expect(await attempt(frontDesk, 'cus_maria')).toContain('Merged into on customers is managed by the owner')
    expect(await attempt(owner, 'cus_nobody')).toContain('Both customers must exist')
    expect(await attempt(owner, 'cus_old')).toContain('was itself merged into another')
    expect(await attempt(owner, 'cus_work')).toContain('cannot be merged into itself')
    // cus_maria has a record merged into it: it cannot itself be merged away.
    expect(await attempt(owner, 'cus_work', 'cus_maria')).toContain('Other records were merged into this one')
    expect(await relay.documents.get('customers', 'cus_work')).toMatchObject({ mergedInto: duplicate.mergedInto ?? null })
    expect((await doc<Booking>(relay, 'bookings', 'bk_work')).customerId).toBe('cus_work')
    expect(await relay.storage.audit.count('customer_merged')).toBe(0)
  })
})
