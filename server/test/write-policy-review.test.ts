/**
 * Regression tests from the attack review of the write policy: what a stolen device token tried
 * against a running relay (real HTTP, the sandbox's providers, the conversation and booking loops
 * running) after the first version of the policy, each describing the safe behaviour. Each
 * failed on that first version; each names the finding (F1…F12) it closed.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { addDays, localInstant } from '../../src/domain/bookings'
import { demoBusinessProfile } from '../../src/domain/business-profile'
import { calendarDateInZone } from '../../src/domain/matching/calendar-days'
import type { Booking, Conversation, NeedsAttention } from '../../src/domain/schemas'
import { bookingFixture } from '../sandbox/testing/booking-fixture'
import { pairDevice, settleRelay, type DeviceClient, type SyncDoc } from '../sandbox/testing/device-client'
import { startRelayHarness, type RelayHarness } from '../sandbox/testing/relay-harness'

type Doc = SyncDoc

const zone = 'America/Los_Angeles'
const customerPhone = '+14085550199'
const victim = '+12125550123'
const alertPhone = '+15105550111'

let relay: RelayHarness
let owner: DeviceClient
let frontdesk: DeviceClient
let confirmed: Booking

afterEach(async () => {
  await relay?.close()
})

const pair = (role: 'owner' | 'frontdesk', name: string) => pairDevice(relay, role, name)
const settle = () => settleRelay(relay)

/** Runs the booking texts that are due, and what they set off. */
async function runDue() {
  await settle()
  await relay.bookings!.runDue()
  await settle()
}

const textsTo = (phone: string) => relay.sandbox.ringcentral.sentSms.filter((sms) => sms.to.includes(phone)).map((sms) => sms.text)
const today = () => calendarDateInZone(relay.clock.now().toISOString(), zone)
const booking = async (id: string) => (await relay.documents.get('bookings', id)) as unknown as Booking
const thread = async (id: string) => (await relay.documents.get('conversations', id)) as unknown as Conversation
const items = async () => (await relay.documents.pull('needsAttention', null, 5000)).documents as unknown as (NeedsAttention & { _deleted: boolean })[]

/**
 * A relay on the sandbox with the demo business, an owner and a front-desk console, and one
 * booking the owner confirmed whose Stripe link was made and texted (as in write-policy-attacks).
 */
async function startScenario(env: Record<string, string> = {}) {
  relay = await startRelayHarness({ withRingCentralCredentials: true, withConversations: true, withBookings: true, env })
  await relay.subscribeRingCentralWebhooks()
  relay.clock.toDaytime(zone)
  await relay.documents.put('settings', demoBusinessProfile(relay.clock.now().toISOString()))
  owner = await pair('owner', 'Owner laptop')
  frontdesk = await pair('frontdesk', 'Front desk')
  const real = newBooking('bk_real', { customerPhone })
  expect((await owner.push('bookings', [{ assumedMasterState: null, newDocumentState: real }])).body).toEqual([])
  await runDue()
  confirmed = await booking('bk_real')
  expect(confirmed.depositCheckout?.status).toBe('open')
}

/** A thread the customer opened by texting; the agent answered it. */
async function customerThread(phone: string, text: string): Promise<Conversation> {
  await relay.sandbox.ringcentral.inboundSms({ from: phone, text } as never)
  await settle()
  return (await frontdesk.pull('conversations')).find((doc) => doc.customerPhone === phone) as unknown as Conversation
}

/** A booking front desk creates, confirmed now (what the Bookings view pushes when staff confirm). */
function newBooking(id: string, overrides: Partial<Booking>): Doc {
  const now = relay.clock.now().toISOString()
  return {
    ...bookingFixture({ id, eventDate: addDays(today(), 12), createdAt: now, quotedAt: now, confirmedAt: now, ...overrides }),
    cancelledAt: null,
    sourceSuggestionId: null,
    depositCheckout: null,
    timeline: [],
    updatedAt: now,
    _deleted: false,
  } as unknown as Doc
}

const note = (id: string, text = 'note') => ({ id, at: relay.clock.now().toISOString(), kind: 'note', actor: 'staff', by: null, text, ref: null })

