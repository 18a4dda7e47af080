import { lazy, Suspense, useEffect, useState, type ComponentType } from 'react'
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
const viewLoaders: Record<ViewId, () => Promise<{ default: ComponentType }>> = {
  live: () => import('../views/live/LiveView').then((module) => ({ default: module.LiveView })),
  inbox: () => import('../views/inbox/InboxView').then((module) => ({ default: module.InboxView })),
  bookings: () => import('../views/bookings/BookingsView').then((module) => ({ default: module.BookingsView })),
  customers: () => import('../views/customers/CustomersView').then((module) => ({ default: module.CustomersView })),
  reconciliation: () => import('../views/reconciliation/ReconciliationView').then((module) => ({ default: module.ReconciliationView })),
  extensions: () => import('../views/extensions/ExtensionsView').then((module) => ({ default: module.ExtensionsView })),
  offers: () => import('../views/offers/OffersView').then((module) => ({ default: module.OffersView })),
  activity: () => import('../views/activity/ActivityView').then((module) => ({ default: module.ActivityView })),
  settings: () => import('../views/settings/SettingsView').then((module) => ({ default: module.SettingsView })),
}
const viewComponents: Record<ViewId, ComponentType> = {
  live: lazy(viewLoaders.live),
  inbox: lazy(viewLoaders.inbox),
  bookings: lazy(viewLoaders.bookings),
  customers: lazy(viewLoaders.customers),
  reconciliation: lazy(viewLoaders.reconciliation),
  extensions: lazy(viewLoaders.extensions),
  offers: lazy(viewLoaders.offers),
  activity: lazy(viewLoaders.activity),
  settings: lazy(viewLoaders.settings),
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
      for (const load of [...Object.values(viewLoaders), loadBookingDraftDialog]) void load().catch(() => undefined)
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

  const Current = viewComponents[view]
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
