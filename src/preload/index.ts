/**
 * Exposes exactly the IPC contract to the renderer as `window.api`, and nothing else: no
 * ipcRenderer, no Node. Channel names are checked here too so a compromised renderer cannot
 * reach other IPC channels through this bridge; payloads are validated in main.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import {
  electronEventChannel,
  electronInvokeChannel,
  isEventName,
  isInvokeChannel,
  type IpcResult,
  type SwitchboardApi,
} from '../shared/ipc-contract'

const api: SwitchboardApi = {
  invoke(channel, payload) {
    if (!isInvokeChannel(channel)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'unknown_channel', message: `No such console operation: ${String(channel)}` },
      } satisfies IpcResult<never>)
    }
    return ipcRenderer.invoke(electronInvokeChannel(channel), payload)
  },
  on(event, listener) {
    if (!isEventName(event)) throw new Error(`No such console event: ${String(event)}`)
    const wireChannel = electronEventChannel(event)
    // Never hand the IpcRendererEvent (it carries the sender) to the page.
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never)
    ipcRenderer.on(wireChannel, wrapped)
    return () => {
      ipcRenderer.removeListener(wireChannel, wrapped)
    }
  },
}

contextBridge.exposeInMainWorld('api', api)
