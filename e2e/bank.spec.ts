/**
 * Settings → Bank against a real relay and its Plaid sandbox: Plaid Link (react-plaid-link) runs
 * on its own origin, its script and frame from Plaid's CDN routed to the simulator's Link
 * stand-in; the relay exchanges the public token, pulls the history at once, follows ITEM webhooks
 * and removes Items through /item/remove.
 */
import type { BrowserContext, Page } from '@playwright/test'
import { calendarDateInZone } from '../src/domain/matching/calendar-days'
import { readSandboxAddresses } from '../server/src/demo/scenario-player'
import { sandboxControl } from '../server/sandbox/control-client'
import { buildPlaidTransaction } from '../server/sandbox/plaid/payloads'
import { expect, test, type RunningRelay } from './fixtures'
import { ConsoleShell } from './pages/console-shell'
import { pairedRelayClient } from './relay-client'

test.use({ autoPairOwner: true })

type Doc = Record<string, unknown> & { id: string }
const localDay = (offsetDays = 0) => calendarDateInZone(new Date(Date.now() + offsetDays * 86_400_000).toISOString(), 'America/Los_Angeles')

function sandboxOf(relay: RunningRelay) {
  const sandbox = readSandboxAddresses(relay.dataDir)
  expect(sandbox, 'the relay runs on its built-in sandbox').toBeTruthy()
  return { ...sandbox!, control: sandboxControl(sandbox!.urls) }
}

/** Plaid's CDN, answered by the simulator's Link stand-in (what the demo does in Electron too). */
async function routePlaidCdn(context: BrowserContext, plaidUrl: string) {
  await context.route('https://cdn.plaid.com/link/v2/stable/**', async (route) => {
    const { pathname } = new URL(route.request().url())
    await route.fulfill({ response: await route.fetch({ url: `${plaidUrl}${pathname}` }) })
  })
}

/** Goes through Plaid Link in its own window: pick the bank (or log in again) and continue. */
async function completeLink(context: BrowserContext, start: () => Promise<void>, choice: { bank?: string; title?: string } = {}) {
  const [linkPage] = await Promise.all([context.waitForEvent('page'), start()])
  const link = linkPage.frameLocator('iframe[title="Plaid Link"]')
  if (choice.title) await expect(link.getByRole('heading')).toHaveText(choice.title)
  if (choice.bank) await link.getByLabel(choice.bank).check()
  await link.getByRole('button', { name: 'Continue' }).click()
  return linkPage
}

async function openBankSettings(page: Page, consoleUrl: string) {
  await page.goto(consoleUrl)
  const shell = new ConsoleShell(page)
  await expect(shell.heading()).toHaveText('Live')
  await shell.nav('Settings').click()
  const section = page.getByTestId('bank-section')
  await expect(section).toBeVisible()
  return { shell, section }
}

test('connects a bank through Plaid Link: the first sync fills the reconciliation queue', async ({ page, context, consoleUrl, relay }) => {
  const sandbox = sandboxOf(relay)
  await routePlaidCdn(context, sandbox.urls.plaid)
  const observer = await pairedRelayClient(relay)
  const created = (documents: Doc[]) => documents.map((newDocumentState) => ({ assumedMasterState: null, newDocumentState }))
  expect(
    await observer.push('bookings', created([{
      id: 'bk_nguyen', updatedAt: new Date().toISOString(), customerId: null, customerName: 'Linh Nguyen', customerPhone: null, customerEmail: null,
      eventDate: localDay(12), eventTime: '17:00', adults: 30, kids: 0, address: null, zip: '94539', subtotalCents: 165000, travelFeeCents: 0,
      totalCents: 165000, depositCents: 10000, paidCents: 0, status: 'confirmed', notes: '', createdAt: new Date(Date.now() - 86_400_000).toISOString(), _deleted: false,
    }])),
  ).toEqual([])
  // The history the bank already holds; nothing of it is announced by a webhook.
  await sandbox.control.plaid.institutionHistory('ins_109511', [
    buildPlaidTransaction({ transactionId: 'hist_nguyen', amount: -100, date: localDay(-1), name: 'Zelle payment from LINH NGUYEN Conf# 77AB12' }),
    buildPlaidTransaction({ transactionId: 'hist_mystery', amount: -35, date: localDay(-2), name: 'MOBILE DEPOSIT' }),
    ...Array.from({ length: 40 }, (_, index) => buildPlaidTransaction({ transactionId: `hist_supplies_${index}`, amount: 20 + index, date: localDay(-3 - index), name: 'RESTAURANT DEPOT' })),
  ])

  const { section } = await openBankSettings(page, consoleUrl)
  // The sandbox relay starts with its own demo bank; this connects the business's second one.
  await expect(section.getByTestId('bank-item')).toHaveCount(1)
  const linkPage = await completeLink(context, () => section.getByRole('button', { name: 'Connect another bank' }).click(), { bank: 'Tartan Bank' })
  await expect(page.getByTestId('bank-link-status')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 })
  const tartan = section.getByRole('listitem', { name: 'Tartan Bank' })
  await expect(tartan).toContainText('Business Checking ••4321')
  await expect(tartan).toContainText('depository · checking')
  await expect(tartan.getByTestId('bank-last-sync')).toContainText('Last synced', { timeout: 20_000 })
  // Link's page hands over its one result and closes itself.
  await expect.poll(() => linkPage.isClosed(), { timeout: 5_000 }).toBe(true)

  await new ConsoleShell(page).nav('Reconciliation').click()
  await expect(page.getByTestId('match-hist_nguyen')).toContainText('Linh Nguyen', { timeout: 20_000 })
  await expect(page.getByTestId('match-hist_mystery')).toBeVisible()
})

