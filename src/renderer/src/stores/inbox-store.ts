import { create } from 'zustand'

const readKey = 'switchboard.inbox.readUpTo'

function loadRead(): Record<string, string> {
  try {
    const stored = JSON.parse(localStorage.getItem(readKey) ?? '{}') as unknown
    return stored && typeof stored === 'object' ? (stored as Record<string, string>) : {}
  } catch {
    return {}
  }
}

interface InboxState {
  /** The open thread, kept while the user visits other views. */
  selectedId: string | null
  /** Per thread, the newest customer message this console has shown: later ones are unread. */
  readUpTo: Record<string, string>
  select(id: string | null): void
  markRead(threadId: string, upTo: string): void
}

/** The Inbox's state: which thread is open, and what this console has read (kept across restarts). */
export const useInboxStore = create<InboxState>((set, get) => ({
  selectedId: null,
  readUpTo: loadRead(),
  select: (selectedId) => set({ selectedId }),
  markRead(threadId, upTo) {
    if ((get().readUpTo[threadId] ?? '') >= upTo) return
    const readUpTo = { ...get().readUpTo, [threadId]: upTo }
    set({ readUpTo })
    try {
      localStorage.setItem(readKey, JSON.stringify(readUpTo))
    } catch {
      // Storage full or refused: the marks last until the console closes.
    }
  },
}))
