/**
 * The owner's bank connection as the console shows it: the relay's list of linked banks (relay
 * facts, read through main), the Plaid Link session in progress, and how often to look again —
 * every second while a history is being pulled, else every 15 seconds.
 */
import { create } from 'zustand'
import type { BankItem, BankLinkEvent, BankOverview } from '../../../shared/ipc-contract'
import { api } from '../bridge'

/** Statuses that need the owner to log in again through Link's update mode. */
export const needsReconnect = (item: BankItem) => item.status !== 'good'

interface BankStore {
  overview: BankOverview | null
  error: string | null
  /** The Link session in progress or last finished. */
  session: BankLinkEvent | null
  /** Set when the browser blocked the Link pop-up: the user opens it with a click. */
  pendingLinkUrl: string | null
  starting: boolean
  /** Starts following the relay (owner consoles only); returns the stop function. */
  connect(): () => void
  refresh(): Promise<void>
  startLink(itemId: string | null): Promise<void>
  remove(itemId: string): Promise<string | null>
}

const slowPollMs = 15_000
const fastPollMs = 1_000

export const useBankStore = create<BankStore>((set, get) => {
  let timer: ReturnType<typeof setTimeout> | undefined

  function busy(): boolean {
    const { overview, session } = get()
    return Boolean(overview?.items.some((item) => item.sync.state === 'syncing')) || session?.state === 'exchanging' || session?.state === 'open'
  }

  function schedule() {
    clearTimeout(timer)
    timer = setTimeout(() => void get().refresh(), busy() ? fastPollMs : slowPollMs)
  }

  return {
    overview: null,
    error: null,
    session: null,
    pendingLinkUrl: null,
    starting: false,
    connect() {
      const stopEvents = api.on('bank:link', (event) => {
        set({ session: event })
        if (event.state !== 'open') set({ pendingLinkUrl: null })
        void get().refresh()
      })
      void get().refresh()
      return () => {
        stopEvents()
        clearTimeout(timer)
      }
    },
    async refresh() {
      const result = await api.invoke('bank:list', null)
      if (result.ok) set({ overview: result.value, error: null })
      else set({ error: result.error.message })
      schedule()
    },
    async startLink(itemId) {
      set({ starting: true, error: null, pendingLinkUrl: null })
      const result = await api.invoke('bank:startLink', { itemId })
      set({ starting: false })
      if (!result.ok) {
        set({ error: result.error.message })
        return
      }
      set({ session: { sessionId: result.value.sessionId, mode: result.value.mode, state: 'open', itemId, message: null } })
      const { openUrl } = result.value
      if (openUrl) {
        // Link's page lives on its own origin; the console's opener policy keeps the two apart.
        const opened = window.open(openUrl, 'switchboard-plaid-link', 'popup,width=480,height=720')
        if (!opened) set({ pendingLinkUrl: openUrl })
      }
      schedule()
    },
    async remove(itemId) {
      const result = await api.invoke('bank:remove', { itemId })
      if (!result.ok) return result.error.message
      set({ overview: result.value })
      return null
    },
  }
})
