/**
 * The real desktop app: Electron main, sandboxed preload and renderer, against a real relay.
 * Runs where an Electron binary is installed (`npm run electron:fetch`); elsewhere it is
 * skipped with the reason, and the same console is covered in Chromium by the browser specs.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { _electron as electron } from '@playwright/test'
import { expect, repoRoot, test } from '../fixtures'
import { createPairingCode } from '../relay-client'

function electronBinary(): string | null {
  const packageDir = join(repoRoot, 'node_modules/electron')
  const pathFile = join(packageDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

const binary = electronBinary()
const skipReason =
  'No Electron binary on this machine (its installer downloads it, and this machine cannot). ' +
  'Run "npm run electron:fetch" where downloads work; the browser specs cover the same console.'
if (binary === null) process.stdout.write(`Electron spec skipped: ${skipReason}\n`)

test.describe('Electron console', () => {
  test.skip(binary === null, skipReason)

  test('opens a hardened window that shows the shell connected to the relay', async ({ relay }) => {
    const app = await electron.launch({
      executablePath: binary!,
      args: [join(repoRoot, 'out/main/index.js'), ...(process.env.CI ? ['--no-sandbox'] : [])],
      env: { ...process.env, SWITCHBOARD_RELAY_URL: relay.url, SWITCHBOARD_RELAY_POLL_MS: '300' },
    })
    try {
      const window = await app.firstWindow()
      await expect(window.getByRole('main').getByRole('heading', { level: 1 })).toHaveText('Live')
      await expect(window.getByTestId('relay-status')).toHaveAttribute('data-state', 'connected')

      // Sandboxed, isolated and without Node: the page sees only the contract's two functions.
      const exposed = await window.evaluate(() => ({
        api: Object.keys((window as unknown as { api: object }).api).sort(),
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
      }))
      expect(exposed).toEqual({ api: ['invoke', 'on'], require: 'undefined', process: 'undefined' })

      await relay.stop()
      await expect(window.getByTestId('relay-status')).toHaveAttribute('data-state', 'disconnected')
    } finally {
      await app.close()
    }
  })

  test('refuses IPC from any frame that is not the console’s own window', async ({ relay }) => {
    const app = await electron.launch({
      executablePath: binary!,
      args: [join(repoRoot, 'out/main/index.js'), ...(process.env.CI ? ['--no-sandbox'] : [])],
      env: { ...process.env, SWITCHBOARD_RELAY_URL: relay.url, SWITCHBOARD_RELAY_POLL_MS: '300' },
    })
    try {
      const consoleWindow = await app.firstWindow()
      await expect(consoleWindow.getByTestId('relay-status')).toHaveAttribute('data-state', 'connected')
      // The console itself is answered…
      const own = await consoleWindow.evaluate(() => (window as unknown as { api: { invoke(c: string, p: null): Promise<unknown> } }).api.invoke('app:getInfo', null))
      expect(own).toMatchObject({ ok: true })

      // …but a page from another origin, given the very same preload (as a hijacked or injected
      // window would have), is refused by every handler's sender-frame check.
      const preloadPath = join(repoRoot, 'out/preload/index.cjs')
      const opened = app.waitForEvent('window')
      await app.evaluate(({ BrowserWindow }, preload) => {
        const intruder = new BrowserWindow({ show: false, webPreferences: { preload, sandbox: true, contextIsolation: true } })
        void intruder.loadURL('data:text/html,<title>elsewhere</title><p>not the console</p>')
      }, preloadPath)
      const intruder = await opened
      await intruder.waitForLoadState()
      const refused = await intruder.evaluate(() => (window as unknown as { api: { invoke(c: string, p: null): Promise<unknown> } }).api.invoke('app:getInfo', null))
      expect(refused).toEqual({ ok: false, error: { code: 'forbidden', message: 'Refused: not the console window' } })
    } finally {
      await app.close()
    }
  })

  test('opens Plaid Link in its own window and partition, which exposes only Link’s result and cannot use the console’s IPC', async ({ relay }) => {
    const app = await electron.launch({
      executablePath: binary!,
      args: [join(repoRoot, 'out/main/index.js'), ...(process.env.CI ? ['--no-sandbox'] : [])],
      env: { ...process.env, SWITCHBOARD_RELAY_URL: relay.url, SWITCHBOARD_RELAY_POLL_MS: '300', SWITCHBOARD_PAIRING_CODE: createPairingCode(relay, 'owner') },
    })
    try {
      const consoleWindow = await app.firstWindow()
      await expect(consoleWindow.getByTestId('relay-status')).toHaveAttribute('data-state', 'connected')
      type Api = { api: { invoke(c: string, p: unknown): Promise<{ ok: boolean }> } }
      await expect.poll(() => consoleWindow.evaluate(() => (window as unknown as Api).api.invoke('bank:list', null).then((r) => r.ok))).toBe(true)
      const opened = app.waitForEvent('window')
      const started = await consoleWindow.evaluate(() => (window as unknown as Api).api.invoke('bank:startLink', { itemId: null }))
      expect(started).toMatchObject({ ok: true, value: { mode: 'create', openUrl: null } })
      const linkWindow = await opened
      await linkWindow.waitForLoadState()
      expect(new URL(linkWindow.url()).pathname).toMatch(/\/link\.html$/)
      const exposed = await linkWindow.evaluate(() => ({
        api: typeof (window as unknown as { api?: unknown }).api,
        host: Object.keys((window as unknown as { plaidLinkHost: object }).plaidLinkHost),
        require: typeof (window as unknown as { require?: unknown }).require,
      }))
      expect(exposed).toEqual({ api: 'undefined', host: ['finish'], require: 'undefined' })
      // Its own partition: nothing the console stored is visible to Link.
      const partitions = await app.evaluate(({ BrowserWindow }) =>
        BrowserWindow.getAllWindows().map((window) => window.webContents.session === BrowserWindow.getAllWindows()[0]!.webContents.session),
      )
      expect(partitions.filter((shared) => !shared)).toHaveLength(1)

      // Even given the console's own preload, the Link page is refused by every IPC handler.
      const preloadPath = join(repoRoot, 'out/preload/index.cjs')
      const linkPage = join(repoRoot, 'out/renderer/link.html')
      const intruderOpened = app.waitForEvent('window')
      await app.evaluate(({ BrowserWindow }, paths) => {
        const intruder = new BrowserWindow({ show: false, webPreferences: { preload: paths.preloadPath, partition: 'plaid-link', sandbox: true, contextIsolation: true } })
        void intruder.loadFile(paths.linkPage)
      }, { preloadPath, linkPage })
      const intruder = await intruderOpened
      await intruder.waitForLoadState()
      const refused = await intruder.evaluate(() => (window as unknown as Api).api.invoke('app:getInfo', null))
      expect(refused).toEqual({ ok: false, error: { code: 'forbidden', message: 'Refused: not the console window' } })
    } finally {
      await app.close()
    }
  })
})
