/**
 * The relay's one way to build its RingCentral text sender from configuration: conversations,
 * calls and the booking lifecycle all send through a sender like this, with the sign-in kept
 * encrypted in the database (the `RingCentralSignIns` contract) and the opt-out list checked at every send.
 */
import type { RelayConfig } from '../../config/config'
import type { Logger } from '../../logging/logger'
import type { RelayDatabase } from '../../storage/database'
import { RingCentralAuthStore, ringCentralSignInsOnSqlite } from '../../storage/ringcentral-auth-store'
import { RingCentralSmsSender } from './sms-sender'

export interface RelaySmsSenderDependencies {
  db: RelayDatabase
  config: RelayConfig
  logger: Logger
  isOptedOut: (phone: string) => boolean
}

/** Null when RingCentral is not configured (no server, client id or JWT): nothing can be texted. */
export function createRelaySmsSender({ db, config, logger, isOptedOut }: RelaySmsSenderDependencies): RingCentralSmsSender | null {
  const { serverUrl, clientId, clientSecret, jwt } = config.providers.ringCentral
  if (!serverUrl || !clientId || !jwt) return null
  return new RingCentralSmsSender({
    settings: { serverUrl, clientId, clientSecret, jwt },
    isOptedOut,
    signIns: ringCentralSignInsOnSqlite(new RingCentralAuthStore(db, logger)),
  })
}
