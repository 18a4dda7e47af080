import { useEffect, useState } from 'react'
import { ScreenPop } from '../components/ScreenPop'
import { BookingDraftDialog } from '../components/BookingDraftDialog'
import { useConnectionStore } from '../stores/connection-store'
import { useNavigationStore } from '../stores/navigation-store'
import { useSyncStore } from '../stores/sync-store'
import { NeedsAttentionPanel } from './NeedsAttentionPanel'
import { ActivityView } from '../views/activity/ActivityView'
import { BookingsView } from '../views/bookings/BookingsView'
import { ExtensionsView } from '../views/extensions/ExtensionsView'
import { InboxView } from '../views/inbox/InboxView'
import { LiveView } from '../views/live/LiveView'
import { OffersView } from '../views/offers/OffersView'
import { ReconciliationView } from '../views/reconciliation/ReconciliationView'
import { SettingsView } from '../views/settings/SettingsView'
import { Sidebar } from './Sidebar'
import { StatusBar } from './StatusBar'
import { viewIds, type ViewId } from './views'

const viewComponents: Record<ViewId, () => React.JSX.Element> = {
  live: LiveView,
  inbox: InboxView,
  bookings: BookingsView,
  reconciliation: ReconciliationView,
  extensions: ExtensionsView,
  offers: OffersView,
  activity: ActivityView,
  settings: SettingsView,
}

export function App() {
  const view = useNavigationStore((state) => state.view)
  const show = useNavigationStore((state) => state.show)
  const connect = useConnectionStore((state) => state.connect)
  const connectSync = useSyncStore((state) => state.connect)
  const [attentionOpen, setAttentionOpen] = useState(false)

  useEffect(() => connect(), [connect])
  useEffect(() => connectSync(), [connectSync])

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
        <Current />
      </main>
      {attentionOpen && <NeedsAttentionPanel onClose={() => setAttentionOpen(false)} />}
      <BookingDraftDialog />
      <ScreenPop />
      <StatusBar onShowAttention={() => setAttentionOpen((open) => !open)} />
    </div>
  )
}
