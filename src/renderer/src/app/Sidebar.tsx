import { useNavigationStore } from '../stores/navigation-store'
import { viewIds, views } from './views'

const modifier = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl+'

export function Sidebar() {
  const { view: current, show } = useNavigationStore()
  return (
    <nav className="sidebar" aria-label="Views">
      <div className="brand">Switchboard</div>
      <ul>
        {viewIds.map((id, index) => (
          <li key={id}>
            <button
              type="button"
              className="nav-item"
              aria-current={current === id ? 'page' : undefined}
              onClick={() => show(id)}
              title={`${views[id].label} (${modifier}${index + 1})`}
            >
              <span>{views[id].label}</span>
              <kbd aria-hidden="true">{`${modifier}${index + 1}`}</kbd>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  )
}
