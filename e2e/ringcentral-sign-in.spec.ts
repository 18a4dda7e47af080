/**
 * The console's own RingCentral sign-in (Settings) and the staff status control in the status
 * bar, against a real relay on its built-in sandbox: in demo mode the console signs in as the
 * front desk by itself; staff can sign out and in again with a JWT credential.
 */
import { sandboxControl } from '../server/sandbox/control-client'
import { readSandboxAddresses } from '../server/src/demo/scenario-player'
import { expect, test } from './fixtures'
import { ConsoleShell } from './pages/console-shell'
import { pairedRelayClient } from './relay-client'

test.use({ relayEnv: { RELAY_DEMO: '1' }, autoPairOwner: true })

test('RingCentral sign-in in Settings, and the signed-in extension sets its status from the status bar', async ({ page, consoleUrl, relay }) => {
  const shell = new ConsoleShell(page)
  const sandbox = readSandboxAddresses(relay.dataDir)
  expect(sandbox, 'the demo relay publishes its sandbox addresses').not.toBeNull()
  await page.goto(consoleUrl)
  await shell.nav('Settings').click()
  const settings = page.getByTestId('ringcentral-settings')

  // Demo mode: signed in as the front desk without asking.
  await expect(settings).toHaveAttribute('data-state', 'connected')
  await expect(page.getByTestId('ringcentral-signed-in')).toContainText('Maya Chen')
  await expect(page.getByTestId('ringcentral-signed-in')).toContainText('extension 102')

  // Her status comes from the synced extensions and is changed from the status bar.
  const status = page.getByTestId('staff-status')
  await expect(status).toHaveAttribute('data-status', 'available')
  const picker = page.getByLabel('My status (extension 102)')
  await picker.focus()
  await expect(picker).toBeFocused()
  await picker.selectOption('busy')
  await expect(status).toHaveAttribute('data-status', 'busy')
  const observer = await pairedRelayClient(relay)
  await expect
    .poll(async () => (await observer.documents<{ extensionNumber: string; status: string }>('extensions')).find((e) => e.extensionNumber === '102')?.status)
    .toBe('busy')

  // Sign out: no extension, no status control.
  await settings.getByRole('button', { name: 'Sign out of RingCentral' }).click()
  await expect(settings).toHaveAttribute('data-state', 'signed_out')
  await expect(status).toHaveCount(0)

  // A credential RingCentral refuses: its reason is shown and nothing changes.
  const credential = settings.getByLabel('JWT credential')
  await credential.fill('sim-jwt-this-credential-was-never-issued')
  await credential.press('Enter')
  await expect(page.getByTestId('ringcentral-error')).toContainText('Invalid assertion')
  await expect(page.getByTestId('ringcentral-signed-in')).toHaveCount(0)

  // Enter signs in with a valid one (the owner's extension this time).
  await credential.fill((await sandboxControl(sandbox!.urls).ringcentral.extensionJwt('101')).jwt)
  await credential.press('Enter')
  await expect(settings).toHaveAttribute('data-state', 'connected')
  await expect(page.getByTestId('ringcentral-signed-in')).toContainText('extension 101')
  await expect(page.getByTestId('ringcentral-error')).toHaveCount(0)
  await expect(status).toHaveAttribute('data-status', 'available')
  await expect(page.getByLabel('My status (extension 101)')).toBeVisible()
})