describe('review F1: a log entry that repeats an existing id is never checked', () => {
  it.each(['frontdesk', 'owner'] as const)(
    'a %s push cannot slip in "agent" texts that no quota counts by repeating a message id',
    async (role) => {
      await startScenario()
      const opened = await customerThread(customerPhone, 'hi, do you cater birthdays?')
      // No quota left: nothing this device does may text anyone.
      Object.assign(relay.app.storage.quotas.limits, { textsPerHour: 0, checkoutsPerHour: 0 })
      const device = role === 'owner' ? owner : frontdesk
      const existing = opened.messages[0]!
      const forged = (n: number) => ({ ...existing, direction: 'outbound', author: 'agent', status: 'queued', text: `Claim your prize ${n}: https://evil.example/win` })
      const { status, body } = await device.push('conversations', [
        { assumedMasterState: opened as unknown as Doc, newDocumentState: { ...opened, messages: [forged(1), forged(2), forged(3), ...opened.messages], _deleted: false } as unknown as Doc },
      ])
      await settle()
      // Safe: nothing leaves, the push is refused (a duplicate id is neither an append nor an unchanged entry).
      expect(textsTo(customerPhone).filter((text) => text.includes('evil.example'))).toEqual([])
      expect(status).toBe(200)
      expect(body).toHaveLength(1)
      expect((await thread(opened.id)).messages.filter((message) => message.id === existing.id)).toHaveLength(1)
    },
    60_000,
  )

  it('front desk cannot plant a "customer" message that the agent answers and escalates with an alert text', async () => {
    await startScenario()
    const now = relay.clock.now().toISOString()
    const extension = { id: 'ext_101', updatedAt: now, extensionNumber: '101', ringCentralExtensionId: null, employeeName: 'Kenji Sato', role: 'owner', status: 'available', workingHours: [], isPrimary: true, alertPhone, _deleted: false }
    expect((await owner.push('extensions', [{ assumedMasterState: null, newDocumentState: extension }])).body).toEqual([])
    const opened = await customerThread(customerPhone, 'hi, do you cater birthdays?')
    const answer = opened.messages.find((message) => message.author === 'agent')!
    // A copy of the agent's answer's id, placed before the real one, dated later than anything the customer sends next.
    const later = new Date(Math.max(Date.now(), relay.clock.now().getTime()) + 60 * 60 * 1000).toISOString()
    const planted = { ...answer, direction: 'inbound', author: 'customer', status: 'received', at: later, text: 'I want to speak to a manager right now, this is urgent' } as const
    const messages: Conversation['messages'] = [...opened.messages]
    messages.splice(messages.indexOf(answer), 0, planted)
    const { body } = await frontdesk.push('conversations', [{ assumedMasterState: opened as unknown as Doc, newDocumentState: { ...opened, messages, _deleted: false } as unknown as Doc }])
    await settle()
    const alertsBefore = textsTo(alertPhone).length
    // The customer's next ordinary text: RingCentral's handler re-sorts the thread by time, so the planted message becomes the newest.
    await relay.sandbox.ringcentral.inboundSms({ from: customerPhone, text: 'thanks!' } as never)
    await settle()
    expect(textsTo(alertPhone).slice(alertsBefore), 'an alert text set off by a message the customer never sent').toEqual([])
    expect((await thread(opened.id)).messages.filter((message) => message.direction === 'inbound').map((message) => message.text)).not.toContain(planted.text)
    expect(body).toHaveLength(1)
  }, 60_000)

  it('front desk cannot forge a relay "payment" timeline entry by repeating an entry id', async () => {
    await startScenario()
    const current = (await frontdesk.pull('bookings')).find((doc) => doc.id === 'bk_real')! as unknown as Booking
    const first = current.timeline![0]!
    const forgedPayment = { ...first, kind: 'payment', actor: 'relay', by: null, text: 'Deposit of $1,650.00 received by card (Stripe Checkout).' }
    const { body } = await frontdesk.push('bookings', [
      { assumedMasterState: current as unknown as Doc, newDocumentState: { ...current, timeline: [forgedPayment, ...current.timeline!], _deleted: false } as unknown as Doc },
    ])
    const stored = await booking('bk_real')
    expect(stored.timeline!.filter((entry) => entry.kind === 'payment' && entry.actor === 'relay'), 'a relay payment entry nobody paid').toEqual([])
    expect(body).toHaveLength(1)
  }, 60_000)
})

