/**
 * The booking loop end to end, through the sandbox: a text inquiry answered with a quote, a
 * booking made and confirmed from a console (sync push), its deposit link texted and paid on the
 * Stripe stand-in page, reminders fired by moving the clock, a Zelle balance matched from Plaid,
 * and the review request. Plus opt-out, quiet hours, failing sends, an expired link sent again,
 * and restarts that must neither lose nor repeat a text.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { addDays, localInstant } from '../../../src/domain/bookings'
import { bookingFromDraft, formFromDraft } from '../../../src/domain/bookings/booking-from-draft'
import { demoBusinessProfile } from '../../../src/domain/business-profile'
import { calendarDateInZone } from '../../../src/domain/matching/calendar-days'
import { businessTime } from '../../../src/domain/routing/business-clock'
import type { Booking, NeedsAttention, Settings } from '../../../src/domain/schemas'
import { buildPlaidTransaction } from '../../sandbox/plaid/payloads'
import type { SentSms } from '../../sandbox/ringcentral/ringcentral-simulator'
import { startRelayHarness, type RelayHarness, type RelayHarnessOptions } from '../../sandbox/testing/relay-harness'
import { bookingFixture } from '../../sandbox/testing/booking-fixture'
import { pairDevice } from '../../test/helper'
import { paymentMatchIdFor } from '../matching'
import { interruptedAfterMs } from './message-scheduler'

const zone = 'America/Los_Angeles'
const customerPhone = '+14085550199'
const reviewUrl = 'https://reviews.example/hibachi'
const harnesses: RelayHarness[] = []

afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.close().catch(() => undefined)
})

async function startLoopRelay(options: RelayHarnessOptions = {}): Promise<RelayHarness> {
  const relay = await startRelayHarness({
    withRingCentralCredentials: true,
    withConversations: true,
    withBookings: true,
    business: { ...demoBusinessProfile(new Date().toISOString()), reviewUrl },
    ...options,
  })
  harnesses.push(relay)
  await relay.subscribeRingCentralWebhooks()
  return relay
}

const today = (relay: RelayHarness) => calendarDateInZone(relay.clock.now().toISOString(), zone)

/** Moves the clock to a local wall-clock time (forward or back). */
function setClock(relay: RelayHarness, date: string, clock: string) {
  relay.clock.advance(localInstant(date, clock, zone).getTime() - relay.clock.now().getTime())
}

/**
 * Daytime well before quiet hours, never ahead of real time: the RingCentral simulator stamps
 * inbound texts with the real clock, and a thread is ordered by those stamps.
 */
function toRecentDaytime(relay: RelayHarness) {
  const { minutes } = businessTime(relay.clock.now(), zone)
  if (minutes >= 8 * 60 && minutes < 19 * 60) return
  setClock(relay, minutes < 8 * 60 ? addDays(today(relay), -1) : today(relay), '12:00')
}

async function settle(relay: RelayHarness) {
  for (let round = 0; round < 3; round++) {
    await relay.worker.drain()
    await relay.conversations?.idle()
    await relay.app.paymentMatching.idle()
    await relay.bookings!.idle()
  }
}

async function runDue(relay: RelayHarness): Promise<number> {
  await settle(relay)
  const sent = await relay.bookings!.runDue()
  await settle(relay)
  return sent
}

async function sentSms(relay: RelayHarness): Promise<SentSms[]> {
  const response = await fetch(`${relay.sandbox.urls.ringcentral}/__sim/ringcentral/sent-sms`)
  return ((await response.json()) as { records: SentSms[] }).records.filter((sms) => sms.to.includes(customerPhone))
}

const booking = async (relay: RelayHarness, id: string) => (await relay.documents.get('bookings', id)) as unknown as Booking
const jobStatuses = async (relay: RelayHarness, id: string) =>
  Object.fromEntries((await relay.storage.texts.forBooking(id)).map((job) => [job.kind, job.status]))
