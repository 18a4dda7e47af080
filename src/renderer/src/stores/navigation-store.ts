import { create } from 'zustand'
import { viewIds, type ViewId } from '../app/views'

interface NavigationState {
  view: ViewId
  show(view: ViewId): void
}

function viewFromHash(): ViewId {
  const id = window.location.hash.replace(/^#\/?/, '')
  return (viewIds as readonly string[]).includes(id) ? (id as ViewId) : 'live'
}

/** The current view, mirrored in the URL hash so a reload keeps the user where they were. */
export const useNavigationStore = create<NavigationState>((set) => ({
  view: viewFromHash(),
  show(view) {
    if (window.location.hash !== `#/${view}`) window.history.replaceState(null, '', `#/${view}`)
    set({ view })
  },
}))