describe('review F2: device timeline ids share the relay’s namespace', () => {
  it('a front-desk note cannot take the id of the relay’s future payment entry and hide the payment from the timeline', async () => {
    await startScenario()
    const sessionId = confirmed.depositCheckout!.sessionId
    // `pay-stripe-<session>` is the id the Stripe handler gives the deposit's timeline entry; the session id is on the booking.
    expect(
      await frontdesk.edit('bookings', 'bk_real', (doc) => ({
        ...doc,
        timeline: [...(doc.timeline as Doc[]), note(`pay-stripe-${sessionId}`, 'Customer will pay the deposit in cash; ignore card payments.')],
      })),
    ).toEqual([])
    expect((await fetch(`${relay.sandbox.urls.stripe}/__sim/stripe/pay/${sessionId}`, { method: 'POST' })).status).toBe(200)
    await runDue()
    const paid = await booking('bk_real')
    expect(paid.paidCents).toBe(confirmed.depositCents)
    expect(paid.timeline!.filter((entry) => entry.kind === 'payment' && entry.actor === 'relay'), 'the relay’s record of the card payment').toHaveLength(1)
  }, 60_000)
})

describe('review F3: the relay trims a timeline to 1000 entries after the policy check', () => {
  it('front desk cannot erase the relay’s history of a booking by appending 1000 notes in one push', async () => {
    await startScenario()
    const relayEntries = (await booking('bk_real')).timeline!.filter((entry) => entry.actor === 'relay').map((entry) => entry.id)
    expect(relayEntries.some((id) => id.startsWith('link-cs-'))).toBe(true)
    await frontdesk.edit('bookings', 'bk_real', (doc) => ({
      ...doc,
      timeline: [...(doc.timeline as Doc[]), ...Array.from({ length: 1000 }, (_, n) => note(`n-${n}`, 'x'))],
    }))
    const kept = new Set((await booking('bk_real')).timeline!.map((entry) => entry.id))
    expect(relayEntries.filter((id) => !kept.has(id)), 'relay entries dropped by a front-desk push').toEqual([])
  }, 60_000)
})

describe('review F4: conflicts are judged before the write policy', () => {
  it('front desk cannot launder an extension change into a "re-apply this change" item for the owner', async () => {
    await startScenario()
    const now = relay.clock.now().toISOString()
    const extension = { id: 'ext_101', updatedAt: now, extensionNumber: '101', ringCentralExtensionId: null, employeeName: 'Kenji Sato', role: 'owner', status: 'available', workingHours: [], isPrimary: true, alertPhone, _deleted: false }
    expect((await owner.push('extensions', [{ assumedMasterState: null, newDocumentState: extension }])).body).toEqual([])
    // "Creating" the extension that exists: the relay calls it a conflict instead of a refusal.
    const { body } = await frontdesk.push('extensions', [{ assumedMasterState: null, newDocumentState: { ...extension, alertPhone: victim } }])
    expect(body).toHaveLength(1)
    const about = (await owner.pull('needsAttention')).filter((item) => item.documentId === 'ext_101') as unknown as NeedsAttention[]
    // The owner's console offers "Re-apply this change" on rejected_edit items, which copies alertPhone into the extension.
    expect(about.filter((item) => item.kind === 'rejected_edit').map((item) => (item.rejectedEdit as Doc | null)?.alertPhone)).toEqual([])
    expect(about.some((item) => item.kind === 'refused_edit' && /managed by the owner/.test(item.title))).toBe(true)
  }, 60_000)
})

describe('review F5: the refusal trail can be erased by the device it is about', () => {
  it('front desk cannot dismiss the refusal of its own forgery before the owner sees it', async () => {
    await startScenario()
    expect(await frontdesk.edit('bookings', 'bk_real', (doc) => ({ ...doc, paidCents: doc.totalCents }))).toHaveLength(1)
    const refusal = (await frontdesk.pull('needsAttention')).find((item) => item.kind === 'refused_edit' && item.documentId === 'bk_real')!
    expect(refusal).toBeDefined()
    await frontdesk.edit('needsAttention', refusal.id, (item) => ({ ...item, status: 'dismissed' }))
    const seen = (await owner.pull('needsAttention')).find((item) => item.id === refusal.id)!
    expect(seen.status, 'what the owner’s list (open items only) shows').toBe('open')
  }, 60_000)

  it('a forgery is audited even after the device has spent the hour’s audit allowance on junk', async () => {
    await startScenario()
    const junk = Array.from({ length: 100 }, (_, n) => ({ assumedMasterState: null, newDocumentState: { id: `junk-${n}`, _deleted: false } as Doc }))
    expect((await frontdesk.push('extensions', junk)).body).toHaveLength(100)
    expect(await frontdesk.edit('bookings', 'bk_real', (doc) => ({ ...doc, paidCents: doc.totalCents }))).toHaveLength(1)
    const audited = (await relay.auditRows()).filter((row) => row.kind === 'device_write_refused' && row.detail.documentId === 'bk_real')
    expect(audited, 'an audit record of the paidCents forgery').toHaveLength(1)
  }, 60_000)
})

