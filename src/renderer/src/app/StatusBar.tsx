import { useEffect, useState } from 'react'
import type { Extension, NeedsAttention } from '../../../domain/schemas'
import type { RelayConnectionState } from '../../../shared/ipc-contract'
import { useLiveQuery } from '../db/use-live-query'
import { useConnectionStore } from '../stores/connection-store'
import { useNavigationStore } from '../stores/navigation-store'
import { useRingCentralStore } from '../stores/ringcentral-store'
import { useSyncStore } from '../stores/sync-store'

const relayLabels: Record<RelayConnectionState, string> = {
  connecting: 'Connecting to relay…',
  connected: 'Relay connected',
  degraded: 'Relay degraded',
  disconnected: 'Relay unreachable',
}

/** Always visible: relay connection, sync state and what needs attention (architecture §8). */
export function StatusBar({ onShowAttention }: { onShowAttention: () => void }) {
  const { relay, appInfo, bridgeError, retrying, retry } = useConnectionStore()
  const state: RelayConnectionState = relay?.state ?? 'connecting'
  const detail = bridgeError ?? relay?.error ?? (relay ? `Relay at ${relay.relayUrl}` : '')

  return (
    <footer className="status-bar" aria-label="Status">
      <div
        className={`status-item relay-status relay-${state}`}
        data-testid="relay-status"
        data-state={state}
        title={detail}
        role="status"
        aria-live="polite"
      >
        <span className="status-dot" aria-hidden="true" />
        <span>{relayLabels[state]}</span>
        {state !== 'connected' && state !== 'connecting' && (
          <>
            <span className="status-detail">{detail}</span>
            <button type="button" className="link-button" onClick={() => void retry()} disabled={retrying}>
              {retrying ? 'Checking…' : 'Retry'}
            </button>
          </>
        )}
      </div>
      <SyncStatus relayState={state} />
      <StaffStatus />
      <AttentionCount onShow={onShowAttention} />
      {appInfo?.demoMode && (
        <div className="status-item demo-badge" data-testid="demo-badge">
          Demo mode
        </div>
      )}
      <div className="status-item status-version">{appInfo ? `v${appInfo.version}` : ''}</div>
    </footer>
  )
}

function SyncStatus({ relayState }: { relayState: RelayConnectionState }) {
  const { sync, pendingCount, browserOnline, replicationError, catchUp } = useSyncStore()
  const show = useNavigationStore((state) => state.show)
  if (!sync?.paired) {
    return (
      <div className="status-item" data-testid="sync-status" data-sync="unpaired">
        Not paired —{' '}
        <button type="button" className="link-button" onClick={() => show('settings')}>
          pair this console
        </button>
      </div>
    )
  }
  const offline = !browserOnline || relayState === 'disconnected'
  const changes = `${pendingCount} change${pendingCount === 1 ? '' : 's'}`
  const pulling = !offline && catchUp?.catchingUp === true
  const text = offline
    ? `Offline — ${pendingCount > 0 ? `${changes} waiting` : 'working from this computer'}`
    : pulling
      ? `Getting the relay's data… ${catchUp.received.toLocaleString('en-US')} records`
      : pendingCount > 0
        ? `Syncing ${changes}…`
        : sync.lastSyncAt
          ? `Synced ${new Date(sync.lastSyncAt).toLocaleTimeString()}`
          : 'Synced'
  return (
    <div
      className="status-item"
      data-testid="sync-status"
      data-sync={offline ? 'offline' : pulling ? 'pulling' : pendingCount > 0 ? 'syncing' : 'synced'}
      data-pending={pendingCount}
      title={replicationError ?? sync.error ?? ''}
    >
      {text}
    </div>
  )
}

const staffStatusLabels: Record<Extension['status'], string> = { available: 'Available', busy: 'Busy', offline: 'Offline' }

/**
 * The signed-in extension's own status (escalations go only to available extensions), changed
 * here and synced like any other edit. Shown once RingCentral says who is signed in.
 */
function StaffStatus() {
  const connect = useRingCentralStore((state) => state.connect)
  const signedIn = useRingCentralStore((state) => state.session?.extension ?? null)
  const save = useSyncStore((state) => state.save)
  const { documents } = useLiveQuery<Extension>('extensions')
  const [error, setError] = useState<string | null>(null)
  useEffect(() => connect(), [connect])
  if (!signedIn) return null
  const mine = documents.find(
    (extension) => extension.ringCentralExtensionId === signedIn.id || extension.extensionNumber === signedIn.extensionNumber,
  )
  if (!mine) {
    return (
      <div className="status-item" data-testid="staff-status" data-status="unknown" title="This extension is not in the Extensions list yet">
        Ext. {signedIn.extensionNumber}
      </div>
    )
  }
  return (
    <div className={`status-item staff-status staff-${mine.status}`} data-testid="staff-status" data-status={mine.status}>
      <label>
        <span className="status-dot" aria-hidden="true" />
        <span aria-hidden="true">Ext. {mine.extensionNumber}: </span>
        <select
          aria-label={`My status (extension ${mine.extensionNumber})`}
          value={mine.status}
          onChange={(event) => {
            setError(null)
            save('extensions', { ...mine, status: event.target.value as Extension['status'] }).catch((failure: Error) =>
              setError(`Your status was not saved: ${failure.message}`),
            )
          }}
        >
          {Object.entries(staffStatusLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </div>
  )
}

function AttentionCount({ onShow }: { onShow: () => void }) {
  const { documents, loading } = useLiveQuery<NeedsAttention>('needsAttention', { selector: { status: 'open' } })
  const count = documents.length
  const arrived = useNewlyArrived(documents, loading)
  return (
    <>
      <button type="button" className="status-item link-button attention" data-testid="attention-count" data-count={count} onClick={onShow}>
        {count} need{count === 1 ? 's' : ''} attention
      </button>
      {arrived && <AttentionToast key={arrived.id} item={arrived} onShow={onShow} />}
    </>
  )
}

/**
 * The newest item that appeared while the console was open (not those already there when it
 * loaded): an edit the relay refused should be noticed when it happens, not at the next glance
 * at the status bar.
 */
function useNewlyArrived(items: NeedsAttention[], loading: boolean): NeedsAttention | null {
  const [seen, setSeen] = useState<Set<string> | null>(null)
  const [arrived, setArrived] = useState<NeedsAttention | null>(null)
  useEffect(() => {
    if (loading) return
    const ids = new Set(items.map((item) => item.id))
    if (seen) {
      const fresh = items.filter((item) => !seen.has(item.id))
      if (fresh.length > 0) setArrived(fresh[fresh.length - 1]!)
    }
    if (arrived && !ids.has(arrived.id)) setArrived(null)
    setSeen(ids)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs when the items change
  }, [items, loading])
  return arrived
}

function AttentionToast({ item, onShow }: { item: NeedsAttention; onShow: () => void }) {
  const [open, setOpen] = useState(true)
  useEffect(() => {
    const timer = setTimeout(() => setOpen(false), 12_000)
    return () => clearTimeout(timer)
  }, [])
  if (!open) return null
  return (
    <div className="toast attention-toast" role="status" data-testid="attention-toast">
      {item.title}{' '}
      <button
        type="button"
        className="link-button"
        onClick={() => {
          setOpen(false)
          onShow()
        }}
      >
        Show
      </button>
    </div>
  )
}
