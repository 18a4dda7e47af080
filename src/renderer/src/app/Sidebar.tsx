import { inboxCounts } from '../../../domain/conversations/inbox-notices'
import type { Conversation } from '../../../domain/schemas'
import { useLiveQuery } from '../db/use-live-query'
import { useInboxStore } from '../stores/inbox-store'
import { useNavigationStore } from '../stores/navigation-store'
import { viewIds, views, type ViewId } from './views'

const modifier = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl+'

export function Sidebar() {
  const { view: current, show } = useNavigationStore()
  const { documents: threads } = useLiveQuery<Conversation>('conversations')
  const readUpTo = useInboxStore((state) => state.readUpTo)
  const inbox = inboxCounts(threads, readUpTo)
  // Counts beside a view's name; the button's name stays the view's, the counts are its description.
  const counts: Partial<Record<ViewId, { text: string; label: string; urgent: boolean }[]>> = {
    inbox: [
      ...(inbox.needsPerson > 0 ? [{ text: String(inbox.needsPerson), label: `${inbox.needsPerson} need${inbox.needsPerson === 1 ? 's' : ''} a person`, urgent: true }] : []),
      ...(inbox.unread > 0 ? [{ text: String(inbox.unread), label: `${inbox.unread} unread`, urgent: false }] : []),
    ],
  }
  return (
    <nav className="sidebar" aria-label="Views">
      <div className="brand">Switchboard</div>
      <ul>
        {viewIds.map((id, index) => {
          const badges = counts[id] ?? []
          const description = badges.map((badge) => badge.label).join(', ')
          return (
            <li key={id}>
              <button
                type="button"
                className="nav-item"
                aria-current={current === id ? 'page' : undefined}
                aria-label={views[id].label}
                aria-describedby={description ? `nav-counts-${id}` : undefined}
                onClick={() => show(id)}
                title={`${views[id].label}${description ? ` (${description})` : ''} (${modifier}${index + 1})`}
              >
                <span>{views[id].label}</span>
                {badges.map((badge) => (
                  <span key={badge.label} className={`nav-count${badge.urgent ? ' urgent' : ''}`} aria-hidden="true" data-testid={`nav-count-${id}${badge.urgent ? '-urgent' : ''}`}>
                    {badge.text}
                  </span>
                ))}
                {description && (
                  <span id={`nav-counts-${id}`} className="visually-hidden">
                    {description}
                  </span>
                )}
                <kbd aria-hidden="true">{`${modifier}${index + 1}`}</kbd>
              </button>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}
