/**
 * The Live view's state that outlives the view: which call is open (the screen pop opens one
 * before its document may have synced) and which screen pops staff have put away. The pops
 * themselves, the RingCentral session and transfer live in the RingCentral store.
 */
import { create } from 'zustand'
import type { ScreenPop } from '../../../../shared/ipc-contract'

/** What is open: a call document, or a RingCentral session whose call document has not arrived yet. */
export type LiveSelection = { callId: string } | { telephonySessionId: string } | null

/** One pop per party: a call transferred back to this extension gets a new party, and pops again. */
export function popKey(pop: Pick<ScreenPop, 'telephonySessionId' | 'partyId'>): string {
  return `${pop.telephonySessionId}/${pop.partyId}`
}

interface LiveStore {
  selection: LiveSelection
  selectCall(callId: string): void
  selectSession(telephonySessionId: string): void
  dismissedPops: ReadonlySet<string>
  dismissPop(pop: ScreenPop): void
}

export const useLiveStore = create<LiveStore>((set) => ({
  selection: null,
  selectCall: (callId) => set({ selection: { callId } }),
  selectSession: (telephonySessionId) => set({ selection: { telephonySessionId } }),
  dismissedPops: new Set(),
  dismissPop: (pop) => set((state) => ({ dismissedPops: new Set([...state.dismissedPops, popKey(pop)]) })),
}))

/** This console's party in a RingCentral session: the newest live pop main raised for it. */
export function popPartyId(pops: readonly ScreenPop[], telephonySessionId: string): string | null {
  const mine = pops.filter((pop) => pop.telephonySessionId === telephonySessionId)
  return (mine.filter((pop) => pop.status !== 'ended').at(-1) ?? mine.at(-1))?.partyId ?? null
}
