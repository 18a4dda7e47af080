/**
 * The Live view against a real relay: call documents, transcript segments and suggestions arrive
 * through the relay's sync API as the relay's own workers (or another console) would write them,
 * and what staff do here (notes, texts, summaries) reaches the relay.
 */
import type { Page } from '@playwright/test'
import { sandboxControl } from '../server/sandbox/control-client'
import { readSandboxAddresses } from '../server/src/demo/scenario-player'
import { demoBusinessProfile } from '../src/domain/business-profile'
import { expect, test } from './fixtures'
import { ConsoleShell } from './pages/console-shell'
import { LiveViewPage } from './pages/live-view'
import { createPairingCode, pairedRelayClient, relayFacts } from './relay-client'

type RelayClient = Awaited<ReturnType<typeof pairedRelayClient>>

const phone = '+14085550199'
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString()
/** A party date in the future whatever day the suite runs. */
const threeWeeksOut = () => new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10)

function escalatedCall(overrides: Record<string, unknown> = {}) {
  return {
    id: 'call-e2e-1',
    telephonySessionId: 's-e2e-1',
    direction: 'inbound',
    fromNumber: phone,
    toNumber: '+15105550100',
    customerId: null,
    status: 'answered',
    startedAt: minutesAgo(3),
    endedAt: null,
    escalated: true,
    escalationReason: 'Caller asked to speak to a person',
    assignedExtensionId: 'ext-101',
    summary: 'Party of 30 adults in Fremont on a Saturday; wants a person to confirm the date.',
    partyId: null,
    escalatedAt: minutesAgo(1),
    routingOutcome: 'transferred',
    transcription: 'live',
    notes: '',
    afterCallSummary: null,
    ...overrides,
  }
}

function segment(id: string, speaker: string, startMs: number, endMs: number, text: string, isFinal: boolean) {
  return { id, callId: 'call-e2e-1', speaker, startMs, endMs, text, isFinal }
}

function suggestion(id: string, overrides: Record<string, unknown>) {
  return { id, callId: 'call-e2e-1', conversationId: null, status: 'open', createdAt: new Date().toISOString(), bookingDraft: null, sourceId: null, ...overrides }
}

/** The quote card as the customer receives it: the quote template, not the staff breakdown. */
const customerQuote = /^Hi Maria, here is your hibachi quote from .+: 30 adults on your chosen date, food \$1,650, no travel fee\. Total \$1,650\. A \$100 deposit holds the date\. Reply here to book!$/

const quoteDraft = {
  customerName: null,
  customerPhone: phone,
  eventDate: null,
  eventTime: null,
  adults: 30,
  kids: 0,
  address: null,
  zip: '94539',
  subtotalCents: 165_000,
  travelFeeCents: 0,
  totalCents: 165_000,
}

/** The owner's extensions (from an owner console), the customer and their paid booking (the relay's facts). */
async function seedBusiness(relay: RelayClient, facts: ReturnType<typeof relayFacts>, customer: { smsOptOut: boolean }) {
  const now = new Date().toISOString()
  const extension = (id: string, extensionNumber: string, employeeName: string, isPrimary: boolean) => ({
    id, extensionNumber, ringCentralExtensionId: null, employeeName, role: 'frontdesk', status: 'available', workingHours: [], isPrimary, alertPhone: null,
  })
  // A business set up (prices, deposit, name): quotes are priced and texted only then.
  await relay.upsert('settings', demoBusinessProfile(now))
  await relay.upsert('extensions', extension('ext-101', '101', 'Kenji Sato', true))
  await relay.upsert('extensions', extension('ext-102', '102', 'Maya Chen', false))
  await facts.upsert('customers', { id: 'cust-e2e', name: 'Maria Lopez', phone, email: null, notes: '', smsOptOut: customer.smsOptOut, createdAt: now })
  await facts.upsert('bookings', {
    id: 'bk-e2e', customerId: 'cust-e2e', customerName: 'Maria Lopez', customerPhone: phone, customerEmail: null,
    eventDate: '2026-12-12', eventTime: '18:00', adults: 20, kids: 4, address: null, zip: '94539',
    subtotalCents: 122_000, travelFeeCents: 0, totalCents: 122_000, depositCents: 10_000, paidCents: 10_000,
    status: 'deposit_paid', notes: '', createdAt: now, confirmedAt: now,
  })
}

