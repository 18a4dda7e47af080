/**
 * The business rules on a front-desk console (prices, deposit, travel, slots, hours), which it
 * may not read from `settings`: fetched from the relay when the console pairs, whenever the live
 * stream reconnects and every minute, and kept in localStorage so drafts work offline.
 */
import { create } from 'zustand'
import type { BusinessRules } from '../../../domain/business-rules'
import { api } from '../bridge'
import { BusinessRulesCache } from '../db/business-rules-cache'
import { useSyncStore } from './sync-store'

const refreshEveryMs = 60_000

interface BusinessRulesStore {
  /** Undefined while nothing is known yet; null when the relay said the business is not set up. */
  rules: BusinessRules | null | undefined
  fetchedAt: string | null
  error: string | null
  /** Follows the pairing; returns the unsubscribe. */
  connect(): () => void
  refresh(): Promise<void>
}

let cache: BusinessRulesCache | null = null
let followedDevice: string | null = null

export const useBusinessRulesStore = create<BusinessRulesStore>((set, get) => {
  function follow() {
    const sync = useSyncStore.getState().sync
    const device = sync?.paired && sync.role === 'frontdesk' && sync.deviceId ? sync.deviceId : null
    if (device === followedDevice) return
    followedDevice = device
    cache = device ? new BusinessRulesCache(`switchboard.businessRules.${device}`) : null
    const cached = cache?.read() ?? null
    set({ rules: cached ? cached.rules : undefined, fetchedAt: cached?.fetchedAt ?? null, error: null })
    if (device) void get().refresh()
  }

  return {
    rules: undefined,
    fetchedAt: null,
    error: null,
    connect() {
      follow()
      const unsubscribeSync = useSyncStore.subscribe(follow)
      // A reconnected stream may follow changes made while this console was away.
      const unsubscribeStream = api.on('sync:stream', (event) => {
        if (event === 'RESYNC' && followedDevice) void get().refresh()
      })
      const timer = setInterval(() => {
        if (followedDevice) void get().refresh()
      }, refreshEveryMs)
      return () => {
        unsubscribeSync()
        unsubscribeStream()
        clearInterval(timer)
      }
    },
    async refresh() {
      const device = followedDevice
      if (!device) return
      const result = await api.invoke('sync:businessRules', null)
      if (device !== followedDevice) return // unpaired or re-paired meanwhile
      if (!result.ok) {
        // Offline or refused: the cached rules stay in use.
        set({ error: result.error.message })
        return
      }
      const entry = { rules: result.value.rules, fetchedAt: new Date().toISOString() }
      cache?.write(entry)
      set({ ...entry, error: null })
    },
  }
})
