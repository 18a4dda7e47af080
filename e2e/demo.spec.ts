/**
 * The main job on its embedded defaults: a relay on the built-in sandbox with the demo business,
 * the console paired as the owner, and the demo scenario played through the provider simulators.
 */
import { playScenario, readSandboxAddresses } from '../server/src/demo/scenario-player'
import { expect, test } from './fixtures'
import { ConsoleShell } from './pages/console-shell'

test.use({ relayEnv: { RELAY_DEMO: '1' }, autoPairOwner: true })

test('the demo scenario shows up in the console', async ({ page, consoleUrl, relay }) => {
  const shell = new ConsoleShell(page)
  await page.goto(consoleUrl)
  await expect(page.getByTestId('demo-badge')).toHaveText('Demo mode')
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-sync', 'synced')

  const sandbox = readSandboxAddresses(relay.dataDir)
  expect(sandbox, 'the demo relay publishes its sandbox addresses').not.toBeNull()
  await playScenario('everything', sandbox!)

  // A caller who has a booking: the Live view names them and shows their party.
  await expect(page.getByRole('list').getByText('Robert Okafor')).toBeVisible({ timeout: 20_000 })

  // The text inquiry was answered by the agent with the right quote (30 adults in Fremont).
  await shell.nav('Inbox').click()
  await expect(page.locator('[data-testid^="thread-"]').first()).toBeVisible({ timeout: 20_000 })
  await page.locator('[data-testid^="thread-"]', { hasText: /1,650|hibachi|30 adults/i }).first().click()
  await expect(page.locator('.message-agent').filter({ hasText: '$1,650' }).first()).toBeVisible({ timeout: 20_000 })

  // The bank batch landed in the reconciliation queue: some sure, some for review, a stranger unmatched.
  await shell.nav('Reconciliation').click()
  await expect(page.locator('[data-testid^="match-"]').first()).toBeVisible({ timeout: 20_000 })
  await expect(page.getByTestId('report-review')).not.toHaveText(/^0/)

  // Stripe deposits mark the bookings paid.
  await shell.nav('Bookings').click()
  await expect(page.getByTestId('booking-bk_whitfield')).toContainText('Deposit paid', { timeout: 20_000 })
  await expect(page.getByTestId('booking-bk_whitfield')).toContainText('$100.00')
})
