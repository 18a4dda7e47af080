/**
 * Electron glue only: lifecycle, the hardened window, CSP and the IPC transport. Everything the
 * console does lives in services/ (plain Node), which the browser web host runs too.
 */
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { app, BrowserWindow, Notification, session } from 'electron'
import { headerContentSecurityPolicy } from '../shared/content-security-policy'
import { createIpcDispatcher } from './ipc/dispatcher'
import { attachElectronTransport } from './ipc/electron-transport'
import { createKeychain } from './keychain'
import { readConsoleConfig } from './services/console-config'
import { createConsoleServices } from './services/console-services'
import type { RendererLocation } from './navigation-policy'
import { createConsoleWindow } from './window'

const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
const indexFile = fileURLToPath(new URL('../renderer/index.html', import.meta.url))
const location: RendererLocation = { devServerUrl, indexFileUrl: pathToFileURL(indexFile).href }
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url))

if (!app.requestSingleInstanceLock()) app.quit()

app.enableSandbox()

void app.whenReady().then(() => {
  const userData = app.getPath('userData')
  const services = createConsoleServices(readConsoleConfig(), {
    shell: 'electron',
    version: app.getVersion(),
    secrets: createKeychain(join(userData, 'secrets.json')),
    pairingFilePath: join(userData, 'pairing.json'),
  })
  const dispatch = createIpcDispatcher(services.handlers, (channel, error) => {
    process.stderr.write(`IPC handler ${channel} failed: ${String(error)}\n`)
  })
  attachElectronTransport(dispatch, services.events, location)

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [headerContentSecurityPolicy(devServerUrl)],
      },
    })
  })
  // The console needs no camera, microphone, notifications-by-web-API or geolocation from pages.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)

  services.start()
  const openWindow = () => {
    const window = createConsoleWindow({ preloadPath, location, allowsExternalLink: (url) => services.allowsExternalLink(url) })
    if (devServerUrl) void window.loadURL(devServerUrl)
    else void window.loadFile(indexFile)
  }
  openWindow()

  // A call for this extension raises a native notification too, so it is seen with the window hidden.
  services.onNewScreenPop((pop) => {
    if (!Notification.isSupported()) return
    const caller = pop.fromName ?? pop.fromNumber ?? 'Unknown caller'
    const notification = new Notification({
      title: pop.transferred ? 'Call transferred to you' : 'Incoming call',
      body: caller,
      urgency: 'critical',
    })
    notification.on('click', () => {
      const window = BrowserWindow.getAllWindows()[0]
      if (!window) return openWindow()
      if (window.isMinimized()) window.restore()
      window.show()
      window.focus()
      // Sent again so the renderer brings this call's screen pop to the front.
      services.events.emit('calls:screenPop', pop)
    })
    notification.show()
  })

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow()
  })
  app.on('before-quit', () => void services.stop())
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
