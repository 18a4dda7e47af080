/**
 * The owner's tools in the console, against a real relay: a booking made from scratch, then
 * rescheduled, re-priced and cancelled under the deposit policy; the Customers view (search by
 * any phone formatting, a long list rendered in part, the profile, notes, a merge and its undo);
 * an escalated text announced as a toast with counts on the navigation, all by keyboard too.
 */
import { addDays, format } from 'date-fns'
import { demoBusinessProfile } from '../src/domain/business-profile'
import { expect, test } from './fixtures'
import { ConsoleShell } from './pages/console-shell'
import { createPairingCode, pairedRelayClient, relayFacts } from './relay-client'

type Doc = Record<string, unknown> & { id: string }
const now = () => new Date().toISOString()
const created = (documents: Doc[]) => documents.map((document) => ({ assumedMasterState: null, newDocumentState: { ...document, _deleted: false } }))
const day = (days: number) => format(addDays(new Date(), days), 'yyyy-MM-dd')

function customer(id: string, name: string, phone: string | null, email: string | null = null): Doc {
  return { id, updatedAt: now(), name, phone, email, notes: '', smsOptOut: false, createdAt: now(), alsoPaysAs: [], mergedInto: null, mergedAt: null, mergedBy: null }
}

test('a booking from scratch, rescheduled, re-priced and cancelled under the deposit policy', async ({ page, consoleUrl, relay }) => {
  const observer = await pairedRelayClient(relay)
  expect(await observer.push('settings', created([demoBusinessProfile(now())]))).toEqual([])
  await page.goto(consoleUrl)
  const shell = new ConsoleShell(page)
  await shell.pair(createPairingCode(relay, 'owner'), 'Owner laptop')
  await shell.nav('Bookings').click()

  // No bookings yet: the empty state offers a new one.
  await page.getByRole('main').getByRole('button', { name: 'New booking' }).click()
  const dialog = page.getByRole('dialog', { name: 'New booking' })
  await dialog.getByLabel('Customer name').fill('Grace Park')
  await dialog.getByLabel('Phone').fill('408.555.0123')
  await dialog.getByLabel('Date', { exact: true }).fill(day(20))
  await dialog.getByLabel('Start time (optional)').fill('17:30')
  await dialog.getByLabel('Adults').fill('20')
  await dialog.getByLabel('Travel fee, $').fill('0')
  // Ctrl+Enter creates and confirms: the relay plans the texts.
  await dialog.getByLabel('Travel fee, $').press('Control+Enter')
  await expect(dialog).toBeHidden()
  const bookingPage = page.getByTestId('booking-page')
  await expect(bookingPage).toContainText('$1,100.00')

  // R reschedules: a week later at lunch; the change is previewed, then saved and on the timeline as this console.
  await page.keyboard.press('r')
  const reschedule = page.getByRole('dialog', { name: /Reschedule Grace Park/ })
  await expect(reschedule.getByLabel('Date', { exact: true })).toBeFocused()
  await reschedule.getByLabel('Date', { exact: true }).fill(day(27))
  await reschedule.getByLabel('Start time (optional)').fill('12:00')
  await expect(reschedule.getByTestId('edit-preview')).toContainText('Rescheduled from')
  await expect(reschedule).toContainText('The relay moves the reminder texts to the new date.')
  await reschedule.getByRole('button', { name: 'Save changes' }).click()
  await expect(reschedule).toBeHidden()
  await expect(bookingPage.getByTestId('timeline-entry').filter({ hasText: 'Rescheduled from' })).toContainText('Owner laptop')

  // E edits: more guests are re-priced from the business's prices.
  await page.keyboard.press('e')
  const edit = page.getByRole('dialog', { name: /Edit Grace Park/ })
  await edit.getByLabel('Adults').fill('30')
  await expect(edit.getByTestId('edit-preview')).toContainText('Re-priced $1,100.00 → $1,650.00')
  // Esc leaves without saving; the booking is as it was.
  await edit.getByLabel('Adults').press('Escape')
  await expect(edit).toBeHidden()
  await expect(bookingPage).toContainText('$1,100.00')
  await page.keyboard.press('e')
  await page.getByRole('dialog', { name: /Edit Grace Park/ }).getByLabel('Adults').fill('30')
  await page.getByRole('dialog', { name: /Edit Grace Park/ }).getByLabel('Adults').press('Enter')
  await expect(bookingPage).toContainText('$1,650.00')

  const stored = async () => (await observer.documents<{ id: string; eventDate: string; eventTime: string; totalCents: number; timeline: { text: string; by: string | null }[] }>('bookings'))[0]!
  await expect.poll(async () => (await stored()).totalCents).toBe(165_000)
  expect(await stored()).toMatchObject({ eventDate: day(27), eventTime: '12:00' })

  // Cancelling says what the deposit policy means before it is done; the relay records it.
  await bookingPage.getByRole('button', { name: 'Cancel booking' }).click()
  await expect(bookingPage.getByRole('alertdialog')).toContainText('Nothing was paid, so nothing is owed back.')
  await bookingPage.getByRole('button', { name: 'Yes, cancel it' }).click()
  await expect(bookingPage.getByTestId('booking-status')).toHaveText('Cancelled')
  await expect.poll(async () => (await stored()).timeline.map((entry) => entry.text)).toContain('Deposit policy: Nothing was paid, so nothing is owed back.')
})