async function openLive(page: Page, consoleUrl: string, relay: Parameters<typeof createPairingCode>[0]) {
  await page.goto(consoleUrl)
  const shell = new ConsoleShell(page)
  await shell.pair(createPairingCode(relay, 'frontdesk'), 'Front desk')
  await shell.nav('Live').click()
  return new LiveViewPage(page)
}

/**
 * Main-process events reach a browser console as Server-Sent Events from the local web host. To
 * choose when a pop arrives (before the call document syncs, a second caller), the test plays
 * main's part on that same transport: it keeps the page's event streams and dispatches on them.
 * The sandbox call at the end of this file drives the real RingCentral path.
 */
async function captureMainEvents(page: Page) {
  await page.addInitScript(() => {
    const sources: EventSource[] = []
    ;(window as unknown as { __mainEventSources: EventSource[] }).__mainEventSources = sources
    const Original = window.EventSource
    window.EventSource = class extends Original {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init)
        sources.push(this)
      }
    }
  })
}

async function emitMainEvent(page: Page, event: string, payload: unknown) {
  await page.evaluate(
    ({ event, data }) => {
      for (const source of (window as unknown as { __mainEventSources: EventSource[] }).__mainEventSources) {
        source.dispatchEvent(new MessageEvent(event, { data }))
      }
    },
    { event, data: JSON.stringify(payload) },
  )
}