const timelineTexts = async (relay: RelayHarness, id: string) => ((await booking(relay, id)).timeline ?? []).map((entry) => entry.text)

function bookingFields(relay: RelayHarness, id: string, overrides: Partial<Booking> = {}): Omit<Booking, 'updatedAt'> {
  const now = relay.clock.now().toISOString()
  return bookingFixture({
    id,
    customerPhone,
    eventDate: addDays(today(relay), 10),
    createdAt: now,
    quotedAt: now,
    confirmedAt: now,
    cancelledAt: null,
    sourceSuggestionId: null,
    depositCheckout: null,
    timeline: [],
    ...overrides,
  })
}

/** A booking confirmed directly in the store (as a sync push would leave it). */
async function confirmBooking(relay: RelayHarness, id: string, overrides: Partial<Booking> = {}) {
  await relay.documents.put('bookings', { ...bookingFields(relay, id, overrides), updatedAt: '' })
}

/** The customer pays on the stand-in hosted page the way a browser does: load it, submit the form. */
async function payOnHostedPage(url: string): Promise<Response> {
  const page = await fetch(url)
  expect(page.status).toBe(200)
  const action = /<form method="post" action="([^"]+)">/.exec(await page.text())?.[1]
  expect(action).toBeTruthy()
  return fetch(new URL(action!, url), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' })
}

