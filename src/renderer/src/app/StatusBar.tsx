import type { NeedsAttention } from '../../../domain/schemas'
import type { RelayConnectionState } from '../../../shared/ipc-contract'
import { useLiveQuery } from '../db/use-live-query'
import { useConnectionStore } from '../stores/connection-store'
import { useNavigationStore } from '../stores/navigation-store'
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
  const { sync, pendingCount, browserOnline, replicationError } = useSyncStore()
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
  const text = offline
    ? `Offline — ${pendingCount > 0 ? `${changes} waiting` : 'working from this computer'}`
    : pendingCount > 0
      ? `Syncing ${changes}…`
      : sync.lastSyncAt
        ? `Synced ${new Date(sync.lastSyncAt).toLocaleTimeString()}`
        : 'Synced'
  return (
    <div
      className="status-item"
      data-testid="sync-status"
      data-sync={offline ? 'offline' : pendingCount > 0 ? 'syncing' : 'synced'}
      data-pending={pendingCount}
      title={replicationError ?? sync.error ?? ''}
    >
      {text}
    </div>
  )
}

function AttentionCount({ onShow }: { onShow: () => void }) {
  const { documents } = useLiveQuery<NeedsAttention>('needsAttention', { selector: { status: 'open' } })
  const count = documents.length
  return (
    <button type="button" className="status-item link-button attention" data-testid="attention-count" data-count={count} onClick={onShow}>
      {count} need{count === 1 ? 's' : ''} attention
    </button>
  )
}
