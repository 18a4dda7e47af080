/**
 * Test doubles for the IPC handlers (our own port, so doubles are fine here): every channel
 * answers plausibly, and a test overrides the ones it is about.
 */
import type { RelayStatus, RingCentralSession, SyncState } from '../../../shared/ipc-contract'
import type { ConsoleServices } from '../../services/console-services'
import type { IpcHandlers } from '../dispatcher'
import { EventHub } from '../event-hub'

export const sampleRelayStatus: RelayStatus = {
  state: 'connected',
  relayUrl: 'http://127.0.0.1:8787',
  since: '2026-11-22T10:00:00.000Z',
  checkedAt: '2026-11-22T10:00:01.000Z',
  error: null,
}

export const unpairedSyncState: SyncState = {
  paired: false,
  relayUrl: 'http://127.0.0.1:8787',
  deviceId: null,
  deviceName: null,
  role: null,
  live: false,
  lastSyncAt: null,
  tokenRemembered: false,
  error: null,
}

export const signedOutRingCentralSession: RingCentralSession = {
  state: 'signed_out',
  serverUrl: 'http://127.0.0.1:9000',
  extension: null,
  since: '2026-11-22T10:00:00.000Z',
  tokenRemembered: false,
  error: null,
}

export function handlerDoubles(overrides: Partial<IpcHandlers> = {}): IpcHandlers {
  return {
    'app:getInfo': () => ({ version: '1.2.3', shell: 'browser', demoMode: false }),
    'relay:getStatus': () => sampleRelayStatus,
    'relay:checkNow': () => sampleRelayStatus,
    'sync:getState': () => unpairedSyncState,
    'sync:pair': () => unpairedSyncState,
    'sync:unpair': () => unpairedSyncState,
    'sync:pull': () => ({ documents: [], checkpoint: null }),
    'sync:push': () => [],
    'bank:list': () => ({ items: [], syncIntervalMs: 6 * 3_600_000 }),
    'bank:startLink': () => ({ sessionId: 'session-double-000001', mode: 'create', openUrl: null }),
    'bank:remove': () => ({ items: [], syncIntervalMs: 6 * 3_600_000 }),
    'activity:list': () => ({ entries: [], nextBefore: null, devices: [] }),
    'sync:businessRules': () => ({ rules: null }),
    'ringcentral:getSession': () => signedOutRingCentralSession,
    'ringcentral:signIn': () => signedOutRingCentralSession,
    'ringcentral:signOut': () => signedOutRingCentralSession,
    'calls:transfer': ({ telephonySessionId, extensionNumber }) => ({ telephonySessionId, extensionNumber }),
    ...overrides,
  }
}

/** Console services for transport tests: these handlers, no links out, no Link session open. */
export function consoleServicesDouble(handlers: IpcHandlers = handlerDoubles()): ConsoleServices {
  return {
    events: new EventHub(),
    handlers,
    onNewScreenPop: () => () => {},
    onEscalatedText: () => () => {},
    allowsExternalLink: () => false,
    finishLink: () => false,
    start() {},
    stop: async () => {},
  }
}
