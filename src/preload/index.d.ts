import type { SwitchboardApi } from '../shared/ipc-contract'

declare global {
  interface Window {
    /** Present in the Electron console; absent when the console runs in a plain browser. */
    api?: SwitchboardApi
  }
}

export {}
