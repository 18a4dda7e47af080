/**
 * The one factory for console windows: every window gets the same hardened preferences and the
 * same navigation, pop-up, webview and permission rules.
 */
import { BrowserWindow, shell, type WebContents } from 'electron'
import { isConsoleUrl, type RendererLocation } from './navigation-policy'

export interface ConsoleWindowOptions {
  preloadPath: string
  location: RendererLocation
  /** The allowlist for the system browser (services/external-links.ts). */
  allowsExternalLink: (url: string) => boolean
}

/** What every window of the console gets, Plaid Link's included (plaid-link-window.ts). */
export function hardenedWebPreferences(preloadPath: string): Electron.WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    // Middle-click would open links in a new window, bypassing the window-open handler.
    disableBlinkFeatures: 'Auxclick',
  }
}

export function createConsoleWindow(options: ConsoleWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Switchboard',
    backgroundColor: '#0f172a',
    webPreferences: {
      ...hardenedWebPreferences(options.preloadPath),
      // Spelled out again where the window is made, so static checks (electronegativity) see them.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true,
    },
  })
  guardWebContents(window.webContents, options)
  window.once('ready-to-show', () => window.show())
  return window
}

function guardWebContents(contents: WebContents, { location, allowsExternalLink }: ConsoleWindowOptions): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (allowsExternalLink(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event, url) => {
    if (!isConsoleUrl(url, location)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isConsoleUrl(url, location)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}
