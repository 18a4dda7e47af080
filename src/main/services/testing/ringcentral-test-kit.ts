/**
 * Shared by the RingCentral service tests: the console's main-process services pointed at a
 * RingCentral simulator, with a stand-in OS keychain (real encryption under a key of its own).
 */
import { startRingCentralSimulator, type RingCentralSimulator } from '../../../../server/sandbox/ringcentral/ringcentral-simulator'
import type { EventName, EventPayloadOf } from '../../../shared/ipc-contract'
import { createConsoleServices, type ConsoleServices } from '../console-services'
import type { ConsoleConfig } from '../console-config'
import { fakeOsKeychain } from './fake-os-keychain'
import { createOsKeychain, type SafeStorageLike } from '../os-keychain'
import type { SecretStore } from '../secret-store'

export { fakeOsKeychain }

export const appCredentials = { clientId: 'sim-client-console', clientSecret: 'console-test-secret', jwt: 'sim-jwt-app-own-credential-for-tests' }

export function startSimulator(): Promise<RingCentralSimulator> {
  // A short-lived socket token, so the SDK fetches a fresh one when it reconnects within the test.
  return startRingCentralSimulator({ ...appCredentials, webSocketTokenTtlSeconds: 1 })
}

export function keychainAt(safeStorage: SafeStorageLike, path: string): SecretStore {
  return createOsKeychain(safeStorage, path, 'linux')
}

export async function extensionCredential(simulator: RingCentralSimulator, extensionNumber: string): Promise<string> {
  const issued = simulator.webSocketGateway.issueCredential(extensionNumber)
  if (!issued) throw new Error(`no extension ${extensionNumber}`)
  return issued.jwt
}

export interface ConsoleUnderTest {
  services: ConsoleServices
  /** Every event the services emitted, in order. */
  events: { name: EventName; payload: unknown }[]
  /** Resolves with the first event (already seen or still to come) that matches. */
  next<E extends EventName>(name: E, match?: (payload: EventPayloadOf<E>) => boolean): Promise<EventPayloadOf<E>>
  stop(): Promise<void>
}

export function consoleFor(
  simulator: Pick<RingCentralSimulator, 'url'>,
  secrets: SecretStore,
  ringCentral: ConsoleConfig['ringCentral'] = {
    source: 'environment',
    serverUrl: simulator.url,
    clientId: appCredentials.clientId,
    clientSecret: appCredentials.clientSecret,
  },
): ConsoleUnderTest {
  const config: ConsoleConfig = {
    // Nothing listens here: these tests are about RingCentral, and the relay link only polls.
    relayUrl: 'http://127.0.0.1:9',
    relayPollMs: 600_000,
    demoMode: false,
    plaidLinkStandIn: null,
    pairingCode: null,
    ringCentral,
  }
  const services = createConsoleServices(config, { shell: 'browser', version: '0.0.0-test', secrets, pairingFilePath: null })
  const events: { name: EventName; payload: unknown }[] = []
  let waiters: { name: EventName; match: (payload: never) => boolean; resolve: (payload: never) => void }[] = []
  services.events.attach((name, payload) => {
    events.push({ name, payload })
    waiters = waiters.filter((waiter) => {
      if (waiter.name !== name || !waiter.match(payload as never)) return true
      waiter.resolve(payload as never)
      return false
    })
  })
  return {
    services,
    events,
    next(name, match = () => true) {
      const seen = events.find((event) => event.name === name && match(event.payload as never))
      if (seen) return Promise.resolve(seen.payload as never)
      return new Promise((resolve) => waiters.push({ name, match: match as (payload: never) => boolean, resolve: resolve as (payload: never) => void }))
    },
    stop: () => services.stop(),
  }
}
