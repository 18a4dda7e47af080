/**
 * The README's first command, run as a new user runs it: the real `npm start` (in web mode, as
 * where no Electron binary is installed) on a fresh data folder with random ports. The first run
 * plays the demo, and within 90 seconds of the command the console shows it in Live, Inbox,
 * Bookings and Reconciliation, with the "Demo mode" badge.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { expect, test } from '@playwright/test'
import { findLeaks, repoRoot } from './fixtures'
import { ConsoleShell } from './pages/console-shell'

const demoWithinMs = 90_000

/** Ends the command and everything it started (its own process group). */
async function stop(child: ChildProcess, relayUrl: string | null): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    process.kill(-child.pid!, 'SIGTERM')
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
  }
  // The relay (a grandchild) has gone once its address stops answering.
  for (let attempt = 0; relayUrl && attempt < 50; attempt++) {
    const answering = await fetch(`${relayUrl}/healthz`, { signal: AbortSignal.timeout(500) }).then(
      () => true,
      () => false,
    )
    if (!answering) break
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

test('npm start plays the demo, and the console shows it within 90 s', async ({ page }) => {
  test.setTimeout(demoWithinMs + 60_000)
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-npm-start-'))
  const env: NodeJS.ProcessEnv = { ...process.env, RELAY_DATA_DIR: dataDir, RELAY_PORT: '0', SWITCHBOARD_WEB_PORT: '0', RELAY_LOG_LEVEL: 'info' }
  // A fresh user's shell: nothing pointing the console elsewhere.
  for (const name of ['SWITCHBOARD_RELAY_URL', 'SWITCHBOARD_PAIRING_CODE', 'SWITCHBOARD_DEMO', 'RELAY_DEMO', 'RELAY_HOST']) delete env[name]

  const started = Date.now()
  const child = spawn('npm', ['start', '--', '--web'], { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  const output: string[] = []
  let relayUrl: string | null = null
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  try {
    const consoleUrl = await new Promise<string>((resolve, reject) => {
      let announced = false
      createInterface({ input: child.stdout! }).on('line', (line) => {
        output.push(line)
        relayUrl ??= /The relay is ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1] ?? null
        if (line.includes('Open it in your browser')) announced = true
        // The address carries this launch's secret once (src/main/web): the browser trades it for a cookie.
        else if (announced && /^http:\/\/127\.0\.0\.1:\d+\/?(\?key=[\w-]+)?$/.test(line.trim())) resolve(line.trim())
      })
      child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before serving the console:\n${output.join('\n')}`)))
    })
    expect(relayUrl, 'npm start says where the relay is').not.toBeNull()
    const remaining = () => Math.max(1_000, demoWithinMs - (Date.now() - started))
    const shell = new ConsoleShell(page)

    await page.goto(consoleUrl)
    await expect(page.getByTestId('demo-badge')).toHaveText('Demo mode', { timeout: remaining() })

    // Live: the demo's caller who asked for a person, with their booking.
    await expect(page.getByRole('list').getByText('Robert Okafor')).toBeVisible({ timeout: remaining() })

    // Inbox: the text inquiry answered by the agent with the demo business's quote.
    await shell.nav('Inbox').click()
    await page.locator('[data-testid^="thread-"]', { hasText: /1,650|hibachi|30 adults/i }).first().click({ timeout: remaining() })
    await expect(page.locator('.message-agent').filter({ hasText: '$1,650' }).first()).toBeVisible({ timeout: remaining() })

    // Bookings: the Stripe deposit marks the booking paid.
    await shell.nav('Bookings').click()
    await expect(page.getByTestId('booking-bk_whitfield')).toContainText('Deposit paid', { timeout: remaining() })

    // Reconciliation: the bank batch is in the queue.
    await shell.nav('Reconciliation').click()
    await expect(page.locator('[data-testid^="match-"]').first()).toBeVisible({ timeout: remaining() })
    await expect(page.getByTestId('report-review')).not.toHaveText(/^0/, { timeout: remaining() })

    const elapsed = Date.now() - started
    test.info().annotations.push({ type: 'npm start to demo shown', description: `${(elapsed / 1000).toFixed(1)} s` })
    expect(elapsed, 'from `npm start` to the demo in all four views').toBeLessThan(demoWithinMs)
    expect(output.join('\n')).toContain('Demo: playing the "everything" scenario')
  } finally {
    await stop(child, relayUrl)
    const leaks = findLeaks(readFileSync(join(dataDir, 'logs', 'relay.log'), 'utf8'))
    rmSync(dataDir, { recursive: true, force: true })
    expect(leaks, 'personal data or secrets in the relay log').toEqual([])
  }
})