describe('the booking loop through the sandbox', () => {
  it('runs inquiry → quote → booking → deposit → reminders → Zelle balance → review by itself', async () => {
    const relay = await startLoopRelay()
    const itemId = await relay.linkPlaidItem()
    toRecentDaytime(relay)
    const eventDate = addDays(today(relay), 10)

    // 1. A text inquiry, answered with a quote by the agent.
    await relay.control.ringcentral.inboundSms({ from: customerPhone, text: 'How much for 30 people in Fremont?' })
    await settle(relay)
    expect((await sentSms(relay)).map((sms) => sms.text)).toEqual([expect.stringContaining('$1,650')])

    // 2. Staff turn it into a booking from the console (sync push): quoted, then confirmed.
    const owner = await pairDevice(relay.app, 'owner')
    const push = async (document: Record<string, unknown>, assumed: unknown = null) => {
      const response = await relay.app.inject({
        method: 'POST',
        url: '/sync/bookings/push',
        headers: owner.headers,
        payload: [{ assumedMasterState: assumed, newDocumentState: document }],
      })
      expect(response.statusCode).toBe(200)
      expect(response.json()).toEqual([])
    }
    // The console's "Create booking" on the agent's quote: the draft made into a booking (domain/bookings).
    const quote = (await relay.queries.suggestions.all()).find((suggestion) => suggestion.kind === 'quote')?.id ?? null
    const draft = {
      customerName: 'Maria Lopez',
      customerPhone,
      eventDate,
      eventTime: '17:00',
      adults: 30,
      kids: 0,
      address: null,
      zip: '94539',
      subtotalCents: 165_000,
      travelFeeCents: 0,
      totalCents: 165_000,
    }
    const made = bookingFromDraft(formFromDraft(draft), {
      id: 'bk_loop',
      now: relay.clock.now().toISOString(),
      today: today(relay),
      by: 'owner console',
      actor: 'owner',
      confirm: false,
      suggestionId: quote,
      origin: 'Text thread',
      settings: (await relay.documents.get('settings', 'business')) as unknown as Settings,
      bookings: [],
    })
    if (!made.ok) throw new Error(`The draft did not make a booking: ${JSON.stringify(made)}`)
    await push({ ...made.booking, _deleted: false })
    await settle(relay)
    expect(await booking(relay, 'bk_loop')).toMatchObject({ status: 'quoted', depositCheckout: null, totalCents: 165_000, depositCents: 10_000 })
    expect(await jobStatuses(relay, 'bk_loop')).toEqual({})

    const master = (await relay.documents.get('bookings', 'bk_loop'))!
    await push({ ...master, confirmedAt: relay.clock.now().toISOString() }, master)
    await settle(relay)
    const confirmed = await booking(relay, 'bk_loop')
    expect(confirmed.status).toBe('confirmed')
    expect(confirmed.depositCheckout).toMatchObject({ status: 'open', url: expect.stringContaining(`${relay.sandbox.urls.stripe}/pay/cs_test_`) })
    const session = relay.sandbox.stripe.sessions.get(confirmed.depositCheckout!.sessionId)!
    expect(session).toMatchObject({ client_reference_id: 'bk_loop', amount_total: 10_000, mode: 'payment', status: 'open' })
    // After paying, Stripe sends the customer to the relay's thank-you page.
    const thanks = await fetch(session.success_url!)
    expect(thanks.status).toBe(200)
    expect(await thanks.text()).toContain('Your deposit to Hibachi at Home Bay Area is on its way.')

    // 3. The confirmation and the deposit link go out once.
    expect(await runDue(relay)).toBe(2)
    expect(await runDue(relay)).toBe(0)
    let texts = (await sentSms(relay)).map((sms) => sms.text)
    expect(texts.slice(1)).toEqual([
      expect.stringMatching(/^Hi Maria, your hibachi party .* is booked for .* at 5:00 PM for 30 guests\. Total \$1,650\.00/),
      `Hi Maria, to hold ${texts[2]!.match(/hold (.*) for your party/)![1]} for your party please pay the $100.00 deposit here: ${confirmed.depositCheckout!.url}`,
    ])

    // 4. Paid on the stand-in page: Stripe's signed webhook marks the deposit paid.
    const paid = await payOnHostedPage(confirmed.depositCheckout!.url)
    expect(paid.status).toBe(200)
    await settle(relay)
    expect(await booking(relay, 'bk_loop')).toMatchObject({ status: 'deposit_paid', paidCents: 10_000, depositCheckout: { status: 'complete' } })
    expect(await timelineTexts(relay, 'bk_loop')).toContain('Deposit of $100.00 received by card (Stripe Checkout).')

    // 5. Two days on: the deposit reminder is not needed.
    relay.clock.advance(49 * 3_600_000)
    expect(await runDue(relay)).toBe(0)
    expect(await timelineTexts(relay, 'bk_loop')).toContain('Deposit reminder not sent: the deposit is already paid.')

    // 6. The day before the event, mid-morning: the event reminder.
    setClock(relay, addDays(eventDate, -1), '09:59')
    expect(await runDue(relay)).toBe(0)
    setClock(relay, addDays(eventDate, -1), '10:00')
    expect(await runDue(relay)).toBe(1)
    expect((await sentSms(relay)).at(-1)!.text).toMatch(/see you tomorrow/)

    // 7. The day after: completed, and the balance reminder.
    setClock(relay, addDays(eventDate, 1), '10:00')
    expect(await runDue(relay)).toBe(1)
    expect((await booking(relay, 'bk_loop')).status).toBe('completed')
    expect((await sentSms(relay)).at(-1)!.text).toContain('The balance of $1,550.00')

    // 8. The balance arrives by Zelle; the matcher applies it; paid in full.
    await relay.control.plaid.transactions({
      item_id: itemId,
      added: [buildPlaidTransaction({ transactionId: 'txn_loop_balance', amount: -1550, date: today(relay), name: 'Zelle payment from MARIA LOPEZ Conf# 8BC1F2' })],
    })
    const fired = await relay.control.plaid.fireWebhook({ item_id: itemId })
    expect(fired.deliveries.map((delivery) => delivery.status)).toEqual([200])
    await settle(relay)
    expect(await relay.documents.get('paymentMatches', paymentMatchIdFor('txn_loop_balance'))).toMatchObject({ bookingId: 'bk_loop', status: 'auto_accepted' })
    expect(await booking(relay, 'bk_loop')).toMatchObject({ status: 'paid_in_full', paidCents: 165_000 })
    expect(await timelineTexts(relay, 'bk_loop')).toContain('$1,550.00 received by Zelle (balance, matched automatically).')

    // 9. Two days after the event: the review request, once.
    setClock(relay, addDays(eventDate, 2), '11:00')
    expect(await runDue(relay)).toBe(1)
    expect(await runDue(relay)).toBe(0)
    texts = (await sentSms(relay)).map((sms) => sms.text)
    expect(texts).toHaveLength(6)
    expect(texts.at(-1)).toBe(`Hi Maria, thanks again for choosing Hibachi at Home Bay Area! Would you leave us a quick review? ${reviewUrl}`)
    expect(await jobStatuses(relay, 'bk_loop')).toEqual({
      confirmation: 'sent',
      depositLink: 'sent',
      depositReminder: 'skipped',
      eventReminder: 'sent',
      balanceReminder: 'sent',
      reviewRequest: 'sent',
    })
    // Staff see the automatic texts in the customer's SMS thread, after the quote.
    const thread = (await relay.documents.get('conversations', `conv-${customerPhone.slice(1)}`))!
    expect((thread.messages as { author: string; status: string; text: string }[]).map((m) => [m.author, m.status, m.text])).toEqual([
      ['customer', 'received', 'How much for 30 people in Fremont?'],
      ['agent', 'sent', texts[0]],
      ...texts.slice(1).map((text) => ['agent', 'sent', text]),
    ])
    // Every status the booking went through is on its timeline, once.
    expect((await timelineTexts(relay, 'bk_loop')).filter((text) => text.startsWith('Status:'))).toEqual([
      'Status: quoted → confirmed',
      'Status: confirmed → deposit paid',
      'Status: deposit paid → completed',
      'Status: completed → paid in full',
    ])
  })

  it('stops every later text once the customer opts out mid-loop', async () => {
    const relay = await startLoopRelay()
    toRecentDaytime(relay)
    await confirmBooking(relay, 'bk_stop')
    expect(await runDue(relay)).toBe(2)

    await relay.control.ringcentral.inboundSms({ from: customerPhone, text: 'STOP' })
    await settle(relay)
    const afterStop = await sentSms(relay)
    expect(afterStop.at(-1)!.text).toMatch(/unsubscribed/)

    // The deposit reminder is the next text due: refused at the sender, and everything after it cancelled.
    relay.clock.advance(49 * 3_600_000)
    expect(await runDue(relay)).toBe(0)
    const eventDate = (await booking(relay, 'bk_stop')).eventDate
    for (const [date, clock] of [[addDays(eventDate, -1), '10:00'], [addDays(eventDate, 1), '10:00'], [addDays(eventDate, 3), '11:00']] as const) {
      setClock(relay, date, clock)
      expect(await runDue(relay)).toBe(0)
    }
    expect(await sentSms(relay)).toHaveLength(afterStop.length)
    expect(await jobStatuses(relay, 'bk_stop')).toEqual({
      confirmation: 'sent',
      depositLink: 'sent',
      depositReminder: 'cancelled',
      eventReminder: 'cancelled',
      balanceReminder: 'cancelled',
      reviewRequest: 'cancelled',
    })
    expect(await timelineTexts(relay, 'bk_stop')).toEqual(
      expect.arrayContaining([
        'Deposit reminder not sent: the customer opted out of texts (replied STOP).',
        'Later automatic texts cancelled: the customer opted out of texts.',
      ]),
    )
  })

  it('holds texts during quiet hours (9 pm–8 am local) and sends them at 8 am', async () => {
    const relay = await startLoopRelay()
    setClock(relay, today(relay), '22:30')
    await confirmBooking(relay, 'bk_late')
    expect(await runDue(relay)).toBe(0)
    const tomorrow = addDays(today(relay), 1)
    const jobs = relay.storage.texts
    expect(await jobs.get('bk_late', 'confirmation')).toMatchObject({ status: 'pending', dueAt: localInstant(tomorrow, '08:00', zone).toISOString() })
    // A change to the booking keeps the postponement; a new event date moves its reminders.
    const eventReminderBefore = (await jobs.get('bk_late', 'eventReminder'))!.dueAt
    await relay.documents.put('bookings', { ...(await booking(relay, 'bk_late')), notes: 'Gate code 1234' })
    await settle(relay)
    expect((await jobs.get('bk_late', 'confirmation'))!.dueAt).toBe(localInstant(tomorrow, '08:00', zone).toISOString())
    expect((await jobs.get('bk_late', 'eventReminder'))!.dueAt).toBe(eventReminderBefore)
    const newDate = addDays((await booking(relay, 'bk_late')).eventDate, 7)
    await relay.documents.put('bookings', { ...(await booking(relay, 'bk_late')), eventDate: newDate })
    await settle(relay)
    expect((await jobs.get('bk_late', 'eventReminder'))!.dueAt).toBe(localInstant(addDays(newDate, -1), '10:00', zone).toISOString())

    setClock(relay, tomorrow, '07:59')
    expect(await runDue(relay)).toBe(0)
    expect(await sentSms(relay)).toHaveLength(0)
    setClock(relay, tomorrow, '08:00')
    expect(await runDue(relay)).toBe(2)
    expect(await sentSms(relay)).toHaveLength(2)
  })

  it('retries a text that fails to send, then puts it in needs attention with the booking', async () => {
    const relay = await startLoopRelay()
    setClock(relay, today(relay), '10:00')
    await confirmBooking(relay, 'bk_fail', { depositCents: 0 })
    await settle(relay)
    // RingCentral becomes unreachable.
    await relay.sandbox.ringcentral.close()
    // Attempts 1–3 fail and wait (1, 5, 30 minutes); the 4th gives up.
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await runDue(relay)).toBe(0)
      expect(await relay.storage.texts.get('bk_fail', 'confirmation')).toMatchObject({ status: 'pending', attempts: attempt })
      expect(await relay.documents.get('needsAttention', 'att-job-bk_fail-confirmation')).toBeNull()
      relay.clock.advance(31 * 60_000)
    }
    expect(await runDue(relay)).toBe(0)
    const job = await relay.storage.texts.get('bk_fail', 'confirmation')
    expect(job).toMatchObject({ status: 'failed', attempts: 4, lastError: expect.stringContaining('could not reach RingCentral') })
    const notice = (await relay.documents.get('needsAttention', 'att-job-bk_fail-confirmation')) as unknown as NeedsAttention
    expect(notice).toMatchObject({ kind: 'failed_job', status: 'open', collectionName: 'bookings', documentId: 'bk_fail' })
    expect(notice.title).toMatch(/^Booking confirmation for Maria Lopez on \d{4}-\d{2}-\d{2} failed: .*could not reach RingCentral/)
    expect((await timelineTexts(relay, 'bk_fail')).some((text) => text.startsWith('Booking confirmation failed:'))).toBe(true)
  })

  it('records a bank payment that stops counting as a reversal, even when undone at once: accept → undo → reject, then re-match elsewhere', async () => {
    const relay = await startLoopRelay()
    const itemId = await relay.linkPlaidItem()
    setClock(relay, today(relay), '10:00')
    await confirmBooking(relay, 'bk_venmo', { customerName: 'Priya Patel' })
    await confirmBooking(relay, 'bk_other', { customerName: 'Sam Reyes', customerPhone: '+14085550123' })
    await settle(relay)
    // A Venmo line the matcher is not sure of (someone else's name): it waits for review.
    await relay.control.plaid.transactions({
      item_id: itemId,
      added: [buildPlaidTransaction({ transactionId: 'txn_venmo', amount: -100, date: today(relay), name: 'VENMO CASHOUT FROM J SMITH' })],
    })
    await relay.control.plaid.fireWebhook({ item_id: itemId })
    await settle(relay)
    const matchId = paymentMatchIdFor('txn_venmo')
    const decide = async (fields: Record<string, unknown>) => {
      await relay.documents.put('paymentMatches', { ...(await relay.documents.get('paymentMatches', matchId))!, ...fields }, { ownerOnly: true })
      await settle(relay)
    }
    const payments = async (id: string) => ((await booking(relay, id)).timeline ?? []).filter((entry) => entry.kind === 'payment').map((entry) => entry.text)

    // Accepted and undone at once, before the booking loop looks: the timeline still shows both.
    const write = async (fields: Record<string, unknown>) => {
      await relay.documents.put('paymentMatches', { ...(await relay.documents.get('paymentMatches', matchId))!, ...fields }, { ownerOnly: true })
      await relay.app.paymentMatching.idle()
    }
    await write({ bookingId: 'bk_venmo', paymentType: 'deposit', status: 'accepted', decidedBy: 'Owner laptop' })
    expect((await booking(relay, 'bk_venmo')).paidCents).toBe(10_000)
    await write({ status: 'needs_review', decidedBy: null })
    await decide({ status: 'rejected', bookingId: null, paymentType: null, decidedBy: 'Owner laptop' })
    expect((await booking(relay, 'bk_venmo')).paidCents).toBe(0)
    expect(await payments('bk_venmo')).toEqual([
      '$100.00 received by Venmo (deposit, accepted by Owner laptop).',
      'Reversed: $100.00 received by Venmo (deposit, accepted by Owner laptop) no longer counts on this booking — the acceptance was undone; it waits for review.',
    ])

    // Accepted again, then moved to another booking: each booking tells its part.
    await decide({ bookingId: 'bk_venmo', paymentType: 'deposit', status: 'accepted', decidedBy: 'Owner laptop' })
    await decide({ bookingId: 'bk_other', paymentType: 'deposit', status: 'accepted', decidedBy: 'Owner laptop' })
    expect((await payments('bk_venmo')).slice(2)).toEqual([
      '$100.00 received by Venmo (deposit, accepted by Owner laptop).',
      'Reversed: $100.00 received by Venmo (deposit, accepted by Owner laptop) no longer counts on this booking — matched to another booking by Owner laptop.',
    ])
    expect(await payments('bk_other')).toEqual(['$100.00 received by Venmo (deposit, accepted by Owner laptop).'])
    expect((await booking(relay, 'bk_venmo')).paidCents).toBe(0)
    expect((await booking(relay, 'bk_other')).paidCents).toBe(10_000)
  })

  it('withdraws an unpaid deposit link when the deposit arrives another way, so it cannot be paid twice', async () => {
    const relay = await startLoopRelay()
    setClock(relay, today(relay), '10:00')
    await confirmBooking(relay, 'bk_zelle_deposit')
    await settle(relay)
    const link = (await booking(relay, 'bk_zelle_deposit')).depositCheckout!
    expect(link.status).toBe('open')
    // A person records a deposit received by Zelle (as the matcher or a console would).
    await relay.documents.put('bookings', { ...(await booking(relay, 'bk_zelle_deposit')), paidCents: 10_000 })
    await settle(relay)
    expect(await booking(relay, 'bk_zelle_deposit')).toMatchObject({ status: 'deposit_paid', depositCheckout: { sessionId: link.sessionId, status: 'expired' } })
    expect(relay.sandbox.stripe.sessions.get(link.sessionId)?.status).toBe('expired')
    expect((await fetch(link.url, { method: 'POST' })).status).toBe(409)
    expect(await timelineTexts(relay, 'bk_zelle_deposit')).toContain('Deposit link withdrawn: the deposit was paid another way.')
  })

  it('a deposit paid by card through another checkout closes the texted link as paid by card, not "another way"', async () => {
    const relay = await startLoopRelay()
    setClock(relay, today(relay), '10:00')
    await confirmBooking(relay, 'bk_card_elsewhere')
    await settle(relay)
    const link = (await booking(relay, 'bk_card_elsewhere')).depositCheckout!
    expect(link.status).toBe('open')
    // Stripe reports a paid Checkout Session for the booking other than the link it was texted.
    await relay.control.stripe.checkoutCompleted({ clientReferenceId: 'bk_card_elsewhere', amountTotal: 10_000, customerName: null, webhookUrl: relay.webhookUrl('stripe') })
    await settle(relay)
    expect(await booking(relay, 'bk_card_elsewhere')).toMatchObject({ status: 'deposit_paid', paidCents: 10_000, depositCheckout: { sessionId: link.sessionId, status: 'expired' } })
    const texts = await timelineTexts(relay, 'bk_card_elsewhere')
    expect(texts).toContain('Deposit link withdrawn: the deposit was paid by card through another Stripe checkout.')
    expect(texts).not.toContain('Deposit link withdrawn: the deposit was paid another way.')
  })

  it('cancelling a booking cancels its pending texts and withdraws its deposit link', async () => {
    const relay = await startLoopRelay()
    setClock(relay, today(relay), '10:00')
    await confirmBooking(relay, 'bk_cancel')
    expect(await runDue(relay)).toBe(2)
    const link = (await booking(relay, 'bk_cancel')).depositCheckout!
    await relay.documents.put('bookings', { ...(await booking(relay, 'bk_cancel')), cancelledAt: relay.clock.now().toISOString() })
    await settle(relay)
    expect(await booking(relay, 'bk_cancel')).toMatchObject({ status: 'cancelled', depositCheckout: { status: 'expired' } })
    expect(relay.sandbox.stripe.sessions.get(link.sessionId)?.status).toBe('expired')
    expect(await jobStatuses(relay, 'bk_cancel')).toMatchObject({ depositReminder: 'cancelled', eventReminder: 'cancelled', reviewRequest: 'cancelled' })
    relay.clock.advance(49 * 3_600_000)
    expect(await runDue(relay)).toBe(0)
    expect(await sentSms(relay)).toHaveLength(2)
  })

  it('does not send a template with a placeholder it cannot fill, and says so', async () => {
    const relay = await startLoopRelay()
    setClock(relay, today(relay), '10:00')
    const settings = (await relay.documents.get('settings', 'business'))!
    await relay.documents.put('settings', {
      ...settings,
      messageTemplates: { ...(settings.messageTemplates as Record<string, string>), confirmation: 'Booked, {nmae}!' },
    })
    await confirmBooking(relay, 'bk_template', { depositCents: 0 })
    expect(await runDue(relay)).toBe(0)
    expect(await sentSms(relay)).toHaveLength(0)
    expect((await jobStatuses(relay, 'bk_template')).confirmation).toBe('failed')
    const notice = (await relay.documents.get('needsAttention', 'att-job-bk_template-confirmation')) as unknown as NeedsAttention
    expect(notice.title).toContain('{nmae} is not a placeholder the relay knows')
  })

  it('sends a new deposit link after the first one expired and the console cleared it', async () => {
    const relay = await startLoopRelay()
    setClock(relay, today(relay), '10:00')
    await confirmBooking(relay, 'bk_expire')
    expect(await runDue(relay)).toBe(2)
    const first = (await booking(relay, 'bk_expire')).depositCheckout!

    const expired = await fetch(`${relay.sandbox.urls.stripe}/__sim/stripe/expire/${first.sessionId}`, { method: 'POST' })
    expect(expired.status).toBe(200)
    await settle(relay)
    expect((await booking(relay, 'bk_expire')).depositCheckout).toMatchObject({ sessionId: first.sessionId, status: 'expired' })
    expect(await timelineTexts(relay, 'bk_expire')).toContain('The deposit link expired unpaid; a new one can be sent.')
    // Nothing is re-sent until someone asks for it.
    expect(await runDue(relay)).toBe(0)

    // The console asks for a new link by clearing the expired one.
    const current = await booking(relay, 'bk_expire')
    await relay.documents.put('bookings', { ...current, depositCheckout: null })
    await settle(relay)
    const second = (await booking(relay, 'bk_expire')).depositCheckout!
    expect(second).toMatchObject({ status: 'open' })
    expect(second.sessionId).not.toBe(first.sessionId)
    expect(await runDue(relay)).toBe(1)
    expect((await sentSms(relay)).at(-1)!.text).toContain(second.url)

    expect((await payOnHostedPage(second.url)).status).toBe(200)
    await settle(relay)
    expect(await booking(relay, 'bk_expire')).toMatchObject({ status: 'deposit_paid', paidCents: 10_000 })
  })
})