describe('review F6: a conversation’s customer link decides the opt-out', () => {
  it('front desk cannot make a customer’s STOP go unrecorded by linking the thread to an opted-out record', async () => {
    await startScenario()
    // Any record that is already opted out (here: another number that texted STOP).
    await relay.sandbox.ringcentral.inboundSms({ from: '+14085550142', text: 'STOP' } as never)
    await settle()
    const optedOutRecord = (await frontdesk.pull('customers')).find((customer) => customer.phone === '+14085550142')!
    expect(optedOutRecord.smsOptOut).toBe(true)
    const opened = await customerThread(customerPhone, 'hi, do you cater birthdays?')
    // A console may not link the thread to another number's record…
    expect(await frontdesk.edit('conversations', opened.id, (doc) => ({ ...doc, customerId: optedOutRecord.id }))).toHaveLength(1)
    // …and even a thread linked wrongly before that rule (older data) records the STOP by its number.
    await relay.documents.update('conversations', opened.id, (current) => ({ ...current!, customerId: optedOutRecord.id }))
    // The real customer opts out.
    await relay.sandbox.ringcentral.inboundSms({ from: customerPhone, text: 'STOP' } as never)
    await settle()
    const afterStop = textsTo(customerPhone).length
    const reply = { id: 'st-after-stop', direction: 'outbound', author: 'staff', text: 'Just checking in about your party!', at: relay.clock.now().toISOString(), status: 'queued' }
    await frontdesk.edit('conversations', opened.id, (doc) => ({ ...doc, messages: [...(doc.messages as Doc[]), reply] }))
    await settle()
    expect(await relay.storage.optOuts.has(customerPhone), 'the number on the relay’s opt-out list').toBe(true)
    expect(textsTo(customerPhone).slice(afterStop), 'texts after the customer replied STOP').toEqual([])
  }, 60_000)
})

describe('review F7: quotas count one text for what sends several', () => {
  it('confirming a booking sends no more texts than the device’s quota counts', async () => {
    await startScenario()
    Object.assign(relay.app.storage.quotas.limits, { textsPerHour: 1, checkoutsPerHour: 5 })
    const tomorrow = addDays(today(), 1)
    expect((await frontdesk.push('bookings', [{ assumedMasterState: null, newDocumentState: newBooking('bk_spam', { customerPhone: victim, eventDate: tomorrow }) }])).body).toEqual([])
    await runDue()
    // One text counted; the confirmation, the deposit link and the "see you tomorrow" reminder all went out.
    expect(textsTo(victim).length, textsTo(victim).join('\n')).toBeLessThanOrEqual(1)
  }, 60_000)

  it('a booking created cancelled and then un-cancelled gets no Stripe link outside the Stripe-call quota', async () => {
    await startScenario()
    Object.assign(relay.app.storage.quotas.limits, { textsPerHour: 5, checkoutsPerHour: 0 })
    const now = relay.clock.now().toISOString()
    // Created confirmed *and* cancelled: nothing is counted, nothing happens yet.
    expect((await frontdesk.push('bookings', [{ assumedMasterState: null, newDocumentState: { ...newBooking('bk_flip', { customerPhone: victim }), cancelledAt: now } }])).body).toEqual([])
    await runDue()
    // Un-cancelling counts a text, but no Stripe call: the relay then makes a deposit link for it.
    await frontdesk.edit('bookings', 'bk_flip', (doc) => ({ ...doc, cancelledAt: null }))
    await runDue()
    const sessions = [...relay.sandbox.stripe.sessions.values()].filter((session) => session.client_reference_id === 'bk_flip')
    expect(sessions.map((session) => session.id), 'Stripe sessions made for a device with no Stripe-call quota').toEqual([])
  }, 60_000)

  it('lowering a deposit cannot withdraw the customer’s open Stripe link outside the Stripe-call quota', async () => {
    await startScenario()
    Object.assign(relay.app.storage.quotas.limits, { textsPerHour: 0, checkoutsPerHour: 0 })
    const conflicts = await frontdesk.edit('bookings', 'bk_real', (doc) => ({ ...doc, depositCents: 0 }))
    await runDue()
    expect(relay.sandbox.stripe.sessions.get(confirmed.depositCheckout!.sessionId)!.status, 'the customer’s real link').toBe('open')
    expect((await booking('bk_real')).timeline!.map((entry) => entry.text).join('\n')).not.toContain('paid another way')
    expect(conflicts).toHaveLength(1)
  }, 60_000)
})