test('a login error shows a banner on every view until update mode reconnects the bank', async ({ page, context, consoleUrl, relay }) => {
  const sandbox = sandboxOf(relay)
  await routePlaidCdn(context, sandbox.urls.plaid)
  const itemId = sandbox.plaidItemId!
  const fired = await sandbox.control.plaid.fireWebhook({ item_id: itemId, webhook_code: 'ERROR' })
  expect(fired.deliveries.map((delivery) => delivery.status)).toEqual([200])

  await page.goto(consoleUrl)
  const shell = new ConsoleShell(page)
  const banner = page.getByTestId('bank-banner')
  await expect(banner).toContainText('First Platypus Bank needs you to log in again', { timeout: 15_000 })
  for (const view of ['Inbox', 'Bookings', 'Reconciliation', 'Settings']) {
    await shell.nav(view).click()
    await expect(banner).toBeVisible()
  }
  await expect(page.getByRole('listitem', { name: 'First Platypus Bank' })).toHaveAttribute('data-status', 'login_required')

  // Update mode: Link asks for the same bank's login again; the relay hears LOGIN_REPAIRED and syncs.
  await completeLink(context, () => banner.getByRole('button', { name: 'Reconnect First Platypus Bank' }).click(), { title: 'Log in to First Platypus Bank again' })
  await expect(page.getByTestId('bank-link-status')).toHaveAttribute('data-state', 'reconnected', { timeout: 20_000 })
  await expect(banner).toBeHidden()
  await expect(page.getByRole('listitem', { name: 'First Platypus Bank' })).toHaveAttribute('data-status', 'good')
  await expect.poll(async () => (await sandbox.control.plaid.item(itemId)).loginRequired).toBe(false)
})

test('removing a bank asks first, then stops every sync for it', async ({ page, consoleUrl, relay }) => {
  const sandbox = sandboxOf(relay)
  const itemId = sandbox.plaidItemId!
  const { section } = await openBankSettings(page, consoleUrl)
  const bank = section.getByRole('listitem', { name: 'First Platypus Bank' })
  await bank.getByRole('button', { name: 'Remove…' }).click()
  const confirm = bank.getByRole('alertdialog', { name: 'Remove First Platypus Bank?' })
  await confirm.getByRole('button', { name: 'Keep it' }).click()
  await expect(bank).toBeVisible()
  await bank.getByRole('button', { name: 'Remove…' }).click()
  await confirm.getByRole('button', { name: 'Remove bank' }).click()
  await expect(section.getByTestId('bank-empty')).toBeVisible()
  await expect.poll(async () => (await sandbox.control.plaid.item(itemId)).removed).toBe(true)

  // New activity at the bank reaches nobody: Plaid sends no webhook and the relay never syncs it.
  const syncCalls = (await sandbox.control.plaid.item(itemId)).syncCalls
  await sandbox.control.plaid.transactions({ item_id: itemId, added: [buildPlaidTransaction({ transactionId: 'after_removal', amount: -100, date: localDay(0), name: 'Zelle payment' })] })
  const fired = await sandbox.control.plaid.fireWebhook({ item_id: itemId })
  expect(fired.deliveries).toEqual([])
  await page.reload()
  await new ConsoleShell(page).nav('Settings').click()
  await expect(page.getByTestId('bank-empty')).toBeVisible()
  expect((await sandbox.control.plaid.item(itemId)).syncCalls).toBe(syncCalls)
  const observer = await pairedRelayClient(relay)
  expect((await observer.documents<Doc>('transactions')).some((transaction) => transaction.id === 'after_removal')).toBe(false)
})

test.describe('in demo mode', () => {
  test.use({ relayEnv: { RELAY_DEMO: '1' }, autoPairOwner: true })

  test('Link comes from the Plaid simulator’s stand-in without any routing, as in the offline demo', async ({ page, context, consoleUrl }) => {
    // No route to Plaid's CDN here: the console's Link host serves the stand-in itself.
    const { section } = await openBankSettings(page, consoleUrl)
    await completeLink(context, () => section.getByRole('button', { name: /Connect (another|a) bank/ }).click(), { bank: 'Tartan Bank' })
    await expect(page.getByTestId('bank-link-status')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 })
    await expect(section.getByRole('listitem', { name: 'Tartan Bank' })).toContainText('Business Checking ••4321')
  })
})
