import type { ViewDescription } from '../app/views'
import { useNavigationStore } from '../stores/navigation-store'
import { EmptyState } from './EmptyState'
import { ViewFrame } from './ViewFrame'

/** What a synced view shows before the console is paired: why, and the way to Settings. */
export function PairFirst({ view, children }: { view: ViewDescription; children: React.ReactNode }) {
  const show = useNavigationStore((state) => state.show)
  return (
    <ViewFrame view={view}>
      <EmptyState title="Pair this console first">{children}</EmptyState>
      <p className="center">
        <button type="button" onClick={() => show('settings')}>
          Go to Settings
        </button>
      </p>
    </ViewFrame>
  )
}
