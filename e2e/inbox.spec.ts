import { expect, test } from './fixtures'
import { ConsoleShell } from './pages/console-shell'
import { createPairingCode, pairedRelayClient, relayFacts } from './relay-client'

type Message = { id: string; author: string; text: string; status: string }
type Thread = { id: string; customerId: string | null; messages: Message[]; needsHuman: boolean; handledAt?: string | null }

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
    await expect(threads.first()).toContainText('(408) 555-0199')
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

  test('one state at a time: needs a person → replied → handled with undo; cards act as in Live; "Create customer" links the thread', async ({
    page,
    consoleUrl,
    relay,
  }) => {
    const otherDevice = await pairedRelayClient(relay)
    const thread = threadWithDraft('+15105550188', 3)
    const suggestion = (id: string, kind: string, title: string, text: string) => ({
      id, updatedAt: new Date().toISOString(), callId: null, conversationId: thread.id, kind, title, text, status: 'open',
      createdAt: new Date().toISOString(), _deleted: false,
    })
    await relayFacts(relay).put('conversations', [thread])
    await relayFacts(relay).put('suggestions', [
      suggestion('esc-conv-15105550188', 'next_step', 'Asked for a person', 'The customer asked to speak to a human.'),
      suggestion('sg-take-over', 'next_step', 'Next step: Take over', 'Call the customer back and take over the conversation.'),
      suggestion('sg-parking', 'faq', 'Parking', 'We need about 10 feet of space for the grill, on a driveway or patio.'),
    ])
    await page.goto(consoleUrl)
    await new ConsoleShell(page).pair(createPairingCode(relay, 'frontdesk'), 'Front desk')
    await new ConsoleShell(page).nav('Inbox').click()

    // One phone format; the state badge, the banner and the cards agree.
    const item = page.getByTestId(`thread-${thread.id}`)
    await expect(item).toContainText('(510) 555-0188')
    await expect(item).toContainText('Needs a person')
    await expect(item).not.toContainText('New')
    const pane = page.getByRole('region', { name: 'Conversation with (510) 555-0188' })
    await expect(pane.getByRole('heading', { name: '(510) 555-0188' })).toBeVisible()
    await expect(pane.getByTestId('escalation-banner')).toContainText('Asked for a person')
    // The staff instruction is marked and offers nothing to send; the answer has Live's actions.
    const takeOver = pane.getByTestId('inbox-suggestion-sg-take-over')
    await expect(takeOver).toContainText('For staff')
    await expect(takeOver.getByRole('button')).toHaveCount(0)
    const parking = pane.getByTestId('inbox-suggestion-sg-parking')
    await expect(parking.getByRole('button', { name: 'Copy' })).toBeEnabled()

    // Send shows the exact text and who gets it first.
    await parking.getByRole('button', { name: 'Send…' }).click()
    await expect(parking.getByTestId('send-text-recipient')).toHaveText('(510) 555-0188')
    await expect(parking.getByTestId('send-text-body')).toHaveValue('We need about 10 feet of space for the grill, on a driveway or patio.')
    await parking.getByRole('button', { name: 'Send text' }).click()
    await expect
      .poll(async () => (await otherDevice.documents<Thread>('conversations')).find((t) => t.id === thread.id)?.messages.filter((m) => m.author === 'staff').map((m) => m.text))
      .toEqual(['We need about 10 feet of space for the grill, on a driveway or patio.'])

    // Replied: the badge says so, the banner is a quiet line, "Take over" is gone.
    await expect(item).toContainText('Replied')
    await expect(item).not.toContainText('Needs a person')
    await expect(pane.getByTestId('escalation-banner')).toContainText('you replied')
    await expect(pane.getByTestId('inbox-suggestion-sg-take-over')).toHaveCount(0)

    // Mark handled: feedback, the state follows, and undo puts it back.
    await pane.getByRole('button', { name: 'Mark handled' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Marked the conversation with (510) 555-0188 handled.' })).toBeVisible()
    await expect(item).toContainText('Handled')
    await expect(pane.getByTestId('escalation-banner')).toHaveCount(0)
    await expect(pane.getByRole('button', { name: 'Mark handled' })).toHaveCount(0)
    const stored = async () => (await otherDevice.documents<Thread>('conversations')).find((t) => t.id === thread.id)
    await expect.poll(async () => typeof (await stored())?.handledAt).toBe('string')
    expect((await stored())?.needsHuman).toBe(false)
    await page.getByRole('button', { name: 'Undo' }).click()
    await expect(item).toContainText('Replied')
    await expect.poll(async () => (await stored())?.handledAt ?? null).toBeNull()

    // A number with no record: "Create customer"; the relay links the thread to it.
    await pane.getByRole('button', { name: 'Create customer' }).click()
    const dialog = page.getByRole('dialog', { name: 'Create customer' })
    await dialog.getByLabel('Name').fill('Dana Whitfield')
    await dialog.getByLabel('Name').press('Enter')
    await expect(dialog).toBeHidden()
    await expect(item).toContainText('Dana Whitfield')
    const named = page.getByRole('region', { name: 'Conversation with Dana Whitfield' })
    await expect(named.getByRole('heading', { name: 'Dana Whitfield' })).toBeVisible()
    await expect(named).toContainText('(510) 555-0188')
    await expect(named.getByRole('button', { name: 'Create customer' })).toHaveCount(0)
    await expect
      .poll(async () => {
        const customer = (await otherDevice.documents<{ id: string; phone: string | null }>('customers')).find((c) => c.phone === '+15105550188')
        return customer !== undefined && (await stored())?.customerId === customer.id
      }, { timeout: 15_000 })
      .toBe(true)
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
