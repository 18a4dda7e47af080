/**
 * Plaid Link in Electron: each Link session gets its own window in its own in-memory session
 * partition (no cookies, storage or permissions shared with the console), whose preload exposes
 * only "Link finished with this result". The console's IPC refuses this window (its page is not
 * the console's, see ipc/electron-transport.ts), and its one message is accepted only from the
 * window it was given to, once, after validation.
 *
 * In demo mode on the relay's sandbox, Plaid's CDN is answered in that partition alone by the
 * Plaid simulator's Link stand-in, so the same `react-plaid-link` code runs offline.
 */
import { BrowserWindow, ipcMain, net, session as electronSession, type Session } from 'electron'
import { linkPageFragment, linkResultChannel, type LinkPageResult } from '../shared/plaid-link-contract'
import type { LinkLauncher } from './services/bank-service'
import { isLinkPageResult } from './services/link-result'
import { hardenedWebPreferences } from './window'

/** Link's in-memory session partition: nothing shared with the console's session. */
const partition = 'plaid-link'
const plaidCdnPrefix = 'https://cdn.plaid.com/link/v2/stable/'

export interface LinkWindowOptions {
  preloadPath: string
  /** The built Link page (`out/renderer/link.html`), or the dev server's `/link.html`. */
  page: { file: string } | { url: string }
  finish: (result: LinkPageResult) => boolean
  /** Demo: the Plaid simulator's address, whose stand-in answers Plaid's CDN in this partition. */
  standInBase: () => string | null
}

let preparedSession: Session | null = null

function linkSession(standInBase: () => string | null): Session {
  if (preparedSession) return preparedSession
  const ses = electronSession.fromPartition(partition, { cache: false })
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  ses.protocol.handle('https', (request) => {
    const base = standInBase()
    if (base && request.url.startsWith(plaidCdnPrefix)) {
      return net.fetch(`${base}/link/v2/stable/${request.url.slice(plaidCdnPrefix.length)}`, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        duplex: 'half',
      } as RequestInit)
    }
    return net.fetch(request, { bypassCustomProtocolHandlers: true })
  })
  preparedSession = ses
  return ses
}

export function createLinkWindowLauncher(options: LinkWindowOptions): LinkLauncher {
  return {
    async open(session) {
      const window = new BrowserWindow({
        width: 480,
        height: 720,
        title: 'Connect your bank',
        autoHideMenuBar: true,
        // The console's hardened preferences, in Link's own session partition.
        webPreferences: {
          ...hardenedWebPreferences(options.preloadPath),
          // Spelled out again where the window is made, so static checks (electronegativity) see them.
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
          disableBlinkFeatures: 'Auxclick',
          session: linkSession(options.standInBase),
        },
      })
      const contents = window.webContents
      // Link's own frame navigates inside its iframe; the window itself stays on the Link page.
      contents.on('will-navigate', (event) => event.preventDefault())
      contents.on('will-redirect', (event) => event.preventDefault())
      contents.on('will-attach-webview', (event) => event.preventDefault())
      // No pop-ups and no links out: banks that need an OAuth redirect are not supported here yet.
      contents.setWindowOpenHandler(() => ({ action: 'deny' }))

      let delivered = false
      const onResult = (event: Electron.IpcMainEvent, raw: unknown) => {
        if (event.sender !== contents || delivered) return
        if (!isLinkPageResult(raw) || raw.sessionId !== session.sessionId) return
        delivered = options.finish(raw)
        if (delivered) setTimeout(() => !window.isDestroyed() && window.close(), 500)
      }
      ipcMain.on(linkResultChannel, onResult)
      window.on('closed', () => {
        ipcMain.removeListener(linkResultChannel, onResult)
        // Closing the window is leaving Link.
        if (!delivered) options.finish({ sessionId: session.sessionId, outcome: 'exit', errorCode: null, message: null })
      })

      const hash = linkPageFragment(session.sessionId, session.linkToken, {})
      if ('file' in options.page) await window.loadFile(options.page.file, { hash })
      else await window.loadURL(`${options.page.url}#${hash}`)
      return { openUrl: null }
    },
  }
}
