/**
 * Settings → Bank: connect the business's bank through Plaid Link (in its own window), see its
 * accounts and how syncing goes, reconnect when the bank asks for a new login, remove it.
 */
import { useState } from 'react'
import type { BankItem } from '../../../../shared/ipc-contract'
import { needsReconnect, useBankStore } from '../../stores/bank-store'
import { useSyncStore } from '../../stores/sync-store'

const statusText: Record<string, string> = {
  good: 'Connected',
  login_required: 'Needs you to log in again',
  pending_expiration: 'Access expires soon: log in again to keep it',
  pending_disconnect: 'Will disconnect soon: log in again to keep it',
  error: 'Plaid reports a problem',
}

export function BankSection() {
  const role = useSyncStore((state) => state.sync?.role ?? null)
  if (role === null) {
    return (
      <section className="panel" aria-labelledby="bank-title">
        <h2 id="bank-title">Bank</h2>
        <p className="hint">Pair this console with the relay first; the bank connection lives on the relay.</p>
      </section>
    )
  }
  if (role !== 'owner') {
    return (
      <section className="panel" aria-labelledby="bank-title">
        <h2 id="bank-title">Bank</h2>
        <p className="hint">Only the owner's console manages the bank connection.</p>
      </section>
    )
  }
  return <OwnerBankSection />
}

function OwnerBankSection() {
  const { overview, error, session, pendingLinkUrl, starting, startLink } = useBankStore()
  const linkOpen = session?.state === 'open' || session?.state === 'exchanging'
  const items = overview?.items ?? []
  return (
    <section className="panel" aria-labelledby="bank-title" data-testid="bank-section">
      <h2 id="bank-title">Bank</h2>
      <p className="hint">
        Switchboard reads the business account's deposits through Plaid to match them to bookings. It never sees the bank
        login, and the relay checks for new transactions as Plaid announces them and every{' '}
        {overview ? Math.round((overview.syncIntervalMs / 3_600_000) * 10) / 10 : 6} hours besides.
      </p>
      {error && <p role="alert" className="error">{error}</p>}
      {overview && items.length === 0 && (
        <p data-testid="bank-empty">No bank connected yet. Connect the account your customers pay into.</p>
      )}
      <ul className="bank-list">
        {items.map((item) => (
          <BankRow key={item.itemId} item={item} disabled={linkOpen || starting} />
        ))}
      </ul>
      <LinkProgress />
      {pendingLinkUrl && (
        <p>
          The browser blocked Plaid Link's window.{' '}
          <a href={pendingLinkUrl} target="_blank" rel="noreferrer">
            Open Plaid Link
          </a>
        </p>
      )}
      <button type="button" onClick={() => void startLink(null)} disabled={linkOpen || starting}>
        {items.length > 0 ? 'Connect another bank' : 'Connect a bank'}
      </button>
    </section>
  )
}

function LinkProgress() {
  const session = useBankStore((state) => state.session)
  if (!session) return null
  const text: Record<typeof session.state, string> = {
    open: 'Plaid Link is open in its own window. Finish there, or close it to cancel.',
    exchanging: 'Finishing the connection with the relay…',
    connected: 'Bank connected.',
    reconnected: 'Bank login repaired.',
    exited: 'Plaid Link was closed; nothing changed.',
    failed: session.message ?? 'The bank could not be connected.',
  }
  return (
    <p role="status" data-testid="bank-link-status" data-state={session.state} className={session.state === 'failed' ? 'error' : undefined}>
      {text[session.state]}
    </p>
  )
}

function BankRow({ item, disabled }: { item: BankItem; disabled: boolean }) {
  const startLink = useBankStore((state) => state.startLink)
  const remove = useBankStore((state) => state.remove)
  const [confirming, setConfirming] = useState(false)
  const [removing, setRemoving] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const name = item.institution?.name ?? 'Bank'
  const syncing = item.sync.state === 'syncing'

  return (
    <li className="bank-item" data-testid="bank-item" data-status={item.status} aria-label={name}>
      <div className="bank-item-head">
        <strong>{name}</strong> <span className={`bank-status bank-status-${item.status}`}>{statusText[item.status] ?? item.status}</span>
      </div>
      <ul className="bank-accounts" aria-label={`${name} accounts`}>
        {item.accounts.map((account) => (
          <li key={account.id}>
            {account.name} {account.mask ? `••${account.mask}` : ''} <span className="hint">({[account.type, account.subtype].filter(Boolean).join(' · ')})</span>
          </li>
        ))}
      </ul>
      {syncing ? (
        <p role="status" data-testid="bank-sync-progress">
          <progress aria-label="Pulling the bank's history" /> Pulling the history from Plaid… {item.sync.transactionsPulled} transactions so far.
        </p>
      ) : (
        <p className="hint" data-testid="bank-last-sync">
          {item.lastSyncedAt ? `Last synced ${new Date(item.lastSyncedAt).toLocaleString()}` : 'Not synced yet'}
          {item.sync.error ? ` — ${item.sync.error}` : ''}
        </p>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      <div className="bank-actions">
        {needsReconnect(item) && (
          <button type="button" onClick={() => void startLink(item.itemId)} disabled={disabled}>
            Reconnect {name}
          </button>
        )}
        {confirming ? (
          <div className="confirm" role="alertdialog" aria-label={`Remove ${name}?`}>
            <p>
              Remove {name}? Plaid stops sharing its transactions and Switchboard stops syncing it. Transactions already synced stay
              in Reconciliation. To see new ones again you would connect the bank anew.
            </p>
            <button
              type="button"
              className="danger"
              disabled={removing}
              onClick={() => {
                setRemoving(true)
                void remove(item.itemId).then((message) => {
                  setRemoving(false)
                  setError(message)
                  if (!message) setConfirming(false)
                })
              }}
            >
              Remove bank
            </button>
            <button type="button" onClick={() => setConfirming(false)} autoFocus>
              Keep it
            </button>
          </div>
        ) : (
          <button type="button" onClick={() => setConfirming(true)} disabled={disabled}>
            Remove…
          </button>
        )}
      </div>
    </li>
  )
}
