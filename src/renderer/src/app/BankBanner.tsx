/**
 * Shown above every view while a linked bank needs the owner (Plaid's ITEM_LOGIN_REQUIRED,
 * PENDING_EXPIRATION or PENDING_DISCONNECT): new deposits stop arriving until it is fixed.
 */
import { useEffect } from 'react'
import { needsReconnect, useBankStore } from '../stores/bank-store'
import { useSyncStore } from '../stores/sync-store'

const reasons: Record<string, string> = {
  login_required: 'needs you to log in again',
  pending_expiration: 'will stop sharing transactions soon',
  pending_disconnect: 'will disconnect soon',
  error: 'reports a problem',
}

export function BankBanner() {
  const isOwner = useSyncStore((state) => state.sync?.paired === true && state.sync.role === 'owner')
  const connect = useBankStore((state) => state.connect)
  const overview = useBankStore((state) => state.overview)
  const session = useBankStore((state) => state.session)
  const startLink = useBankStore((state) => state.startLink)

  useEffect(() => (isOwner ? connect() : undefined), [isOwner, connect])

  const broken = isOwner ? (overview?.items ?? []).filter(needsReconnect) : []
  if (broken.length === 0) return null
  const linkOpen = session?.state === 'open' || session?.state === 'exchanging'
  return (
    <div className="bank-banner" role="alert" data-testid="bank-banner">
      {broken.map((item) => {
        const name = item.institution?.name ?? 'Your bank'
        return (
          <p key={item.itemId}>
            <strong>{name}</strong> {reasons[item.status] ?? 'needs attention'}: new deposits will not arrive until you reconnect it.{' '}
            <button type="button" onClick={() => void startLink(item.itemId)} disabled={linkOpen}>
              Reconnect {name}
            </button>
          </p>
        )
      })}
    </div>
  )
}