describe('review F8: prices are free numbers, and status follows them', () => {
  it('front desk cannot mark a booking with a deposit paid "paid in full" by lowering its total to what was paid', async () => {
    await startScenario()
    expect((await fetch(`${relay.sandbox.urls.stripe}/__sim/stripe/pay/${confirmed.depositCheckout!.sessionId}`, { method: 'POST' })).status).toBe(200)
    await runDue()
    const deposited = await booking('bk_real')
    expect(deposited.status).toBe('deposit_paid')
    await frontdesk.edit('bookings', 'bk_real', (doc) => ({ ...doc, subtotalCents: deposited.paidCents, travelFeeCents: 0, totalCents: deposited.paidCents }))
    await runDue()
    // 30 adults at $55 for $100: the balance reminder is skipped and the review request goes out.
    expect((await booking('bk_real')).status).toBe('deposit_paid')
  }, 60_000)
})

describe('review F9: revocation stops the token, not what it set in motion', () => {
  it('texts a revoked device scheduled wait for the owner instead of going out', async () => {
    await startScenario()
    const eventDate = addDays(today(), 3)
    expect((await frontdesk.push('bookings', [{ assumedMasterState: null, newDocumentState: newBooking('bk_stolen', { customerPhone: victim, eventDate, depositCents: 0 }) }])).body).toEqual([])
    await runDue()
    expect(textsTo(victim)).toHaveLength(1) // the confirmation, within quota
    expect(await relay.app.devices.revoke(frontdesk.deviceId)).toBe(true)
    // The day before the event, mid-morning: the event reminder is due.
    relay.clock.advance(localInstant(addDays(eventDate, -1), '10:30', zone).getTime() - relay.clock.now().getTime())
    await runDue()
    expect(textsTo(victim).slice(1), 'texts sent for a revoked device').toEqual([])
  }, 60_000)
})

describe('review F10: needs-attention items pile up', () => {
  it('one push of 200 conflicting copies of a document leaves at most one item for it', async () => {
    await startScenario()
    const current = (await frontdesk.pull('bookings')).find((doc) => doc.id === 'bk_real')!
    const rows = Array.from({ length: 200 }, (_, n) => ({ assumedMasterState: null, newDocumentState: { ...current, notes: `copy ${n}` } }))
    expect((await frontdesk.push('bookings', rows)).status).toBe(200)
    expect((await items()).filter((item) => item.deviceId === frontdesk.deviceId && item.documentId === 'bk_real').length).toBeLessThanOrEqual(1)
  }, 60_000)

  it('refused creations under fresh ids do not add an item each (the owner’s list and the disk stay bounded)', async () => {
    await startScenario()
    for (let batch = 0; batch < 4; batch++) {
      const rows = Array.from({ length: 500 }, (_, n) => ({ assumedMasterState: null, newDocumentState: { id: `x-${batch}-${n}`, pad: 'x'.repeat(300), _deleted: false } as Doc }))
      expect((await frontdesk.push('extensions', rows)).status).toBe(200)
    }
    expect((await items()).filter((item) => item.deviceId === frontdesk.deviceId).length).toBeLessThanOrEqual(100)
  }, 60_000)

  it('a device’s document creations count against an hourly quota', async () => {
    await startScenario()
    let refused = 0
    for (let batch = 0; batch < 5; batch++) {
      const now = relay.clock.now().toISOString()
      const rows = Array.from({ length: 200 }, (_, n) => ({
        assumedMasterState: null,
        newDocumentState: { id: `cust-fill-${batch}-${n}`, updatedAt: now, name: 'x', phone: null, email: null, notes: 'x'.repeat(4000), smsOptOut: false, createdAt: now, _deleted: false } as Doc,
      }))
      const { status, body } = await frontdesk.push('customers', rows)
      expect(status).toBe(200)
      refused += body.length
    }
    // 1000 customers with 4 kB of notes each in a few seconds, all stored.
    expect(refused).toBeGreaterThan(0)
  }, 60_000)
})