describe('restarts', () => {
  it('lose no scheduled text and send none twice', async () => {
    const first = await startLoopRelay()
    setClock(first, today(first), '10:00')
    const startMs = first.clock.now().getTime()
    await confirmBooking(first, 'bk_restart')
    await settle(first)
    // Planned, nothing sent yet; the relay stops.
    expect(Object.values(await jobStatuses(first, 'bk_restart')).every((status) => status === 'pending')).toBe(true)
    expect(await sentSms(first)).toHaveLength(0)
    const database = first.database
    await first.close({ keepDatabase: true })
    harnesses.splice(harnesses.indexOf(first), 1)

    const second = await startLoopRelay({ database })
    second.clock.advance(startMs - second.clock.now().getTime())
    expect(await runDue(second)).toBe(2)
    second.clock.advance(49 * 3_600_000)
    expect(await runDue(second)).toBe(1) // the deposit reminder
    const sentBySecond = (await sentSms(second)).map((sms) => sms.text)
    expect(sentBySecond).toHaveLength(3)
    const resumeMs = second.clock.now().getTime()
    await second.close({ keepDatabase: true })
    harnesses.splice(harnesses.indexOf(second), 1)

    const third = await startLoopRelay({ database })
    third.clock.advance(resumeMs - third.clock.now().getTime())
    expect(await runDue(third)).toBe(0)
    expect(await sentSms(third)).toHaveLength(0)
    expect(await jobStatuses(third, 'bk_restart')).toMatchObject({ confirmation: 'sent', depositLink: 'sent', depositReminder: 'sent', eventReminder: 'pending' })
  })

  it('never re-sends a text the relay was sending when it stopped; a person is asked to check', async () => {
    const first = await startLoopRelay()
    setClock(first, today(first), '10:00')
    await confirmBooking(first, 'bk_crash', { depositCents: 0 })
    await settle(first)
    // The state a crash leaves between claiming the job and recording the send.
    const jobs = first.storage.texts
    expect(await jobs.claim((await jobs.get('bk_crash', 'confirmation'))!)).toBe(true)
    const database = first.database
    const atMs = first.clock.now().getTime()
    await first.close({ keepDatabase: true })
    harnesses.splice(harnesses.indexOf(first), 1)

    const second = await startLoopRelay({ database })
    second.clock.advance(atMs - second.clock.now().getTime())
    // Claimed a moment ago: another relay may be sending it still, so it is neither sent nor reported.
    expect(await runDue(second)).toBe(0)
    expect((await jobStatuses(second, 'bk_crash')).confirmation).toBe('sending')
    expect(await second.documents.get('needsAttention', 'att-job-bk_crash-confirmation')).toBeNull()
    // Longer than any send takes: the relay that claimed it stopped.
    second.clock.advance(interruptedAfterMs + 1000)
    expect(await runDue(second)).toBe(0)
    expect(await sentSms(second)).toHaveLength(0)
    expect((await jobStatuses(second, 'bk_crash')).confirmation).toBe('cancelled')
    const notice = (await second.documents.get('needsAttention', 'att-job-bk_crash-confirmation')) as unknown as NeedsAttention
    expect(notice).toMatchObject({ kind: 'failed_job', status: 'open', documentId: 'bk_crash' })
    expect(notice.title).toMatch(/may not have been sent/)
  })
})
