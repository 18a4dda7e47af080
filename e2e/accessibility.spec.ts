/**
 * Every view passes an automated accessibility audit (axe-core, WCAG 2.x A and AA rules) with the
 * demo business and the demo scenario's calls, texts and bank deposits present: no serious or
 * critical findings. Also the needs-attention panel and an open booking page, where the most
 * controls are.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { playScenario, readSandboxAddresses } from '../server/src/demo/scenario-player'
import { expect, test } from './fixtures'
import { ConsoleShell } from './pages/console-shell'

test.use({ relayEnv: { RELAY_DEMO: '1' }, autoPairOwner: true })

async function seriousFindings(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      where,
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
    }))
}

test('every view has no serious or critical accessibility findings, with demo data present', async ({ page, consoleUrl, relay }) => {
  test.setTimeout(300_000)
  const shell = new ConsoleShell(page)
  await page.goto(consoleUrl)
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-sync', 'synced')
  const sandbox = readSandboxAddresses(relay.dataDir)
  expect(sandbox, 'the demo relay publishes its sandbox addresses').not.toBeNull()
  await playScenario('everything', sandbox!)
  await expect(page.getByRole('list').getByText('Robert Okafor')).toBeVisible({ timeout: 20_000 })

  const findings = []
  for (const label of shell.viewLabels) {
    await shell.nav(label).click()
    await expect(shell.heading()).toHaveText(label)
    if (label === 'Inbox') await expect(page.locator('[data-testid^="thread-"]').first()).toBeVisible({ timeout: 20_000 })
    if (label === 'Reconciliation') await expect(page.locator('[data-testid^="match-"]').first()).toBeVisible({ timeout: 20_000 })
    if (label === 'Activity') await expect(page.getByText(/Loading/)).toBeHidden()
    findings.push(...(await seriousFindings(page, label)))
  }
  // The busiest screens: an open booking with its timeline, and the needs-attention panel.
  await shell.nav('Bookings').click()
  await page.locator('[data-testid^="booking-bk_"]').first().getByRole('button').first().click()
  await expect(page.getByTestId('booking-page')).toBeVisible()
  findings.push(...(await seriousFindings(page, 'Booking page')))
  await page.getByTestId('attention-count').click()
  await expect(page.getByTestId('attention-panel')).toBeVisible()
  findings.push(...(await seriousFindings(page, 'Needs attention')))

  expect(findings).toEqual([])
})