test.describe('Live view', () => {
  test('a call streams in: interim text replaced by the final, lines in order, the quote, notes and the after-call summary', async ({
    page,
    context,
    consoleUrl,
    relay,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    const otherDevice = await pairedRelayClient(relay)
    await seedBusiness(otherDevice, relayFacts(relay), { smsOptOut: false })
    await relayFacts(relay).upsert('calls', escalatedCall())

    const live = await openLive(page, consoleUrl, relay)

    // Who is calling, why they reached a person, and where the call was routed.
    await expect(live.callInList('call-e2e-1')).toContainText('Maria Lopez')
    await expect(live.heading()).toHaveText('Maria Lopez')
    await expect(live.escalation()).toContainText('Caller asked to speak to a person')
    await expect(live.escalation()).toContainText('Routed to Kenji Sato (ext. 101) — transferred to a person')
    await expect(live.callerBooking('bk-e2e')).toContainText('$100.00 paid · $1,120.00 balance')

    // An interim result shows greyed, then the final result for the same span replaces it in place.
    await relayFacts(relay).upsert('transcriptSegments', segment('seg-1', 'caller', 0, 900, 'I want to spea', false))
    await expect(live.segment('seg-1')).toHaveAttribute('data-final', 'false')
    await expect(live.segment('seg-1')).toContainText('I want to spea')
    await relayFacts(relay).upsert('transcriptSegments', segment('seg-1', 'caller', 0, 1800, 'I want to speak to a human about a party', true))
    await expect(live.segment('seg-1')).toHaveAttribute('data-final', 'true')
    await expect(live.segment('seg-1')).toContainText('I want to speak to a human about a party')
    await expect(live.transcriptLines()).toHaveCount(1)

    // Lines read in call order, whatever order they reached the relay in; speakers are labelled.
    await relayFacts(relay).upsert('transcriptSegments', segment('seg-3', 'agent', 4000, 6500, 'For 30 adults in Fremont the total is $1,650.', true))
    await relayFacts(relay).upsert('transcriptSegments', segment('seg-2', 'caller', 2000, 3600, 'It is for thirty adults in Fremont.', true))
    await expect(live.transcriptLines()).toHaveText([
      /^Caller\s*I want to speak to a human about a party$/,
      /^Caller\s*It is for thirty adults in Fremont\.$/,
      /^AI\s*For 30 adults in Fremont the total is \$1,650\.$/,
    ])

    // The agent's quote arrives as a card with the amount up front.
    await relayFacts(relay).upsert('suggestions', suggestion('sg-faq', { kind: 'faq', title: 'Travel fee', text: 'Travel is free within 30 miles of Fremont.', createdAt: minutesAgo(1) }))
    await relayFacts(relay).upsert('suggestions', suggestion('sg-quote', { kind: 'quote', title: 'Quote for 30 adults', text: '30 adults in Fremont: $1,650, no travel fee.', bookingDraft: quoteDraft }))
    const quote = live.suggestion('sg-quote')
    await expect(quote.getByTestId('quote-amount')).toHaveText('$1,650')
    await expect(live.suggestions().first()).toHaveAttribute('data-testid', 'suggestion-sg-quote')
    await expect(live.suggestion('sg-faq').getByRole('button', { name: 'Create booking draft' })).toBeDisabled()
    await expect(live.suggestion('sg-faq')).toContainText('No booking details were gathered')

    // A next step is an instruction for staff: marked so, with no way to text or copy it to the customer.
    await relayFacts(relay).upsert(
      'suggestions',
      suggestion('sg-take-over', { kind: 'next_step', title: 'Take over', text: 'The customer wants a person: call or reply to them now.', createdAt: new Date(Date.now() + 1000).toISOString() }),
    )
    const takeOver = live.suggestion('sg-take-over')
    await expect(takeOver).toContainText('For staff')
    await expect(takeOver).toContainText('not a message for the customer')
    await expect(takeOver.getByRole('button', { name: /Send as SMS/ })).toHaveCount(0)
    await expect(takeOver.getByRole('button', { name: 'Copy' })).toHaveCount(0)

    // "c" copies the newest text written for the customer — the quote as a customer message, never
    // the staff breakdown, and never the newer staff instruction.
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('c')
    await expect(quote.getByRole('status')).toHaveText('Copied the text for the customer')
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    expect(copied).toMatch(customerQuote)
    expect(copied).not.toContain('Fremont: $1,650, no travel fee')

    // Dismissing can be undone.
    await live.suggestion('sg-faq').getByRole('button', { name: 'Dismiss' }).click()
    await expect(live.suggestion('sg-faq')).toHaveCount(0)
    await page.getByRole('button', { name: 'Undo' }).click()
    await expect(live.suggestion('sg-faq')).toBeVisible()

    // Send as SMS shows who gets it and exactly what they get first, then queues that text on the
    // caller's thread for the relay to send.
    await quote.getByRole('button', { name: /Send as SMS/ }).click()
    const confirm = quote.getByRole('group', { name: 'Confirm text message' })
    await expect(confirm.getByTestId('send-text-recipient')).toHaveText('Maria Lopez · (408) 555-0199')
    await expect(confirm.getByTestId('send-text-body')).toHaveValue(customerQuote)
    // Esc keeps it unsent; asking again shows the same text.
    await confirm.getByTestId('send-text-body').press('Escape')
    await expect(confirm).toHaveCount(0)
    await quote.getByRole('button', { name: /Send as SMS/ }).click()
    await quote.getByRole('button', { name: 'Send text' }).click()
    await expect(quote).toHaveAttribute('data-status', 'used')
    await expect
      .poll(async () => {
        const threads = await otherDevice.documents<{ customerPhone: string; messages: { author: string; text: string; status: string }[] }>('conversations')
        const message = threads.find((thread) => thread.customerPhone === phone)?.messages.find((m) => m.author === 'staff')
        return message && { text: message.text, handedToRelay: ['queued', 'sent', 'delivered'].includes(message.status) }
      })
      .toEqual({ text: copied, handedToRelay: true })

    // Transfer needs this console signed in to RingCentral, and says so.
    await expect(live.transferBlocked()).toContainText('Sign in to RingCentral')

    // Notes: "n" focuses them; they save as the user types and survive a reload.
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('n')
    await expect(live.notes()).toBeFocused()
    await page.keyboard.type('Wants Dec 12. Call back about proteins.')
    await expect(live.notesState()).toHaveText('Saved')
    await expect
      .poll(async () => (await otherDevice.documents<{ id: string; notes?: string }>('calls')).find((c) => c.id === 'call-e2e-1')?.notes)
      .toBe('Wants Dec 12. Call back about proteins.')
    await page.reload()
    await expect(live.notes()).toHaveValue('Wants Dec 12. Call back about proteins.')

    // The call ends: the AI's summary is the starting point; the edited summary is saved on the call.
    const current = (await otherDevice.documents<Record<string, unknown> & { id: string }>('calls')).find((c) => c.id === 'call-e2e-1')!
    await relayFacts(relay).upsert('calls', { ...current, status: 'ended', endedAt: new Date().toISOString(), transcription: 'finished' })
    await expect(live.afterCallSummary()).toHaveValue('Party of 30 adults in Fremont on a Saturday; wants a person to confirm the date.')
    await live.afterCallSummary().fill('Quoted $1,650 for 30 adults on Dec 12. Calling back with protein options.')
    await page.getByRole('button', { name: 'Save summary' }).click()
    await expect(live.summaryState()).toHaveText('Saved on the call')
    await expect
      .poll(async () => {
        const call = (await otherDevice.documents<{ id: string; afterCallSummary?: string | null; notes?: string }>('calls')).find((c) => c.id === 'call-e2e-1')
        return call && { afterCallSummary: call.afterCallSummary, notes: call.notes }
      })
      .toEqual({ afterCallSummary: 'Quoted $1,650 for 30 adults on Dec 12. Calling back with protein options.', notes: 'Wants Dec 12. Call back about proteins.' })
  })

  test('texting is refused for a caller who opted out, and j/k move between calls', async ({ page, consoleUrl, relay }) => {
    const otherDevice = await pairedRelayClient(relay)
    await seedBusiness(otherDevice, relayFacts(relay), { smsOptOut: true })
    await relayFacts(relay).upsert('calls', escalatedCall())
    await relayFacts(relay).upsert('calls', escalatedCall({ id: 'call-e2e-old', telephonySessionId: 's-e2e-old', status: 'ended', fromNumber: null, startedAt: minutesAgo(60), endedAt: minutesAgo(55), escalated: false, escalationReason: null, assignedExtensionId: null, routingOutcome: null, summary: '' }))
    await relayFacts(relay).upsert('suggestions', suggestion('sg-quote', { kind: 'quote', title: 'Quote', text: '$1,650 for 30 adults.', bookingDraft: quoteDraft }))

    const live = await openLive(page, consoleUrl, relay)
    await expect(live.heading()).toHaveText('Maria Lopez')
    const quote = live.suggestion('sg-quote')
    await expect(quote.getByRole('button', { name: 'Send as SMS' })).toBeDisabled()
    await expect(quote).toContainText('opted out of texts')

    // The active call is listed first; j opens the next (ended, hidden number), k goes back.
    await expect(live.callInList('call-e2e-1')).toBeVisible()
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('j')
    await expect(live.heading()).toHaveText('Unknown caller')
    await expect(live.openCall()).toHaveAttribute('data-call-id', 'call-e2e-old')
    await page.keyboard.press('k')
    await expect(live.openCall()).toHaveAttribute('data-call-id', 'call-e2e-1')
  })

  test('the transcript follows new lines until the user scrolls up to read, then offers a way back', async ({ page, consoleUrl, relay }) => {
    const otherDevice = await pairedRelayClient(relay)
    await relayFacts(relay).upsert('calls', escalatedCall())
    const now = new Date().toISOString()
    const lines = Array.from({ length: 40 }, (_, i) =>
      segment(`seg-${String(i).padStart(2, '0')}`, i % 2 ? 'agent' : 'caller', i * 3000, i * 3000 + 2500, `Line number ${i} of the call`, true),
    )
    await relayFacts(relay).put('transcriptSegments', lines)

    const live = await openLive(page, consoleUrl, relay)
    const transcript = live.transcript()
    const distanceFromBottom = () => transcript.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight)
    await expect(live.transcriptLines()).toHaveCount(40)
    await expect.poll(distanceFromBottom).toBeLessThan(25)

    // Reading back: the view stays put when a new line arrives, and offers to jump back.
    await transcript.evaluate((el) => el.scrollTo({ top: 0 }))
    const jump = page.getByRole('button', { name: /Jump to live/ })
    await expect(jump).toBeVisible()
    await relayFacts(relay).upsert('transcriptSegments', segment('seg-40', 'caller', 120_000, 122_000, 'A new line while reading', true))
    await expect(live.transcriptLines()).toHaveCount(41)
    expect(await transcript.evaluate((el) => el.scrollTop)).toBe(0)

    await jump.click()
    await expect(jump).toHaveCount(0)
    await expect.poll(distanceFromBottom).toBeLessThan(25)
    await expect(live.segment('seg-40')).toBeInViewport()
  })

  test('a quote card makes one booking, then opens it instead of offering another', async ({ page, consoleUrl, relay }) => {
    const otherDevice = await pairedRelayClient(relay)
    await seedBusiness(otherDevice, relayFacts(relay), { smsOptOut: false })
    await relayFacts(relay).upsert('calls', escalatedCall())
    await relayFacts(relay).upsert('suggestions', suggestion('sg-quote', { kind: 'quote', title: 'Quote for 30 adults', text: '30 adults: $1,650.', bookingDraft: quoteDraft }))
    const live = await openLive(page, consoleUrl, relay)
    const quote = live.suggestion('sg-quote')

    await quote.getByRole('button', { name: 'Create booking draft' }).click()
    const dialog = page.getByRole('dialog', { name: 'Create booking' })
    await expect(dialog.getByLabel('Customer name')).toHaveValue('Maria Lopez')
    await dialog.getByLabel('Date').fill(threeWeeksOut())
    await dialog.getByLabel('Start time (optional)').fill('17:30')
    await dialog.getByRole('button', { name: 'Create', exact: true }).click()
    await expect(dialog).toBeHidden()
    await expect(new ConsoleShell(page).heading()).toHaveText('Bookings')

    // Back in Live the card has become its booking: "Open booking", no second "Create booking draft".
    await new ConsoleShell(page).nav('Live').click()
    await expect(quote.getByRole('button', { name: 'Create booking draft' })).toHaveCount(0)
    await expect(quote).toContainText('Booked')
    await quote.getByRole('button', { name: 'Open booking' }).click()
    await expect(page.getByTestId('booking-page')).toContainText('Maria Lopez')
    await expect(page.getByTestId('booking-page')).toBeInViewport()
    const made = (await otherDevice.documents<{ sourceSuggestionId: string | null }>('bookings')).filter((b) => b.sourceSuggestionId === 'sg-quote')
    expect(made).toHaveLength(1)
  })

  test('a caller with no record: the name says where it is from, "Create customer" links the call on the relay, and an untranscribed call raises no alarm', async ({
    page,
    consoleUrl,
    relay,
  }) => {
    const otherDevice = await pairedRelayClient(relay)
    const caller = '+16505550111'
    const now = new Date().toISOString()
    // A booking made with this number, but no customer record.
    await relayFacts(relay).upsert('bookings', {
      id: 'bk-okafor', customerId: null, customerName: 'Robert Okafor', customerPhone: caller, customerEmail: null,
      eventDate: '2026-12-19', eventTime: '17:00', adults: 12, kids: 0, address: null, zip: '94539',
      subtotalCents: 66_000, travelFeeCents: 0, totalCents: 66_000, depositCents: 10_000, paidCents: 0,
      status: 'confirmed', notes: '', createdAt: now, confirmedAt: now,
    })
    // The call ended before live transcription ever started.
    await relayFacts(relay).upsert('calls', escalatedCall({ id: 'call-okafor', telephonySessionId: 's-okafor', fromNumber: caller, status: 'ended', endedAt: now, transcription: 'failed', escalated: false, escalationReason: null, routingOutcome: null }))

    const live = await openLive(page, consoleUrl, relay)
    await expect(live.heading()).toHaveText('Robert Okafor')
    await expect(live.openCall().getByTestId('caller-phone')).toHaveText('(650) 555-0111')
    await expect(live.openCall().getByTestId('caller-note')).toHaveText('Name from their booking; no customer record for this number')

    // Never transcribed is not an alarm.
    await expect(page.getByTestId('transcription-state')).toHaveText('Not transcribed')
    await expect(page.getByTestId('transcription-state')).toHaveAttribute('data-tone', 'quiet')
    await expect(live.openCall()).not.toContainText('Transcription stopped')
    await expect(live.openCall()).toContainText('No transcript was recorded for this call.')

    await live.openCall().getByRole('button', { name: 'Create customer' }).click()
    const dialog = page.getByRole('dialog', { name: 'Create customer' })
    await expect(dialog).toContainText('For (650) 555-0111')
    await expect(dialog.getByLabel('Name')).toHaveValue('Robert Okafor')
    await dialog.getByLabel('Name').press('Enter')
    await expect(dialog).toBeHidden()
    await expect(live.openCall().getByTestId('caller-note')).toHaveCount(0)
    await expect(live.openCall().getByRole('button', { name: 'Create customer' })).toHaveCount(0)

    // The console stored the customer; the relay linked the call to it (calls are the relay's to write).
    await expect
      .poll(async () => {
        const customer = (await otherDevice.documents<{ id: string; phone: string | null; name: string }>('customers')).find((c) => c.phone === caller)
        const call = (await otherDevice.documents<{ id: string; customerId: string | null }>('calls')).find((c) => c.id === 'call-okafor')
        return customer && call ? { name: customer.name, linked: call.customerId === customer.id } : null
      }, { timeout: 15_000 })
      .toEqual({ name: 'Robert Okafor', linked: true })
  })

  test('the screen pop names the caller, fills in when the call syncs, and opens the call in Live', async ({ page, consoleUrl, relay }) => {
    const otherDevice = await pairedRelayClient(relay)
    await seedBusiness(otherDevice, relayFacts(relay), { smsOptOut: false })
    await captureMainEvents(page)
    const live = await openLive(page, consoleUrl, relay)
    await new ConsoleShell(page).nav('Bookings').click()

    // Main reports a transferred call before the relay's call document has reached this console.
    await emitMainEvent(page, 'calls:screenPop', {
      telephonySessionId: 's-e2e-1', partyId: 'p-e2e-2', fromNumber: phone, fromName: 'WIRELESS CALLER',
      status: 'answered', transferred: true, at: new Date().toISOString(),
    })
    const pop = live.screenPop()
    await expect(pop.getByRole('heading', { level: 2 })).toHaveText('Maria Lopez')
    await expect(pop).toContainText('Escalated to you')
    await expect(pop).toContainText('$100.00 paid · $1,120.00 balance')
    await expect(pop.getByTestId('screen-pop-summary')).toContainText('Waiting for the call’s details')
    await expect(pop.locator(':focus')).toHaveCount(0)

    await relayFacts(relay).upsert('calls', escalatedCall())
    await expect(pop.getByTestId('screen-pop-summary')).toHaveText('Party of 30 adults in Fremont on a Saturday; wants a person to confirm the date.')
    await expect(pop.getByTestId('screen-pop-reason')).toContainText('Caller asked to speak to a person')

    // The shortcut opens the call in Live and puts the pop away.
    await page.keyboard.press('Control+Shift+L')
    await expect(pop).toHaveCount(0)
    await expect(new ConsoleShell(page).heading()).toHaveText('Live')
    await expect(live.openCall()).toHaveAttribute('data-call-id', 'call-e2e-1')
    // RingCentral told this console its party in the call, but transfer still needs the sign-in.
    await expect(live.transferBlocked()).toContainText('Sign in to RingCentral')

    // A caller with no record shows their caller ID; Esc dismisses.
    await emitMainEvent(page, 'calls:screenPop', {
      telephonySessionId: 's-e2e-2', partyId: 'p-e2e-3', fromNumber: '+16505550111', fromName: 'JORDAN P',
      status: 'ringing', transferred: false, at: new Date().toISOString(),
    })
    await expect(pop.getByRole('heading', { level: 2 })).toHaveText('JORDAN P')
    await expect(pop.getByTestId('screen-pop-note')).toHaveText('Name from caller ID; no customer record for this number')
    await expect(pop).toContainText('No bookings for this caller')
    await page.keyboard.press('Escape')
    await expect(pop).toHaveCount(0)
  })
})