test('the Customers view finds people however the number is typed, keeps notes, and merges duplicates with an undo', async ({ page, consoleUrl, relay }) => {
  const crowd = Array.from({ length: 400 }, (_, index) => customer(`cus_${String(index).padStart(3, '0')}`, `Guest ${String(index).padStart(3, '0')}`, `+1650555${String(1000 + index)}`))
  await relayFacts(relay).put('customers', [
    ...crowd,
    customer('cus_maria', 'Maria Lopez', '+14085550199', 'maria@example.com'),
    customer('cus_maria_work', 'Maria Lopez', '+14085550111'),
  ])
  await relayFacts(relay).put('conversations', [
    { id: 'conv_work', customerPhone: '+14085550111', customerId: 'cus_maria_work', needsHuman: false, lastMessageAt: now(), messages: [{ id: 'in-1', direction: 'inbound', author: 'customer', text: 'Texting from my work phone', at: now(), status: 'received' }] },
  ])
  const observer = await pairedRelayClient(relay)
  await page.goto(consoleUrl)
  const shell = new ConsoleShell(page)
  await shell.pair(createPairingCode(relay, 'owner'), 'Owner laptop')
  await page.keyboard.press('Control+4')
  await expect(shell.heading()).toHaveText('Customers')
  await expect(page.getByTestId('customer-count')).toHaveText('402 customers')
  // Only the rows in view are in the page.
  expect(await page.getByRole('option').count()).toBeLessThan(60)

  // "/" searches; a number typed with dots finds her.
  await page.keyboard.press('/')
  await expect(page.getByLabel('Search customers')).toBeFocused()
  await page.keyboard.type('408.555.0199')
  await expect(page.getByTestId('customer-count')).toHaveText('1 customer')
  const profile = page.getByTestId('customer-profile')
  await expect(profile.getByRole('heading', { name: 'Maria Lopez' })).toBeVisible()
  await expect(profile).toContainText('maria@example.com')

  // Notes are saved to the relay.
  await profile.getByLabel('Notes').fill('Prefers texts after 5 pm')
  await profile.getByLabel('Notes').press('Control+Enter')
  await expect(profile.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible()
  await expect
    .poll(async () => (await observer.documents<{ id: string; notes: string }>('customers')).find((each) => each.id === 'cus_maria')?.notes)
    .toBe('Prefers texts after 5 pm')

  // Merge the work-phone record into her: the evidence is shown, Esc backs out, Enter merges.
  await profile.getByRole('button', { name: /Merge a duplicate into Maria Lopez/ }).click()
  let merge = page.getByRole('dialog', { name: /Merge a duplicate/ })
  await expect(merge.getByLabel('Find the duplicate')).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(merge).toBeHidden()
  await profile.getByRole('button', { name: /Merge a duplicate into Maria Lopez/ }).click()
  merge = page.getByRole('dialog', { name: /Merge a duplicate/ })
  await merge.getByLabel('Find the duplicate').fill('555-0111')
  await merge.getByRole('radio', { name: /Maria Lopez/ }).check()
  await expect(merge.getByTestId('merge-evidence')).toHaveText('Both records have the same name.')
  await merge.getByRole('button', { name: 'Merge', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Merged Maria Lopez into Maria Lopez.' })).toBeVisible()

  // The relay re-links the thread and records who merged; the profile shows both.
  const threadOwner = async () => (await observer.documents<{ id: string; customerId: string | null }>('conversations')).find((each) => each.id === 'conv_work')?.customerId
  await expect.poll(threadOwner).toBe('cus_maria')
  await expect(profile.getByTestId('merged-cus_maria_work')).toContainText('by Owner laptop')
  await expect(profile.getByRole('list', { name: 'Text threads' })).toContainText('(408) 555-0111')
  await expect(profile.getByRole('list', { name: 'Also pays as' })).toHaveCount(0)

  // Undo from the toast: the thread goes back.
  await page.getByRole('button', { name: 'Undo', exact: true }).click()
  await expect.poll(threadOwner).toBe('cus_maria_work')
  await expect(profile.getByTestId('merged-cus_maria_work')).toHaveCount(0)
})

test('an escalated text raises a toast and counts on the navigation; the keyboard opens it', async ({ page, consoleUrl, relay }) => {
  // A business that is set up: the agent answers ordinary texts itself (without one, every text needs a person).
  const owner = await pairedRelayClient(relay)
  expect(await owner.push('settings', created([demoBusinessProfile(now())]))).toEqual([])
  await page.goto(consoleUrl)
  const shell = new ConsoleShell(page)
  await shell.pair(createPairingCode(relay, 'frontdesk'), 'Front desk')
  await shell.nav('Bookings').click()

  const at = now()
  await relayFacts(relay).put('conversations', [
    {
      id: 'conv_angry', customerPhone: '+14085550177', customerId: null, needsHuman: true, lastMessageAt: at,
      messages: [
        { id: 'rc-angry', direction: 'inbound', author: 'customer', text: 'I want to speak to a manager about my refund', at, status: 'received' },
        { id: 'ag-rc-angry', direction: 'outbound', author: 'agent', text: 'A team member will text you shortly.', at, status: 'draft' },
      ],
    },
    {
      id: 'conv_quiet', customerPhone: '+14085550188', customerId: null, needsHuman: false, lastMessageAt: at,
      messages: [{ id: 'rc-quiet', direction: 'inbound', author: 'customer', text: 'Thanks!', at, status: 'received' }],
    },
  ])

  const notice = page.getByTestId('escalation-notice')
  await expect(notice).toHaveCount(1)
  await expect(notice).toContainText('(408) 555-0177 needs a person')
  await expect(notice).toContainText('I want to speak to a manager about my refund')
  const inbox = shell.nav('Inbox')
  await expect(page.getByTestId('nav-count-inbox-urgent')).toHaveText('1')
  await expect(page.getByTestId('nav-count-inbox')).toHaveText('2')
  await expect(inbox).toHaveAccessibleDescription('1 needs a person, 2 unread')

  // The toast's button is reachable by keyboard and opens the thread, which is then read.
  await notice.getByRole('button', { name: 'Open thread' }).focus()
  await page.keyboard.press('Enter')
  await expect(shell.heading()).toHaveText('Inbox')
  await expect(page.getByTestId('thread-conv_angry')).toHaveAttribute('aria-selected', 'true')
  await expect(notice).toHaveCount(0)
  await expect(page.getByTestId('nav-count-inbox')).toHaveText('1')
  await page.getByTestId('thread-conv_quiet').click()
  await expect(page.getByTestId('nav-count-inbox')).toHaveCount(0)
  await expect(page.getByTestId('nav-count-inbox-urgent')).toHaveText('1')
})
