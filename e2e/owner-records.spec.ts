/**
 * The owner's tools in the console against a real relay: the Activity list of who changed what
 * (owner only), refunds and disputes from Stripe on the booking page, and a backup taken while the
 * relay runs and restored after it stopped.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { addDays, format } from 'date-fns'
import { readSandboxAddresses } from '../server/src/demo/scenario-player'
import { sandboxControl } from '../server/sandbox/control-client'
import { backupDatabase, restoreDatabase } from '../server/src/storage/backup'
import { expect, test, type RunningRelay } from './fixtures'
import { createPairingCode, pairedRelayClient, relayFacts } from './relay-client'
import { ConsoleShell } from './pages/console-shell'

type Doc = Record<string, unknown> & { id: string }
const now = () => new Date().toISOString()
const eventDate = format(addDays(new Date(), 21), 'yyyy-MM-dd')

function booking(id: string, customerName: string): Doc {
  return {
    id, updatedAt: now(), customerId: null, customerName, customerPhone: '+15105550177', customerEmail: null,
    eventDate, eventTime: '18:00', adults: 20, kids: 0, address: null, zip: '94539', subtotalCents: 110000, travelFeeCents: 0,
    totalCents: 110000, depositCents: 10000, paidCents: 0, status: 'confirmed', notes: '', createdAt: now(),
    quotedAt: now(), confirmedAt: now(), cancelledAt: null, sourceSuggestionId: null, depositCheckout: null, timeline: [],
  }
}

const created = (documents: Doc[]) => documents.map((document) => ({ assumedMasterState: null, newDocumentState: { ...document, _deleted: false } }))

test('the owner sees who changed what, filters it, and front desk cannot read it', async ({ page, consoleUrl, relay }) => {
  const desk = await pairedRelayClient(relay, 'frontdesk')
  expect(await desk.push('bookings', created([booking('bk_desk', 'Priya Raman')]))).toEqual([])
  const forbidden = await fetch(`${relay.url}/activity`, { headers: { authorization: (await deskToken(relay)).authorization } })
  expect(forbidden.status).toBe(403)

  const shell = new ConsoleShell(page)
  await page.goto(consoleUrl)
  await shell.pair(createPairingCode(relay, 'owner'), 'Office laptop')
  await shell.nav('Activity').click()
  const entries = page.getByTestId('activity-entry')
  await expect(entries.first()).toBeVisible()
  await expect(page.getByRole('table', { name: 'Changes, newest first' })).toContainText('Test observer')
  await expect(entries.filter({ hasText: 'bk_desk' }).first()).toContainText('created')
  await expect(entries.filter({ hasText: 'bk_desk' }).first()).toContainText('front desk')

  // Filter by console and by records: the desk's booking only.
  const filters = page.getByRole('form', { name: 'Filter activity' })
  await filters.getByLabel('Records').selectOption('packages')
  await expect(page.getByText('Nothing matches these filters')).toBeVisible()
  await filters.getByLabel('Records').selectOption('bookings')
  await expect(entries).toHaveCount(1)
  await filters.getByRole('button', { name: 'Clear filters' }).click()
  // A day range that ends before today shows nothing; one that covers today shows the change again.
  await filters.getByLabel('From', { exact: true }).fill('2020-01-01')
  await filters.getByLabel('To', { exact: true }).fill('2020-01-02')
  await expect(page.getByText('Nothing matches these filters')).toBeVisible()
  await filters.getByLabel('To', { exact: true }).fill(format(addDays(new Date(), 1), 'yyyy-MM-dd'))
  await expect(entries.filter({ hasText: 'bk_desk' })).toHaveCount(1)
  await filters.getByLabel('To', { exact: true }).fill('2019-01-01')
  await expect(page.getByRole('alert')).toContainText('must not be after')
})

/** A second front-desk token for a raw request (the observer client keeps its own to itself). */
async function deskToken(relay: RunningRelay) {
  const response = await fetch(`${relay.url}/devices/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: createPairingCode(relay, 'frontdesk'), name: 'Desk probe' }),
  })
  const { token } = (await response.json()) as { token: string }
  return { authorization: `Bearer ${token}` }
}

test('a refund and a dispute from Stripe show on the booking page, and the dispute needs attention', async ({ page, consoleUrl, relay }) => {
  await relayFacts(relay).put('bookings', [booking('bk_card', 'Dana Whitfield')])
  const sandbox = readSandboxAddresses(relay.dataDir)
  expect(sandbox, 'the relay runs on its built-in sandbox').not.toBeNull()
  const stripe = sandboxControl(sandbox!.urls).stripe
  const control = (path: string, body: unknown = {}) =>
    fetch(`${sandbox!.urls.stripe}/__sim/stripe/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

  const shell = new ConsoleShell(page)
  await page.goto(consoleUrl)
  await shell.pair(createPairingCode(relay, 'owner'))
  await shell.nav('Bookings').click()
  await page.getByTestId('booking-bk_card').getByRole('button', { name: 'Dana Whitfield' }).click()
  const bookingPage = page.getByTestId('booking-page')
  const timeline = bookingPage.getByRole('list', { name: 'Timeline' })

  const { event } = await stripe.checkoutCompleted({ clientReferenceId: 'bk_card', amountTotal: 10_000 })
  const sessionId = (event.data.object as { id: string }).id
  await expect(bookingPage.getByTestId('booking-status')).toHaveText('Deposit paid', { timeout: 20_000 })

  expect((await control(`refund/${sessionId}`, { amount: 2_500 })).ok).toBe(true)
  await expect(bookingPage.getByTestId('booking-refunded')).toContainText('$25.00', { timeout: 20_000 })
  await expect(timeline.getByText(/Refund of \$25\.00 to the customer's card/)).toBeVisible()

  expect((await control(`dispute/${sessionId}`, { reason: 'product_not_received' })).ok).toBe(true)
  await expect(bookingPage.getByTestId('booking-disputes')).toContainText('Disputed', { timeout: 20_000 })
  await expect(bookingPage.getByTestId('booking-disputes')).toContainText('$100.00')
  await expect(timeline.getByText(/The customer's bank disputes a card payment of \$100\.00/)).toBeVisible()
  await page.getByTestId('attention-count').click()
  await expect(page.getByTestId('attention-panel')).toContainText("Card payment disputed: $100.00 for Dana Whitfield's booking")
})

test('a backup taken while the relay runs restores what it held', async ({ page, consoleUrl, relay }) => {
  test.setTimeout(120_000)
  const owner = await pairedRelayClient(relay)
  expect(await owner.push('bookings', created([booking('bk_kept', 'Kept Before Backup')]))).toEqual([])
  const file = join(mkdtempSync(join(tmpdir(), 'switchboard-backup-')), 'relay-backup.sqlite')
  // What `npm run relay -- backup|restore` run (the commands themselves are tested in
  // server/test/backup-restore.test.ts); in-process here, as spawning a command is slow.
  expect(await backupDatabase(relay.dataDir, file)).toMatchObject({ documents: expect.any(Number) })
  expect(await owner.push('bookings', created([booking('bk_after', 'Made After Backup')]))).toEqual([])

  // While the relay process runs, restore refuses; once stopped, it restores and the relay starts on the backup.
  expect(() => restoreDatabase(relay.dataDir, file)).toThrow(/is running on/)
  await relay.stop()
  expect(restoreDatabase(relay.dataDir, file).previous).toMatch(/before-restore/)
  await relay.restart()

  const shell = new ConsoleShell(page)
  await page.goto(consoleUrl)
  await shell.pair(createPairingCode(relay, 'owner'))
  await shell.nav('Bookings').click()
  await expect(page.getByTestId('booking-bk_kept')).toBeVisible({ timeout: 20_000 })
  await expect(page.getByTestId('booking-bk_after')).toBeHidden()
})
