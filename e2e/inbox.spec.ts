import { expect, test } from './fixtures'
import { ConsoleShell } from './pages/console-shell'
import { createPairingCode, pairedRelayClient, relayFacts } from './relay-client'

type Message = { id: string; author: string; text: string; status: string }
type Thread = { id: string; messages: Message[]; needsHuman: boolean }

/** A thread as the relay keeps it after the agent drafted an answer for staff. */
function threadWithDraft(phone: string, minutesAgo: number) {
  const at = (offsetSeconds: number) => new Date(Date.now() - minutesAgo * 60_000 + offsetSeconds * 1000).toISOString()
  const digits = phone.slice(1)
  return {
    id: `conv-${digits}`,
    updatedAt: at(0),
    customerPhone: phone,
    customerId: null,
    needsHuman: true,
    lastMessageAt: at(1),
    messages: [
      { id: `rc-${digits}`, direction: 'inbound', author: 'customer', text: 'I want to speak to a human', at: at(0), status: 'received' },
      { id: `ag-rc-${digits}`, direction: 'outbound', author: 'agent', text: 'A team member will text you shortly.', at: at(1), status: 'draft' },
    ],
    _deleted: false,
  }
}

test.describe('Inbox', () => {
  test('says what will appear before any text arrives', async ({ page, consoleUrl, relay }) => {
    await page.goto(consoleUrl)
    await new ConsoleShell(page).pair(createPairingCode(relay, 'frontdesk'), 'Front desk')
    await new ConsoleShell(page).nav('Inbox').click()
    await expect(page.getByTestId('view-inbox')).toContainText('No text conversations yet')
  })

  test('staff edit and send the agent’s draft; the relay receives it queued for sending', async ({ page, consoleUrl, relay }) => {
    const otherDevice = await pairedRelayClient(relay)
    const older = threadWithDraft('+16505550111', 30)
    const newer = threadWithDraft('+14085550199', 5)
    await relayFacts(relay).put('conversations', [older, newer])

    await page.goto(consoleUrl)
    await new ConsoleShell(page).pair(createPairingCode(relay, 'frontdesk'), 'Front desk')
    await new ConsoleShell(page).nav('Inbox').click()

    // Latest first, flagged for a person, and ↑/↓ move between threads.
    const threads = page.getByRole('listbox', { name: 'Conversations' }).getByRole('option')
    await expect(threads).toHaveCount(2)
    await expect(threads.first()).toContainText('+14085550199')
    await expect(threads.first()).toContainText('Needs a person')
    await expect(threads.first()).toHaveAttribute('aria-selected', 'true')
    await threads.first().click()
    await page.keyboard.press('ArrowDown')
    await expect(threads.nth(1)).toHaveAttribute('aria-selected', 'true')
    await page.keyboard.press('ArrowUp')
    await expect(threads.first()).toHaveAttribute('aria-selected', 'true')

    const draft = page.getByTestId('message-ag-rc-14085550199')
    await expect(draft).toHaveAttribute('data-status', 'draft')
    await draft.getByLabel('Draft reply').fill('Kenji will call you within 10 minutes.')
    await draft.getByRole('button', { name: 'Send draft' }).click()
    await expect(draft).not.toHaveAttribute('data-status', 'draft')
    await expect(draft).toContainText('Kenji will call you within 10 minutes.')

    await expect
      .poll(async () => {
        const stored = (await otherDevice.documents<Thread>('conversations')).find((thread) => thread.id === newer.id)
        const message = stored?.messages.find((m) => m.id === 'ag-rc-14085550199')
        return message && { author: message.author, text: message.text, sent: ['queued', 'sent'].includes(message.status) }
      })
      .toEqual({ author: 'staff', text: 'Kenji will call you within 10 minutes.', sent: true })

    // A typed reply goes the same way; Ctrl+Enter sends it.
    await page.getByLabel('Reply to the customer').fill('See you Saturday!')
    await page.getByLabel('Reply to the customer').press('Control+Enter')
    await expect(page.getByLabel('Reply to the customer')).toHaveValue('')
    await expect
      .poll(async () => {
        const stored = (await otherDevice.documents<Thread>('conversations')).find((thread) => thread.id === newer.id)
        return stored?.messages.filter((m) => m.author === 'staff').map((m) => m.text)
      })
      .toEqual(['Kenji will call you within 10 minutes.', 'See you Saturday!'])
  })

  test('disables replies to a customer who opted out, and says why', async ({ page, consoleUrl, relay }) => {
    const otherDevice = await pairedRelayClient(relay)
    const thread = threadWithDraft('+14085550199', 5)
    const now = new Date().toISOString()
    // The thread and the opt-out (the customer replied STOP) are the relay's records.
    await relayFacts(relay).put('conversations', [thread])
    await relayFacts(relay).put('customers', [{ id: 'cust-14085550199', name: 'Maria Lopez', phone: '+14085550199', email: null, notes: '', smsOptOut: true, createdAt: now }])
    await page.goto(consoleUrl)
    await new ConsoleShell(page).pair(createPairingCode(relay, 'frontdesk'), 'Front desk')
    await new ConsoleShell(page).nav('Inbox').click()
    await expect(page.getByRole('option').first()).toContainText('Opted out')
    await expect(page.getByRole('status').filter({ hasText: 'opted out of texts' })).toBeVisible()
    await expect(page.getByLabel('Reply to the customer')).toBeDisabled()
    await expect(page.getByRole('button', { name: 'Send draft' })).toBeDisabled()
  })
})
