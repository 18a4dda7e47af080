import { lazy, Suspense, useEffect, useRef, useState, type ComponentType } from 'react'
import { EscalationNotices } from '../components/EscalationNotices'
import { ScreenPop } from '../components/ScreenPop'
import { useBookingDraftStore } from '../stores/booking-draft-store'
import { useNavigationStore } from '../stores/navigation-store'
import { BankBanner } from './BankBanner'
import { NeedsAttentionPanel } from './NeedsAttentionPanel'
import { Sidebar } from './Sidebar'
import { StatusBar } from './StatusBar'
import { viewIds, views, type ViewId } from './views'

/**
 * Each view is its own chunk, loaded when first shown, so the console starts with the shell only;
 * the others are fetched once the first view is up.
 */
const viewCode: Record<ViewId, ViewCode> = {
  live: viewChunk(() => import('../views/live/LiveView').then((module) => module.LiveView)),
  inbox: viewChunk(() => import('../views/inbox/InboxView').then((module) => module.InboxView)),
  bookings: viewChunk(() => import('../views/bookings/BookingsView').then((module) => module.BookingsView)),
  customers: viewChunk(() => import('../views/customers/CustomersView').then((module) => module.CustomersView)),
  reconciliation: viewChunk(() => import('../views/reconciliation/ReconciliationView').then((module) => module.ReconciliationView)),
  extensions: viewChunk(() => import('../views/extensions/ExtensionsView').then((module) => module.ExtensionsView)),
  offers: viewChunk(() => import('../views/offers/OffersView').then((module) => module.OffersView)),
  activity: viewChunk(() => import('../views/activity/ActivityView').then((module) => module.ActivityView)),
  settings: viewChunk(() => import('../views/settings/SettingsView').then((module) => module.SettingsView)),
}

interface ViewCode {
  fetch(): Promise<unknown>
  /** The view itself once its code is here; until then a lazy stand-in that suspends. */
  component(): ComponentType
}

/**
 * A view whose code is already fetched is drawn at once. React.lazy would suspend on its first
 * draw even then, and React keeps a fallback it has just shown on screen for 300 ms more.
 */
function viewChunk(load: () => Promise<ComponentType>): ViewCode {
  let loaded: ComponentType | null = null
  const fetch = () => load().then((component) => (loaded = component))
  const standIn = lazy(() => fetch().then((component) => ({ default: component })))
  return { fetch, component: () => loaded ?? standIn }
}

// Only needed once staff turn a draft into a booking.
const loadBookingDraftDialog = () => import('../components/BookingDraftDialog').then((module) => ({ default: module.BookingDraftDialog }))
const BookingDraftDialog = lazy(loadBookingDraftDialog)

export function App() {
  const view = useNavigationStore((state) => state.view)
  const show = useNavigationStore((state) => state.show)
  const [attentionOpen, setAttentionOpen] = useState(false)
  const draftOpen = useBookingDraftStore((state) => state.pending !== null)

  // Once the first view is up, fetch the other views' code so switching never waits. Now, not
  // later: a newly paired console's first pull soon holds every connection the web host allows
  // (six per host), and a view fetched behind it would make the first click wait for the pull.
  useEffect(() => {
    const timer = setTimeout(() => {
      for (const load of [...Object.values(viewCode).map((code) => code.fetch), loadBookingDraftDialog]) void load().catch(() => undefined)
    }, 0)
    return () => clearTimeout(timer)
  }, [])

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return
      const index = Number(event.key) - 1
      const target = viewIds[index]
      if (target) {
        event.preventDefault()
        show(target)
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [show])

  // Chosen once per view: switching a mounted view from its stand-in to itself would remount it.
  const components = useRef<Partial<Record<ViewId, ComponentType>>>({})
  const Current = (components.current[view] ??= viewCode[view].component())
  return (
    <div className="shell">
      <Sidebar />
      <main className="content">
        <BankBanner />
        <Suspense
          fallback={
            <p className="hint view-loading" role="status">
              Opening {views[view].label}…
            </p>
          }
        >
          <Current />
        </Suspense>
      </main>
      {attentionOpen && <NeedsAttentionPanel onClose={() => setAttentionOpen(false)} />}
      {draftOpen && (
        <Suspense fallback={null}>
          <BookingDraftDialog />
        </Suspense>
      )}
      <ScreenPop />
      <EscalationNotices />
      <StatusBar onShowAttention={() => setAttentionOpen((open) => !open)} />
    </div>
  )
}
