import { create } from 'zustand'
import type { AppInfo, RelayStatus } from '../../../shared/ipc-contract'
import { api } from '../bridge'

interface ConnectionState {
  relay: RelayStatus | null
  appInfo: AppInfo | null
  /** Set when the console's own background service cannot be reached. */
  bridgeError: string | null
  retrying: boolean
  /** Loads the current state and follows changes; returns the unsubscribe function. */
  connect(): () => void
  retry(): Promise<void>
}

export const useConnectionStore = create<ConnectionState>((set, get) => ({
  relay: null,
  appInfo: null,
  bridgeError: null,
  retrying: false,
  connect() {
    const unsubscribe = api.on('relay:status', (relay) => set({ relay, bridgeError: null }))
    void api.invoke('app:getInfo', null).then((result) => {
      if (result.ok) set({ appInfo: result.value })
      else set({ bridgeError: result.error.message })
    })
    void api.invoke('relay:getStatus', null).then((result) => {
      if (result.ok) set({ relay: get().relay ?? result.value })
      else set({ bridgeError: result.error.message })
    })
    return unsubscribe
  },
  async retry() {
    set({ retrying: true })
    const result = await api.invoke('relay:checkNow', null)
    set(result.ok ? { relay: result.value, retrying: false } : { bridgeError: result.error.message, retrying: false })
  },
}))
