/**
 * A real business set up without editing files: on a relay with no business settings (not the
 * demo), a customer's text waits for staff and the owner is asked to finish the setup; the owner
 * fills in the business in Settings (every field checked, a live quote preview), saves, and the
 * next customer is quoted in the new business's prices.
 */
import { sandboxControl } from '../server/sandbox/control-client'
import { readSandboxAddresses } from '../server/src/demo/scenario-player'
import { expect, test } from './fixtures'
import { ConsoleShell } from './pages/console-shell'

test.use({ autoPairOwner: true })

test('the owner sets up the business in Settings, and the next customer is quoted its prices', async ({ page, consoleUrl, relay }) => {
  const sandbox = readSandboxAddresses(relay.dataDir)
  expect(sandbox, 'the relay runs its providers on the built-in sandbox').not.toBeNull()
  const customer = sandboxControl(sandbox!.urls).ringcentral
  const shell = new ConsoleShell(page)
  await page.goto(consoleUrl)
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-sync', 'synced')

  // Not set up: the text waits for staff with a neutral draft, and one item asks to finish the setup.
  await customer.inboundSms({ from: '+19165550177', text: 'How much for 30 adults in Sacramento?' })
  await shell.nav('Inbox').click()
  await page.locator('[data-testid^="thread-"]').first().click()
  await expect(page.locator('[data-status="draft"]')).toContainText('Someone from our team will get back to you shortly')
  await expect(page.getByTestId('attention-count')).toHaveAttribute('data-count', '1')
  await page.getByTestId('attention-count').click()
  await expect(page.getByTestId('attention-panel')).toContainText('Finish setting up the business')
  await page.getByRole('button', { name: 'Set up the business' }).click()

  // Saving an empty form names what to fix, field by field.
  const form = page.getByRole('form', { name: 'Set up your business' })
  await form.getByRole('button', { name: 'Save and start answering' }).click()
  await expect(form.getByTestId('business-errors')).toContainText('fields need a fix')
  await expect(form.getByText('Enter the business name customers know you by')).toBeVisible()
  await expect(form.getByText('Enter the 5-digit ZIP code of your base')).toBeVisible()
  await expect(form.getByLabel('Business name')).toBeFocused()

  await form.getByLabel('Business name').fill("Teppan Tom's Hibachi")
  await form.getByLabel('Phone customers call').fill('(916) 555-0142')
  await form.getByLabel('Time zone').fill('America/Los_Angeles')
  await form.getByLabel('City of your base').fill('Sacramento')
  await form.getByLabel('State').fill('CA')
  await form.getByLabel('ZIP code of your base').fill('9581')
  await form.getByLabel('Service area, miles').fill('60')
  await form.getByLabel('Free travel, miles').fill('20')
  await form.getByLabel('Charge per mile beyond, $').fill('1.50')
  await form.getByLabel('Price per adult, $').fill('62.50')
  await form.getByLabel('Price per child, $').fill('35')
  await form.getByLabel('Child price from age').fill('4')
  await form.getByLabel('Child price up to age').fill('11')
  await form.getByLabel('Party minimum, $').fill('700')
  await form.getByLabel('Deposit to hold a date, $').fill('150')
  await form.getByLabel('Slot name').fill('Evening')
  await form.getByLabel('Starts at').fill('18:00')
  await form.getByLabel('Parties at once').fill('2')

  // The preview quotes the sample party (20 adults, 5 children, 40 miles) as it is typed.
  const preview = form.getByTestId('quote-preview')
  await expect(preview).toHaveText(
    '20 adults and 5 children, 40 miles away: food $1,425.00, travel $30.00, total $1,455.00; $150.00 deposit holds the date.',
  )
  await form.getByLabel('Adults').fill('6')
  await form.getByLabel('Children').fill('0')
  await form.getByLabel('Miles from your base').fill('10')
  await expect(preview).toContainText('food $700.00 (party minimum), travel $0.00, total $700.00')

  // The one field still wrong keeps the save back, with its message.
  await form.getByRole('button', { name: 'Save and start answering' }).click()
  await expect(form.getByTestId('business-errors')).toHaveText('One field needs a fix before saving.')
  await form.getByLabel('ZIP code of your base').fill('95814')
  await form.getByRole('button', { name: 'Save and start answering' }).click()

  await expect(page.getByTestId('business-summary')).toContainText("Teppan Tom's Hibachi in Sacramento, CA: $62.50 per adult")
  await expect(page.getByTestId('attention-count')).toHaveAttribute('data-count', '0')

  // The next customer gets the new business's quote: 30 adults × $62.50, no travel from its own base.
  await customer.inboundSms({ from: '+19165550188', text: 'How much for 30 adults in Sacramento 95814?' })
  await shell.nav('Inbox').click()
  await page.locator('[data-testid^="thread-"]', { hasText: '(916) 555-0188' }).first().click()
  await expect(page.locator('.message-agent').filter({ hasText: '$1,875' }).first()).toBeVisible({ timeout: 20_000 })
})
