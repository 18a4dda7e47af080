/**
 * The relay's one way to build its RingCentral text sender from configuration: conversations,
 * calls and the booking lifecycle all send through a sender like this, with the sign-in kept
 * encrypted in the database (the `RingCentralSignIns` contract) and the opt-out list checked at every send.
 */
import type { RelayConfig } from '../../config/config'
import type { RingCentralSignIns } from '../../storage/contracts'
import { RingCentralSmsSender } from './sms-sender'

export interface RelaySmsSenderDependencies {
  /** Where the sender's sign-in is kept (either engine). */
  signIns: RingCentralSignIns
  config: RelayConfig
  /** Checked at every send: the relay's opt-out list and the customer records of the number. */
  isOptedOut: (phone: string) => Promise<boolean>
}

/** Null when RingCentral is not configured (no server, client id or JWT): nothing can be texted. */
export function createRelaySmsSender({ signIns, config, isOptedOut }: RelaySmsSenderDependencies): RingCentralSmsSender | null {
  const { serverUrl, clientId, clientSecret, jwt } = config.providers.ringCentral
  if (!serverUrl || !clientId || !jwt) return null
  return new RingCentralSmsSender({
    settings: { serverUrl, clientId, clientSecret, jwt },
    isOptedOut,
    signIns,
  })
}
