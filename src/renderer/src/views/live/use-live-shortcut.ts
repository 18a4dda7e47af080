import { useEffect, useRef } from 'react'
import { liveShortcutFor, type LiveShortcut } from './live-model'

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}

/** Runs `handler` when the Live view's single-letter shortcut for `action` is pressed outside a text field. */
export function useLiveShortcut(action: LiveShortcut, handler: () => void): void {
  // The latest handler, without re-registering the listener on every render.
  const latest = useRef(handler)
  latest.current = handler
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat) return
      const pressed = liveShortcutFor({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        targetIsEditable: isEditable(event.target),
      })
      if (pressed !== action) return
      event.preventDefault()
      latest.current()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [action])
}
