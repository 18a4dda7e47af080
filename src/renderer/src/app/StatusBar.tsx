import type { RelayConnectionState } from '../../../shared/ipc-contract'
import { useConnectionStore } from '../stores/connection-store'

const relayLabels: Record<RelayConnectionState, string> = {
  connecting: 'Connecting to relay…',
  connected: 'Relay connected',
  degraded: 'Relay degraded',
  disconnected: 'Relay unreachable',
}

/** Always visible: relay connection, sync state and what needs attention (architecture §8). */
export function StatusBar() {
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
      <div className="status-item" data-testid="sync-status">
        Not paired yet — pair this console in Settings to sync
      </div>
      <div className="status-item" data-testid="attention-count">
        0 need attention
      </div>
      {appInfo?.demoMode && (
        <div className="status-item demo-badge" data-testid="demo-badge">
          Demo mode
        </div>
      )}
      <div className="status-item status-version">{appInfo ? `v${appInfo.version}` : ''}</div>
    </footer>
  )
}
