/**
 * "A text needs a person": a toast for each text thread the agent hands over while this console
 * runs (main announces each new customer message once; the Electron shell also raises a native
 * notification). Open goes to the thread; a native notification clicked arrives as the same
 * announcement again and opens it directly. Escape dismisses the newest toast.
 */
import { useEffect, useState } from 'react'
import { formatPhoneNumber } from '../../../domain/phone-number'
import type { Customer } from '../../../domain/schemas'
import type { EscalatedText } from '../../../shared/ipc-contract'
import { api } from '../bridge'
import { useLiveQuery } from '../db/use-live-query'
import { useInboxStore } from '../stores/inbox-store'
import { useNavigationStore } from '../stores/navigation-store'

/** Toasts shown at once; older ones give way. */
const maxShown = 3

export function EscalationNotices() {
  const [notices, setNotices] = useState<EscalatedText[]>([])
  const show = useNavigationStore((state) => state.show)
  const select = useInboxStore((state) => state.select)
  const { documents: customers } = useLiveQuery<Customer>('customers')

  const open = (notice: EscalatedText) => {
    select(notice.conversationId)
    show('inbox')
    setNotices((current) => current.filter((each) => each.messageId !== notice.messageId))
  }

  useEffect(
    () =>
      api.on('inbox:escalatedText', (notice) => {
        setNotices((current) => {
          // Announced twice: the native notification was clicked.
          if (current.some((each) => each.messageId === notice.messageId)) {
            queueMicrotask(() => open(notice))
            return current
          }
          return [...current, notice].slice(-maxShown)
        })
      }),
    [],
  )

  useEffect(() => {
    if (notices.length === 0) return
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || (event.target as HTMLElement | null)?.closest('[role="dialog"], form, input, textarea')) return
      setNotices((current) => current.slice(0, -1))
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [notices.length])

  if (notices.length === 0) return null
  const names = new Map(customers.filter((customer) => customer.phone && customer.name && !customer.mergedInto).map((customer) => [customer.phone!, customer.name]))
  return (
    <div className="notice-stack" role="region" aria-label="Notifications">
      {notices.map((notice) => (
        <div key={notice.messageId} className="notice" role="alert" data-testid="escalation-notice">
          <strong>{names.get(notice.customerPhone) ?? formatPhoneNumber(notice.customerPhone)} needs a person</strong>
          <p>{notice.preview}</p>
          <div className="row-actions">
            <button type="button" className="primary" onClick={() => open(notice)}>
              Open thread
            </button>
            <button type="button" className="link-button" onClick={() => setNotices((current) => current.filter((each) => each.messageId !== notice.messageId))}>
              Dismiss
            </button>
          </div>
        </div>
      ))}
    </div>
  )
}
