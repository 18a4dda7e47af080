/**
 * Carries the IPC contract over Electron IPC: one handler per contract channel, each checking
 * that the message comes from the console's own top-level frame before dispatching it.
 */
import { BrowserWindow, ipcMain, type WebFrameMain } from 'electron'
import { electronEventChannel, electronInvokeChannel, invokeChannels, type IpcResult } from '../../shared/ipc-contract'
import { isConsoleUrl, type RendererLocation } from '../navigation-policy'
import type { IpcDispatch } from './dispatcher'
import type { EventHub } from './event-hub'

export function isTrustedSender(frame: WebFrameMain | null, location: RendererLocation): boolean {
  if (!frame || frame.parent !== null) return false
  return isConsoleUrl(frame.url, location)
}

export function attachElectronTransport(dispatch: IpcDispatch, events: EventHub, location: RendererLocation): () => void {
  for (const channel of invokeChannels) {
    ipcMain.handle(electronInvokeChannel(channel), (event, payload: unknown): Promise<IpcResult<unknown>> => {
      if (!isTrustedSender(event.senderFrame, location)) {
        return Promise.resolve({ ok: false, error: { code: 'forbidden', message: 'Refused: not the console window' } })
      }
      return dispatch(channel, payload)
    })
  }
  const detach = events.attach((event, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed()) window.webContents.send(electronEventChannel(event), payload)
    }
  })
  return () => {
    detach()
    for (const channel of invokeChannels) ipcMain.removeHandler(electronInvokeChannel(channel))
  }
}
