import { useEffect, useRef } from 'react'

/** "Removed X. Undo" for ten seconds after a click that can hurt. */
export function UndoToast({ message, onUndo, onExpire }: { message: string; onUndo: () => void; onExpire: () => void }) {
  // The ten seconds run from when this message appeared, not from the latest re-render.
  const expire = useRef(onExpire)
  expire.current = onExpire
  useEffect(() => {
    const timer = setTimeout(() => expire.current(), 10_000)
    return () => clearTimeout(timer)
  }, [message])
  return (
    <div className="toast" role="status">
      {message}{' '}
      <button type="button" className="link-button" onClick={onUndo}>
        Undo
      </button>
    </div>
  )
}
