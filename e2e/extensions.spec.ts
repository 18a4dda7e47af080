/**
 * Extensions against a real relay: one person is first for escalations (choosing another moves
 * it, with undo), and hours and phones read the same in the table and the form.
 */
import { expect, test } from './fixtures'
import { ConsoleShell } from './pages/console-shell'
import { createPairingCode, pairedRelayClient } from './relay-client'

type StoredExtension = { id: string; employeeName: string; isPrimary: boolean; _deleted?: boolean }

function extension(id: string, extensionNumber: string, employeeName: string, overrides: Record<string, unknown> = {}) {
  return {
    id, extensionNumber, ringCentralExtensionId: null, employeeName, role: 'frontdesk', status: 'available',
    workingHours: [], isPrimary: false, alertPhone: null, ...overrides,
  }
}

test('exactly one extension is first for escalations: choosing another moves it, with undo', async ({ page, consoleUrl, relay }) => {
  const owner = await pairedRelayClient(relay)
  await owner.upsert('extensions', extension('ext_kenji', '101', 'Kenji Sato', {
    role: 'owner', isPrimary: true, alertPhone: '+15105550111',
    workingHours: [{ weekday: 5, start: '18:00', end: '02:00' }, { weekday: 1, start: '09:00', end: '17:00' }],
  }))
  await owner.upsert('extensions', extension('ext_maya', '102', 'Maya Chen'))
  const primaries = async () => (await owner.documents<StoredExtension>('extensions')).filter((e) => !e._deleted && e.isPrimary).map((e) => e.employeeName)

  await page.goto(consoleUrl)
  const shell = new ConsoleShell(page)
  await shell.pair(createPairingCode(relay, 'owner'))
  await shell.nav('Extensions').click()
  const kenji = page.getByTestId('extension-101')
  const maya = page.getByTestId('extension-102')

  // One clock format and one phone format; overnight hours say they end the next day.
  await expect(kenji).toContainText('Mon 9:00 AM – 5:00 PM, Fri 6:00 PM – 2:00 AM (next day)')
  await expect(kenji).toContainText('(510) 555-0111')
  await kenji.getByRole('button', { name: 'Edit' }).click()
  const form = page.getByRole('form', { name: 'Edit extension 101' })
  await expect(form.getByLabel('Phone for alerts (optional)')).toHaveValue('(510) 555-0111')
  await expect(form.getByTestId('overnight-5')).toHaveText('runs past midnight, until 2:00 AM on Saturday')
  await expect(form.getByTestId('overnight-1')).toHaveCount(0)
  // The only primary cannot simply be unticked: someone else has to be chosen.
  await expect(form.getByLabel('First for escalations')).toBeDisabled()
  await form.getByRole('button', { name: 'Cancel' }).click()

  // Making Maya first moves it from Kenji in one step, on the relay too.
  await expect(kenji.getByTestId('primary-cell')).toHaveText('Primary')
  await maya.getByRole('button', { name: 'Make Maya Chen first for escalations' }).click()
  await expect(maya.getByTestId('primary-cell')).toHaveText('Primary')
  await expect(kenji.getByTestId('primary-cell')).not.toHaveText('Primary')
  await expect(page.getByRole('status').filter({ hasText: 'Maya Chen is now first for escalations, instead of Kenji Sato.' })).toBeVisible()
  await expect.poll(primaries, { timeout: 15_000 }).toEqual(['Maya Chen'])

  // Undo puts it back.
  await page.getByRole('button', { name: 'Undo' }).click()
  await expect(kenji.getByTestId('primary-cell')).toHaveText('Primary')
  await expect(maya.getByTestId('primary-cell')).not.toHaveText('Primary')
  await expect.poll(primaries, { timeout: 15_000 }).toEqual(['Kenji Sato'])

  // Ticking "First for escalations" on a new extension says it moves, and does.
  const add = page.getByRole('form', { name: 'Add an extension' })
  await add.getByLabel('Extension number').fill('103')
  await add.getByLabel('Employee name').fill('Jo Park')
  await add.getByLabel('First for escalations').check()
  await expect(add.getByTestId('primary-hint')).toHaveText('Saving moves this from Kenji Sato (101): one person is first, the others are tried in turn.')
  await add.getByRole('button', { name: 'Add extension' }).click()
  await expect(page.getByTestId('extension-103').getByTestId('primary-cell')).toHaveText('Primary')
  await expect.poll(primaries, { timeout: 15_000 }).toEqual(['Jo Park'])
  await expect(page.getByTestId('primary-problem')).toHaveCount(0)

  // Two marked first (from before this rule, or two consoles offline) are pointed out; saving one fixes it.
  const maybe = (await owner.documents<StoredExtension & Record<string, unknown>>('extensions')).find((e) => e.id === 'ext_maya')!
  await owner.upsert('extensions', { ...maybe, isPrimary: true })
  await expect(page.getByTestId('primary-problem')).toHaveText(
    'Maya Chen (102) and Jo Park (103) are all marked first for escalations. Choose one: the others are then tried in turn.',
  )
  await maya.getByRole('button', { name: 'Edit' }).click()
  await page.getByRole('form', { name: 'Edit extension 102' }).getByRole('button', { name: 'Save changes' }).click()
  await expect(page.getByTestId('primary-problem')).toHaveCount(0)
  await expect.poll(primaries, { timeout: 15_000 }).toEqual(['Maya Chen'])
})
