/**
 * The relay's RingCentral SDK clients. Each consumer (webhook subscription, text sender, calls)
 * keeps its sign-in sealed in the relay's database through the `RingCentralSignIns` contract, so
 * a restarted relay, or a second relay on the same database, refreshes the sign-in instead of
 * logging in with the JWT again. Where that sign-in lives is a question for storage, which may be
 * PostgreSQL: the SDK is therefore built at first use, not at start.
 */
import { SDK } from '@ringcentral/sdk'
import type { RingCentralSignIns } from '../../storage/contracts'
import type { SdkStorage } from '../../storage/ringcentral-auth-store'

/** What building an SDK needs of an app's settings (the relay's config or the text sender's). */
export interface RingCentralAppSettings {
  serverUrl?: string
  clientId?: string
  clientSecret?: string
}
export type RingCentralPlatform = ReturnType<SDK['platform']>

export class RingCentralNotConfiguredError extends Error {
  constructor() {
    super('RingCentral app credentials (server URL, client id, JWT, webhook token) are not configured')
    this.name = 'RingCentralNotConfiguredError'
  }
}

/** With `authStorage`, the SDK keeps its sign-in there (under `cachePrefix`) instead of in memory. */
export function createRingCentralSdk(settings: RingCentralAppSettings, authStorage?: { storage: SdkStorage | RingCentralSignIns; cachePrefix: string }): SDK {
  if (!settings.serverUrl || !settings.clientId) throw new RingCentralNotConfiguredError()
  return new SDK({
    server: settings.serverUrl,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    ...(authStorage ? { localStorage: authStorage.storage as never, cachePrefix: authStorage.cachePrefix } : {}),
  })
}

/**
 * One consumer's SDK, built at the first call. A storage outage while building is not remembered:
 * the next call asks storage again.
 */
export class LazyRingCentralSdk {
  private built: Promise<SDK> | null = null

  constructor(
    private readonly settings: RingCentralAppSettings,
    /** `calls`, `sms`, `subscription`: whose sign-in this is. */
    private readonly consumer: string,
    /** Without it the sign-in lives in the SDK's memory only. */
    private readonly signIns?: RingCentralSignIns,
  ) {}

  sdk(): Promise<SDK> {
    this.built ??= (async () => {
      const { signIns } = this
      return createRingCentralSdk(this.settings, signIns ? { storage: signIns, cachePrefix: await signIns.cachePrefixFor(this.consumer, this.settings) } : undefined)
    })().catch((error: unknown) => {
      this.built = null
      throw error
    })
    return this.built
  }

  async platform(): Promise<RingCentralPlatform> {
    return (await this.sdk()).platform()
  }
}
