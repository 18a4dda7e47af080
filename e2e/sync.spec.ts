import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { createPairingCode, pairedRelayClient } from './relay-client'
import { ConsoleShell } from './pages/console-shell'

type Extension = { id: string; extensionNumber: string; employeeName: string; status: string; _deleted: boolean }

async function addExtension(page: Page, number: string, name: string) {
  const form = page.getByRole('form', { name: 'Add an extension' })
  await form.getByLabel('Extension number').fill(number)
  await form.getByLabel('Employee name').fill(name)
  await form.getByRole('button', { name: 'Add extension' }).click()
  await expect(page.getByTestId(`extension-${number}`)).toContainText(name)
}

test.describe('local-first sync', () => {
  test('pairs in Settings, then edits reach the relay and the relay’s changes show up at once', async ({ page, consoleUrl, relay }) => {
    const observer = await pairedRelayClient(relay)
    await page.goto(consoleUrl)
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-sync', 'unpaired')
    await new ConsoleShell(page).pair(createPairingCode(relay, 'owner'))

    await new ConsoleShell(page).nav('Extensions').click()
    await addExtension(page, '101', 'Kenji Sato')
    await expect.poll(async () => (await observer.documents<Extension>('extensions')).map((e) => e.employeeName)).toEqual(['Kenji Sato'])
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-sync', 'synced')

    // Another device renames the extension: the console shows it without a reload.
    const [stored] = await observer.documents<Extension>('extensions')
    await observer.push('extensions', [{ assumedMasterState: stored, newDocumentState: { ...stored, employeeName: 'Kenji Sato-Lee' } }])
    await expect(page.getByTestId('extension-101')).toContainText('Kenji Sato-Lee')
  })

  test('keeps an edit made offline and delivers it when the connection returns', async ({ page, context, consoleUrl, relay }) => {
    const observer = await pairedRelayClient(relay)
    await page.goto(consoleUrl)
    await new ConsoleShell(page).pair(createPairingCode(relay, 'owner'))
    await new ConsoleShell(page).nav('Extensions').click()
    await addExtension(page, '102', 'Maya Chen')
    await expect.poll(async () => (await observer.documents<Extension>('extensions')).length).toBe(1)

    await context.setOffline(true)
    await page.getByLabel('Status of Maya Chen').selectOption('busy')
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-sync', 'offline')
    await expect(page.getByTestId('sync-status')).toContainText('1 change waiting')
    // Give the console every chance to (wrongly) push while offline.
    await page.waitForTimeout(2500)
    expect((await observer.documents<Extension>('extensions'))[0]!.status).toBe('available')

    await context.setOffline(false)
    await expect.poll(async () => (await observer.documents<Extension>('extensions'))[0]!.status, { timeout: 15_000 }).toBe('busy')
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-sync', 'synced')
  })

  test('an edit made offline survives closing the console and is delivered once it runs again', async ({ page, context, consoleUrl, relay }) => {
    const observer = await pairedRelayClient(relay)
    await page.goto(consoleUrl)
    await new ConsoleShell(page).pair(createPairingCode(relay, 'owner'))
    await new ConsoleShell(page).nav('Extensions').click()
    await addExtension(page, '103', 'Noor Haddad')
    await expect.poll(async () => (await observer.documents<Extension>('extensions')).length).toBe(1)

    await context.setOffline(true)
    await page.getByLabel('Status of Noor Haddad').selectOption('busy')
    await expect(page.getByTestId('sync-status')).toContainText('1 change waiting')
    await page.close()
    expect((await observer.documents<Extension>('extensions'))[0]!.status).toBe('available')

    // A new window reads the local store from disk; the edit is there and goes out.
    await context.setOffline(false)
    const reopened = await context.newPage()
    await reopened.goto(consoleUrl)
    await new ConsoleShell(reopened).nav('Extensions').click()
    await expect(reopened.getByLabel('Status of Noor Haddad')).toHaveValue('busy')
    await expect.poll(async () => (await observer.documents<Extension>('extensions'))[0]!.status, { timeout: 15_000 }).toBe('busy')
  })

  test('undoes a removal, and lists an edit that lost a conflict under needs attention', async ({ page, context, consoleUrl, relay }) => {
    const observer = await pairedRelayClient(relay)
    await page.goto(consoleUrl)
    await new ConsoleShell(page).pair(createPairingCode(relay, 'owner'))
    await new ConsoleShell(page).nav('Extensions').click()
    await addExtension(page, '103', 'Ana Ruiz')

    await page.getByTestId('extension-103').getByRole('button', { name: 'Remove' }).click()
    await expect(page.getByTestId('extension-103')).toHaveCount(0)
    await page.getByRole('button', { name: 'Undo' }).click()
    await expect(page.getByTestId('extension-103')).toContainText('Ana Ruiz')
    await expect.poll(async () => (await observer.documents<Extension>('extensions')).filter((e) => !e._deleted).length).toBe(1)

    // Offline, the owner sets Ana to busy while another device sets her offline.
    await context.setOffline(true)
    await page.getByLabel('Status of Ana Ruiz').selectOption('busy')
    const [stored] = await observer.documents<Extension>('extensions')
    await observer.push('extensions', [{ assumedMasterState: stored, newDocumentState: { ...stored, status: 'offline' } }])
    await context.setOffline(false)

    await expect(page.getByTestId('attention-count')).toHaveAttribute('data-count', '1', { timeout: 15_000 })
    await expect(page.getByLabel('Status of Ana Ruiz')).toHaveValue('offline')
    // Said when it happens, not only counted in the status bar.
    const toast = page.getByTestId('attention-toast')
    await expect(toast).toContainText('was not applied')
    await toast.getByRole('button', { name: 'Show' }).click()
    await expect(toast).toHaveCount(0)
    const panel = page.getByTestId('attention-panel')
    await expect(panel).toContainText('was not applied')
    await expect(panel.getByRole('row', { name: /status/ })).toContainText('offline')
    await expect(panel.getByRole('row', { name: /status/ })).toContainText('busy')
    await panel.getByRole('button', { name: 'Re-apply my change' }).click()
    await expect.poll(async () => (await observer.documents<Extension>('extensions'))[0]!.status, { timeout: 15_000 }).toBe('busy')
    await expect(page.getByTestId('attention-count')).toHaveAttribute('data-count', '0')
  })
})
