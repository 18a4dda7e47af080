import type { ViewDescription } from '../app/views'
import { EmptyState } from './EmptyState'

/** A view's heading and, until it has content, its empty state. */
export function ViewFrame({ view, children }: { view: ViewDescription; children?: React.ReactNode }) {
  return (
    <section className="view" aria-labelledby={`view-title-${view.id}`} data-testid={`view-${view.id}`}>
      <header className="view-header">
        <h1 id={`view-title-${view.id}`}>{view.label}</h1>
      </header>
      {children ?? <EmptyState title={view.emptyTitle}>{view.emptyBody}</EmptyState>}
    </section>
  )
}