describe('review F11: owner-only data leaks through an owner’s own conflict', () => {
  it('an owner’s conflicting edit of an owner-only item does not become an item front desk can read', async () => {
    await startScenario()
    const secret = await relay.documents.put(
      'needsAttention',
      {
        id: 'att_owner_only', kind: 'refused_edit', title: 'About the settings', collectionName: 'settings', documentId: 'business', conflictingFields: ['contactEmail'],
        serverState: { businessName: 'Secret Hibachi', contactEmail: 'owner@private.example' }, rejectedEdit: null, deviceId: null,
        deviceName: null, createdAt: relay.clock.now().toISOString(), status: 'open', resolvedBy: null, resolvedAt: null,
      },
      { ownerOnly: true },
    )
    const secondOwner = await pair('owner', 'Owner phone')
    const stale = (await secondOwner.pull('needsAttention')).find((item) => item.id === secret.id)!
    // One owner console dismisses it; the other, offline with the old copy, also acts on it.
    expect(await owner.edit('needsAttention', secret.id, (item) => ({ ...item, status: 'dismissed' }))).toEqual([])
    const { body } = await secondOwner.push('needsAttention', [{ assumedMasterState: stale, newDocumentState: { ...stale, status: 'reapplied' } }])
    expect(body).toHaveLength(1)
    const visible = JSON.stringify(await frontdesk.pull('needsAttention'))
    expect(visible).not.toContain('Secret Hibachi')
    expect(visible).not.toContain('owner@private.example')
  }, 60_000)
})

describe('review F12: inputs that still end in a 5xx or escape the audit', () => {
  it('a deeply nested value in a pushed document is a 400, not a 500', async () => {
    await startScenario()
    const current = (await frontdesk.pull('bookings')).find((doc) => doc.id === 'bk_real')!
    // Built as text: JSON.stringify itself would overflow on it.
    const depth = 20_000
    const nested = '['.repeat(depth) + ']'.repeat(depth)
    const body = JSON.stringify([{ assumedMasterState: { ...current, notes: '@NESTED@' }, newDocumentState: { ...current, notes: '@NESTED@', zip: '94538' } }])
    const response = await fetch(`${relay.url}/sync/bookings/push`, { method: 'POST', headers: frontdesk.headers, body: body.replaceAll('"@NESTED@"', nested) })
    expect(response.status).toBeLessThan(500)
  }, 60_000)

  it('a forgery carrying one over-long field name is still refused and audited, not dropped as a 400', async () => {
    await startScenario()
    const current = (await frontdesk.pull('bookings')).find((doc) => doc.id === 'bk_real')!
    const { status } = await frontdesk.push('bookings', [{ assumedMasterState: current, newDocumentState: { ...current, paidCents: current.totalCents, ['x'.repeat(65)]: 1 } }])
    expect((await relay.auditRows()).filter((row) => row.kind === 'device_write_refused' && row.detail.documentId === 'bk_real'), 'an audit record of the forgery').toHaveLength(1)
    expect(status).toBe(200)
  }, 60_000)
})

describe('"Mark handled" is staff bookkeeping within the relay’s clock', () => {
  it('front desk marks a thread handled (and undoes it), but cannot date it in the future to hide the customer’s next texts', async () => {
    await startScenario()
    const opened = await customerThread(customerPhone, 'Can I speak to someone?')
    const later = new Date(relay.clock.now().getTime() + 30 * 86_400_000).toISOString()
    expect(await frontdesk.edit('conversations', opened.id, (doc) => ({ ...doc, needsHuman: false, handledAt: later }))).toEqual([])
    expect((await thread(opened.id)).handledAt).toBe(relay.clock.now().toISOString())
    expect((await thread(opened.id)).needsHuman).toBe(false)
    expect(await frontdesk.edit('conversations', opened.id, (doc) => ({ ...doc, handledAt: null }))).toEqual([])
    expect((await thread(opened.id)).handledAt).toBeNull()
  }, 60_000)
})
