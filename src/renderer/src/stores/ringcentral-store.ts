/**
 * The console's RingCentral sign-in and the latest screen pops, as main reports them. Actions
 * answer with a message a person can act on (null when it worked); tokens never reach here.
 */
import { create } from 'zustand'
import type { RingCentralSession, ScreenPop } from '../../../shared/ipc-contract'
import { api } from '../bridge'

/** How many recent pops are kept (the newest last). */
const keptPops = 20

interface RingCentralStore {
  session: RingCentralSession | null
  /** The latest state of each recent call for this extension, one entry per session and party. */
  pops: ScreenPop[]
  /** Loads the session and follows changes; returns the unsubscribe function. */
  connect(): () => void
  signIn(jwt: string): Promise<string | null>
  signOut(): Promise<string | null>
  transfer(request: { telephonySessionId: string; partyId: string; extensionNumber: string }): Promise<string | null>
}

let connections = 0
let disconnect: (() => void) | null = null

export const useRingCentralStore = create<RingCentralStore>((set) => ({
  session: null,
  pops: [],
  connect() {
    // Several components may connect; one subscription serves them all.
    connections += 1
    if (!disconnect) {
      const offSession = api.on('ringcentral:session', (session) => set({ session }))
      const offPop = api.on('calls:screenPop', (pop) =>
        set((state) => ({
          pops: [...state.pops.filter((p) => p.telephonySessionId !== pop.telephonySessionId || p.partyId !== pop.partyId), pop].slice(-keptPops),
        })),
      )
      void api.invoke('ringcentral:getSession', null).then((result) => {
        if (result.ok) set((state) => ({ session: state.session ?? result.value }))
      })
      disconnect = () => {
        offSession()
        offPop()
      }
    }
    return () => {
      connections -= 1
      if (connections === 0) {
        disconnect?.()
        disconnect = null
      }
    }
  },
  async signIn(jwt) {
    const credential = jwt.trim()
    if (credential.length < 20) return 'Paste the whole JWT credential from the RingCentral developer console.'
    const result = await api.invoke('ringcentral:signIn', { jwt: credential })
    if (!result.ok) return result.error.message
    set({ session: result.value })
    return null
  },
  async signOut() {
    const result = await api.invoke('ringcentral:signOut', null)
    if (!result.ok) return result.error.message
    set({ session: result.value, pops: [] })
    return null
  },
  async transfer(request) {
    const result = await api.invoke('calls:transfer', request)
    return result.ok ? null : result.error.message
  },
}))
