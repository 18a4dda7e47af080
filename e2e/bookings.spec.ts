/**
 * One booking's life in the console against a real relay: staff turn the agent's draft into a
 * booking (a full slot is refused with its reason), confirm it, and follow its timeline as the
 * relay creates the Stripe deposit link, re-sends it once it expired, and the customer pays it
 * through the Stripe simulator.
 * The calendar shows it in its slot, and an edited text template persists on the relay.
 */
import { addDays, format } from 'date-fns'
import { demoBusinessProfile } from '../src/domain/business-profile'
import { readSandboxAddresses } from '../server/src/demo/scenario-player'
import { sandboxControl } from '../server/sandbox/control-client'
import { expect, test } from './fixtures'
import { createPairingCode, pairedRelayClient, relayFacts } from './relay-client'
import { ConsoleShell } from './pages/console-shell'

type Doc = Record<string, unknown> & { id: string }

const now = () => new Date().toISOString()
const created = (documents: Doc[]) => documents.map((document) => ({ assumedMasterState: null, newDocumentState: { ...document, _deleted: false } }))

const customerPhone = '+14085550142'
// Three weeks out: in the future whatever day the suite runs.
const eventDate = format(addDays(new Date(), 21), 'yyyy-MM-dd')

function existingBooking(): Doc {
  return {
    id: 'bk_taken', updatedAt: now(), customerId: null, customerName: 'Priya Raman', customerPhone: '+15105550177', customerEmail: null,
    eventDate, eventTime: '18:00', adults: 20, kids: 0, address: null, zip: '94539', subtotalCents: 110000, travelFeeCents: 0,
    totalCents: 110000, depositCents: 10000, paidCents: 0, status: 'confirmed', notes: '', createdAt: now(),
    quotedAt: now(), confirmedAt: now(), cancelledAt: null, sourceSuggestionId: null, depositCheckout: null, timeline: [],
  }
}

function thread(): Doc {
  return {
    id: 'cv_rosa', updatedAt: now(), customerPhone, customerId: null, needsHuman: false, lastMessageAt: '2026-01-05T17:01:00.000Z',
    messages: [
      { id: 'in-1', direction: 'inbound', author: 'customer', text: `Hibachi for 14 adults and 2 kids on ${eventDate} around 5:30?`, at: '2026-01-05T17:00:00.000Z', status: 'received' },
      { id: 'out-1', direction: 'outbound', author: 'agent', text: 'We can do that! 14 adults and 2 kids come to $830.00 plus travel.', at: '2026-01-05T17:01:00.000Z', status: 'delivered' },
    ],
  }
}

function draftSuggestion(): Doc {
  return {
    id: 'sg_rosa_draft', updatedAt: now(), callId: null, conversationId: 'cv_rosa', kind: 'quote', title: 'Quote for 16 guests',
    text: '14 adults and 2 kids: $830.00 plus travel.', status: 'open', createdAt: '2026-01-05T17:01:00.000Z', sourceId: 'in-1',
    bookingDraft: {
      customerName: 'Rosa Diaz', customerPhone, eventDate, eventTime: '17:30', adults: 14, kids: 2,
      address: null, zip: '94538', subtotalCents: null, travelFeeCents: null, totalCents: null,
    },
  }
}