test.describe('a sandbox call, end to end', () => {
  // The demo business (Kenji Sato 101 is primary, Maya Chen 102 the front desk); the console is
  // paired as the owner and, in demo mode, signs in to the RingCentral sandbox as extension 102.
  test.use({ relayEnv: { RELAY_DEMO: '1' }, autoPairOwner: true })

  test('a caller who asks for a human is escalated to this console: screen pop, transcript in order, the right quote, transfer', async ({
    page,
    consoleUrl,
    relay,
  }) => {
    test.setTimeout(120_000)
    const sandbox = readSandboxAddresses(relay.dataDir)
    expect(sandbox, 'the demo relay publishes its sandbox addresses').not.toBeNull()
    const control = sandboxControl(sandbox!.urls)
    // Kenji is away, so the escalation goes to the front desk: this console.
    const owner = await pairedRelayClient(relay)
    const kenji = (await owner.documents<{ id: string } & Record<string, unknown>>('extensions')).find((extension) => extension.id === 'ext_kenji')!
    await owner.upsert('extensions', { ...kenji, status: 'offline' })

    const shell = new ConsoleShell(page)
    const live = new LiveViewPage(page)
    await page.goto(consoleUrl)
    await shell.nav('Settings').click()
    await expect(page.getByTestId('ringcentral-settings')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 })
    await shell.nav('Bookings').click()

    const caller = '+14085550123'
    const { telephonySessionId } = await control.ringcentral.scriptedCall({
      from: caller,
      toExtension: '103',
      lines: [
        { speaker: 'caller', text: 'Hi, I need a quote for 30 adults in Fremont 94539.' },
        { speaker: 'staff', text: 'Sure, one moment please.' },
        { speaker: 'caller', text: 'Can I talk to a person?' },
      ],
      speed: 10,
      hangUp: false,
    })

    // The transfer reaches extension 102: the screen pop appears over whatever view is open.
    const pop = live.screenPop()
    await expect(pop).toHaveAttribute('data-session', telephonySessionId, { timeout: 30_000 })
    await expect(pop).toContainText('Escalated to you')
    await expect(pop).toContainText('(408) 555-0123')
    await expect(pop.getByTestId('screen-pop-summary')).toContainText('30 adults', { timeout: 20_000 })
    await expect(pop.getByTestId('screen-pop-reason')).toContainText(/person/)
    await pop.getByRole('button', { name: /Open in Live/ }).click()
    await expect(shell.heading()).toHaveText('Live')
    await expect(pop).toHaveCount(0)

    // The transcript arrives in the order it was spoken, with its speakers.
    await expect(live.transcriptLines()).toHaveText(
      [/^Caller\s*hi, i need a quote for 30 adults in fremont 94539\.$/, /^Staff\s*sure, one moment please\.$/, /^Caller\s*can i talk to a person\?$/],
      { timeout: 30_000 },
    )
    await expect(live.transcript().locator('li[data-final="false"]')).toHaveCount(0)
    await expect(live.escalation()).toContainText('Routed to Maya Chen (ext. 102) — transferred to a person')

    // The agent's quote for 30 adults in Fremont: $1,650.
    const quote = page.locator('[data-testid^="suggestion-"][data-kind="quote"]').first()
    await expect(quote.getByTestId('quote-amount')).toHaveText('$1,650')
    await expect(quote).toContainText('$1,650')

    // Staff pass the call on to Kenji through RingCentral's call control.
    await page.getByRole('combobox', { name: 'Transfer to' }).selectOption('101')
    await page.getByRole('button', { name: 'Transfer', exact: true }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Transferring to Kenji Sato' })).toBeVisible()
    await expect
      .poll(async () => (await control.ringcentral.transfers()).filter((t) => t.telephonySessionId === telephonySessionId).map((t) => t.target))
      .toContainEqual({ extensionNumber: '101' })
  })
})
