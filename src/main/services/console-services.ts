/**
 * Builds the console's main-process services and the handlers the IPC contract calls.
 * Both the Electron main process and the browser web host start the console through this,
 * so everything but the Electron glue is exercised in Node tests and the browser e2e run.
 */
import type { EscalatedText, ScreenPop } from '../../shared/ipc-contract'
import type { LinkPageResult } from '../../shared/plaid-link-contract'
import { BankService, type LinkLauncher } from './bank-service'
import { EscalationWatcher } from './escalation-watcher'
import type { IpcHandlers } from '../ipc/dispatcher'
import { EventHub } from '../ipc/event-hub'
import { ExternalLinks } from './external-links'
import type { ConsoleConfig } from './console-config'
import { PairingFile } from './pairing-file'
import { RelayMonitor } from './relay-monitor'
import { RingCentralCalls } from './ringcentral-calls'
import { RingCentralSessionService } from './ringcentral-session'
import type { SecretStore } from './secret-store'
import { SyncService } from './sync-service'

export interface ConsoleServices {
  handlers: IpcHandlers
  events: EventHub
  /** A call newly popped for the signed-in extension (Electron raises a native notification). */
  onNewScreenPop(listener: (pop: ScreenPop) => void): () => void
  /** A text thread newly needing a person (Electron raises a native notification). */
  onEscalatedText(listener: (text: EscalatedText) => void): () => void
  /** Plaid Link's page reports how its session ended (once per session; false when refused). */
  finishLink(result: LinkPageResult): boolean
  /** Whether a link may go to the system browser: Stripe Checkout or the business's review page. */
  allowsExternalLink(url: string): boolean
  start(): void
  stop(): Promise<void>
}

export interface ConsoleEnvironment {
  shell: 'electron' | 'browser'
  version: string
  /** The OS keychain in Electron; memory in the browser web host. */
  secrets: SecretStore
  /** Where the non-secret pairing details are kept; null keeps them in memory only. */
  pairingFilePath: string | null
  /** Shows Plaid Link isolated from the console: its own window (Electron) or origin (browser). */
  linkLauncher?: LinkLauncher | null
}

export function createConsoleServices(config: ConsoleConfig, environment: ConsoleEnvironment): ConsoleServices {
  const { shell, version } = environment
  const events = new EventHub()
  const escalatedListeners = new Set<(text: EscalatedText) => void>()
  const escalations = new EscalationWatcher((notice) => {
    events.emit('inbox:escalatedText', notice)
    for (const listener of escalatedListeners) listener(notice)
  })
  const relay = new RelayMonitor({ relayUrl: config.relayUrl, intervalMs: config.relayPollMs })
  relay.onChange((status) => events.emit('relay:status', status))
  const externalLinks = new ExternalLinks()
  const sync = new SyncService({
    relayUrl: config.relayUrl,
    secrets: environment.secrets,
    pairingFile: new PairingFile(environment.pairingFilePath),
    emitState: (state) => events.emit('sync:state', state),
    emitStream: (event) => {
      events.emit('sync:stream', event)
      escalations.accept(event)
    },
    pairOnStart: config.pairingCode ? { code: config.pairingCode, name: shell === 'electron' ? 'This computer' : 'Browser console' } : null,
    observeDocuments: (collection, documents) => externalLinks.observe(collection, documents),
  })
  const newPopListeners = new Set<(pop: ScreenPop) => void>()
  const calls = new RingCentralCalls({
    emitScreenPop: (pop, isNew) => {
      events.emit('calls:screenPop', pop)
      if (isNew) for (const listener of newPopListeners) listener(pop)
    },
    onConnectionChange: (state) => ringCentral.connectionChanged(state),
  })
  const ringCentral = new RingCentralSessionService({
    settings: config.ringCentral,
    secrets: environment.secrets,
    calls,
    emitSession: (session) => events.emit('ringcentral:session', session),
  })

  const bank = new BankService({ sync, launcher: environment.linkLauncher ?? null, emit: (event) => events.emit('bank:link', event) })

  const handlers: IpcHandlers = {
    'app:getInfo': () => ({ version, shell, demoMode: config.demoMode }),
    'relay:getStatus': () => relay.getStatus(),
    'relay:checkNow': () => relay.checkNow(),
    'sync:getState': () => sync.getState(),
    'sync:pair': ({ code, name }) => sync.pair(code, name),
    'sync:unpair': () => sync.unpair(),
    'sync:pull': ({ collection, checkpoint, limit }) => sync.pull(collection, checkpoint, limit),
    'sync:push': ({ collection, rows }) => sync.push(collection, rows),
    'bank:list': () => bank.list(),
    'bank:startLink': ({ itemId }) => bank.startLink(itemId),
    'bank:remove': ({ itemId }) => bank.remove(itemId),
    'activity:list': (query) => sync.activity(query),
    'sync:businessRules': () => sync.businessRules(),
    'ringcentral:getSession': () => ringCentral.getSession(),
    'ringcentral:signIn': ({ jwt }) => ringCentral.signIn(jwt),
    'ringcentral:signOut': () => ringCentral.signOut(),
    'calls:transfer': ({ telephonySessionId, partyId, extensionNumber }) => calls.transfer(telephonySessionId, partyId, extensionNumber),
  }

  return {
    handlers,
    events,
    finishLink: (result) => bank.finish(result),
    onNewScreenPop: (listener) => {
      newPopListeners.add(listener)
      return () => newPopListeners.delete(listener)
    },
    onEscalatedText: (listener) => {
      escalatedListeners.add(listener)
      return () => escalatedListeners.delete(listener)
    },
    allowsExternalLink: (url) => externalLinks.allows(url),
    start: () => {
      relay.start()
      void sync.start()
      void ringCentral.start()
    },
    stop: async () => {
      relay.stop()
      sync.stop()
      await ringCentral.stop()
    },
  }
}