test('turns a draft into a booking and follows its timeline to the paid deposit', async ({ page, consoleUrl, relay }) => {
  const observer = await pairedRelayClient(relay)
  // One party per slot, so the draft's dinner slot is already full.
  const settings = {
    ...demoBusinessProfile(now()),
    timeSlots: [
      { name: 'Lunch', start: '12:00', capacity: 1 },
      { name: 'Dinner', start: '17:00', capacity: 1 },
    ],
  }
  expect(await observer.push('settings', created([settings]))).toEqual([])
  expect(await observer.push('bookings', created([existingBooking()]))).toEqual([])
  // The customer's text and the agent's draft are the relay's records.
  await relayFacts(relay).put('conversations', [thread()])
  await relayFacts(relay).put('suggestions', [draftSuggestion()])

  await page.goto(consoleUrl)
  const shell = new ConsoleShell(page)
  await shell.pair(createPairingCode(relay, 'owner'))

  // The draft opens from the inbox, prefilled.
  await shell.nav('Inbox').click()
  await page.getByTestId('create-booking-sg_rosa_draft').click()
  const dialog = page.getByRole('dialog', { name: 'Create booking' })
  // Esc cancels without creating anything.
  await dialog.getByLabel('Customer name').press('Escape')
  await expect(dialog).toBeHidden()
  await page.getByTestId('create-booking-sg_rosa_draft').click()
  await expect(dialog.getByLabel('Customer name')).toHaveValue('Rosa Diaz')
  await expect(dialog.getByLabel('Adults')).toHaveValue('14')
  await expect(dialog.getByLabel('Date')).toHaveValue(eventDate)

  // The travel fee is missing: refused with a clear message.
  await dialog.getByRole('button', { name: 'Create and confirm' }).click()
  await expect(dialog.getByText("Enter the travel fee (0 within 30 miles): the event's distance is not known.")).toBeVisible()
  await dialog.getByLabel('Travel fee, $').fill('20')

  // Dinner is full: refused with the reason.
  await dialog.getByRole('button', { name: 'Create and confirm' }).click()
  await expect(dialog.getByTestId('capacity-refusal')).toContainText('Dinner slot (5:00 PM) is full: 1 of 1 party booked.')

  // Lunch has room.
  await dialog.getByLabel('Start time (optional)').fill('12:30')
  await dialog.getByRole('button', { name: 'Create and confirm' }).click()
  await expect(dialog).toBeHidden()

  // The booking page opens on its own, confirmed, with the conversation on its timeline.
  const bookingPage = page.getByTestId('booking-page')
  await expect(shell.heading()).toHaveText('Bookings')
  await expect(bookingPage.getByTestId('booking-status')).toHaveText('Confirmed')
  await expect(bookingPage.getByTestId('booking-status-why')).toContainText('the $100.00 deposit is not paid yet')
  const timeline = bookingPage.getByRole('list', { name: 'Timeline' })
  await expect(timeline.getByText('Hibachi for 14 adults and 2 kids')).toBeVisible()
  await expect(timeline.getByText(/Booked and confirmed from the agent's draft/)).toBeVisible()
  await expect(timeline.getByText('Quote for 16 guests: 14 adults and 2 kids: $830.00 plus travel.')).toBeVisible()

  // The relay holds the same booking, priced from the settings.
  const relayBooking = async () => (await observer.documents<Doc>('bookings')).find((booking) => booking.customerName === 'Rosa Diaz')
  await expect.poll(async () => (await relayBooking())?.totalCents, { timeout: 15_000 }).toBe(14 * 5500 + 2 * 3000 + 2000)
  const booking = (await relayBooking())!
  expect(booking).toMatchObject({ eventTime: '12:30', sourceSuggestionId: 'sg_rosa_draft', depositCents: 10000 })

  // The relay makes the Stripe deposit link; its entry arrives on the open page.
  await expect(timeline.locator('[data-kind="deposit_link"]').first()).toContainText('Deposit link created for $100.00', { timeout: 20_000 })
  await expect(bookingPage.getByTestId('deposit-link-state')).toContainText('Sent, waiting for payment')

  const sandbox = readSandboxAddresses(relay.dataDir)
  expect(sandbox, 'the relay runs on its built-in sandbox').not.toBeNull()
  const stripe = sandboxControl(sandbox!.urls).stripe
  const checkoutSessions = () => stripe.sessionsFor(booking.id)

  // The customer lets the link expire; staff ask for a new one and the relay sends it.
  const [first] = await checkoutSessions()
  expect((await fetch(`${sandbox!.urls.stripe}/__sim/stripe/expire/${first!.id}`, { method: 'POST' })).ok).toBe(true)
  await expect(timeline.getByText('The deposit link expired unpaid; a new one can be sent.')).toBeVisible({ timeout: 20_000 })
  await bookingPage.getByRole('button', { name: 'Re-send deposit link' }).click()
  await expect(timeline.getByText('Asked for a new deposit link (the last one expired).')).toBeVisible()
  await expect(timeline.getByText('Deposit link created for $100.00 (Stripe Checkout, link 2).')).toBeVisible({ timeout: 20_000 })

  // The customer pays the new link (the Stripe simulator's payment page does this); the payment follows.
  const open = (await checkoutSessions()).filter((session) => session.status === 'open')
  expect(open).toHaveLength(1)
  await stripe.payOnHostedPage(open[0]!.url!)
  await expect(timeline.locator('[data-kind="payment"]')).toContainText('$100.00', { timeout: 20_000 })
  await expect(bookingPage.getByTestId('booking-status')).toHaveText('Deposit paid')

  // The week calendar shows it in the lunch slot, now full; the draft is used up in the inbox.
  await page.keyboard.press('w')
  const lunch = page.getByTestId(`slot-${eventDate}-Lunch`)
  await expect(lunch.getByTestId(`calendar-booking-${booking.id}`)).toContainText('Rosa Diaz')
  await expect(lunch).toContainText('1 of 1')
  await expect(lunch).toHaveAttribute('data-full', 'true')
  await expect(page.getByTestId(`slot-${eventDate}-Dinner`).getByTestId('calendar-booking-bk_taken')).toBeVisible()
  await expect.poll(async () => (await observer.documents<Doc>('suggestions')).find((s) => s.id === 'sg_rosa_draft')?.status, { timeout: 15_000 }).toBe('used')

  // The list filters by derived status.
  await page.keyboard.press('l')
  await page.getByRole('search', { name: 'Filter bookings' }).getByLabel('Status').selectOption('deposit_paid')
  await expect(page.getByTestId(`booking-${booking.id}`)).toContainText('Deposit paid')
  await expect(page.getByTestId('booking-bk_taken')).toBeHidden()
})

test('cancels a booking with confirmation and undoes it', async ({ page, consoleUrl, relay }) => {
  const observer = await pairedRelayClient(relay)
  expect(await observer.push('bookings', created([existingBooking()]))).toEqual([])
  await page.goto(consoleUrl)
  const shell = new ConsoleShell(page)
  await shell.pair(createPairingCode(relay, 'owner'))
  await shell.nav('Bookings').click()
  await page.getByTestId('booking-bk_taken').getByRole('button', { name: 'Priya Raman' }).click()
  const bookingPage = page.getByTestId('booking-page')
  await bookingPage.getByRole('button', { name: 'Cancel booking' }).click()
  await page.getByRole('alertdialog', { name: 'Cancel this booking?' }).getByRole('button', { name: 'Yes, cancel it' }).click()
  await expect(bookingPage.getByTestId('booking-status')).toHaveText('Cancelled')
  const relayBooking = async () => (await observer.documents<Doc>('bookings')).find((booking) => booking.id === 'bk_taken')
  await expect.poll(async () => (await relayBooking())?.cancelledAt ?? null, { timeout: 15_000 }).not.toBeNull()

  await page.getByRole('button', { name: 'Undo' }).click()
  await expect(bookingPage.getByTestId('booking-status')).toHaveText('Confirmed')
  await expect.poll(async () => (await relayBooking())?.cancelledAt ?? null, { timeout: 15_000 }).toBeNull()
  await expect(bookingPage.getByRole('list', { name: 'Timeline' }).getByText('Undid the cancellation.')).toBeVisible()
})

test('edits an automatic text: unknown placeholders are refused, the change persists', async ({ page, consoleUrl, relay }) => {
  const observer = await pairedRelayClient(relay)
  // The texts are part of the business settings, which exist once the business is set up.
  expect(await observer.push('settings', created([demoBusinessProfile(now())]))).toEqual([])
  await page.goto(consoleUrl)
  const shell = new ConsoleShell(page)
  await shell.pair(createPairingCode(relay, 'owner'))
  await shell.nav('Offers & knowledge').click()

  const confirmation = page.getByTestId('template-confirmation')
  const text = confirmation.getByLabel('Booking confirmation')
  await text.fill('Hi {nmae}, see you on {date}!')
  await page.getByRole('button', { name: 'Save texts' }).click()
  await expect(confirmation.getByRole('alert')).toHaveText('Unknown placeholder {nmae}: use only the placeholders listed.')

  await text.fill('Hi {name}, see you on {date} at {time}!')
  await expect(page.getByTestId('template-preview-confirmation')).toContainText('Hi Maria, see you on')
  await page.getByRole('button', { name: 'Save texts' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Saved the automatic texts.' })).toBeVisible()
  const relayTemplate = async () => (await observer.documents<{ id: string; messageTemplates?: Record<string, string> }>('settings'))[0]?.messageTemplates?.confirmation
  await expect.poll(relayTemplate, { timeout: 15_000 }).toBe('Hi {name}, see you on {date} at {time}!')

  await page.reload()
  await shell.nav('Offers & knowledge').click()
  await expect(page.getByTestId('template-confirmation').getByLabel('Booking confirmation')).toHaveValue('Hi {name}, see you on {date} at {time}!')
})
