/**
 * The relay's own RingCentral webhook subscription (providers §1.4). With app credentials
 * configured, the relay logs in with the JWT grant, creates a WebHook subscription to
 * `/webhooks/ringcentral` with an explicit `expiresIn`, renews it before it expires, and
 * recreates it when RingCentral has blacklisted or dropped it (a blacklisted subscription is never
 * re-enabled).
 *
 * Filters RingCentral does not grant (a permission the app lacks) come back in `disabledFilters`
 * instead of `eventFilters`. Recreating would not change that, so such a subscription is kept; the
 * owner is told under "needs attention", and each renewal asks for every filter again (a PUT), so
 * a permission granted later takes effect without anyone restarting anything.
 */
import type { RelayConfig } from '../../config/config'
import type { Logger } from '../../logging/logger'
import type { NeedsAttention } from '../../../../src/domain/schemas'
import type { RingCentralRecords, RingCentralSignIns } from '../../storage/contracts'
import type { DocumentSync } from '../../storage/contracts'
import { notificationKind, relayEventFilters } from './notifications'
import { createRingCentralSdk, RingCentralNotConfiguredError, type RingCentralPlatform } from './ringcentral-sdk'

type RingCentralSettings = RelayConfig['providers']['ringCentral']
type Platform = RingCentralPlatform

export interface WebhookSubscriptionOptions {
  /** Where the subscription's id, address and expiry are kept (any engine). */
  records: RingCentralRecords
  /** Where the SDK keeps its sign-in, sealed with the relay key (any engine). */
  signIns: RingCentralSignIns
  settings: RingCentralSettings
  /** The public URL of this relay's `/webhooks/ringcentral`. */
  webhookAddress: string
  logger: Logger
  now?: () => Date
  /** Lifetime asked for at creation and renewal (seconds). */
  expiresInSeconds?: number
  /** Renew once less than this remains (seconds). */
  renewBeforeSeconds?: number
  /** How often `start()` checks the subscription. */
  checkIntervalMs?: number
  /** Where filters RingCentral did not grant are reported to the owner (`needsAttention`). */
  documents?: DocumentSync
}

export type SubscriptionAction = 'created' | 'recreated' | 'renewed' | 'kept'

/** A filter RingCentral left out of the subscription (DisabledFilterInfo). */
export interface DisabledFilter {
  filter: string
  reason: string
  message?: string
}

interface SubscriptionResource {
  id: string
  status: string
  expirationTime: string
  eventFilters?: string[]
  disabledFilters?: DisabledFilter[]
  deliveryMode?: { address?: string }
}

export class RingCentralWebhookSubscription {
  private platform: Platform | null = null
  private timer: NodeJS.Timeout | null = null
  private readonly now: () => Date
  private readonly expiresIn: number
  private readonly renewBeforeMs: number

  constructor(private readonly options: WebhookSubscriptionOptions) {
    this.now = options.now ?? (() => new Date())
    this.expiresIn = options.expiresInSeconds ?? 7 * 24 * 3600
    this.renewBeforeMs = (options.renewBeforeSeconds ?? 24 * 3600) * 1000
  }

  /** Makes sure an active subscription exists and has time left; says what it did. */
  async ensure(): Promise<{ action: SubscriptionAction; subscriptionId: string }> {
    let result: { action: SubscriptionAction; subscription: SubscriptionResource }
    try {
      result = await this.ensureSignedIn(await this.signedIn())
    } catch (error) {
      if (statusOf(error) !== 401 || !this.platform) throw error
      // A stored sign-in RingCentral no longer accepts (revoked, or issued to an earlier sandbox).
      this.options.logger.warn('RingCentral refused the stored sign-in; signing in again with the JWT')
      await this.options.signIns.forget(await this.authCachePrefix())
      this.platform = null
      result = await this.ensureSignedIn(await this.signedIn())
    }
    await this.reportDisabledFilters(result.subscription.disabledFilters ?? [])
    return { action: result.action, subscriptionId: result.subscription.id }
  }

  private async ensureSignedIn(platform: Platform): Promise<{ action: SubscriptionAction; subscription: SubscriptionResource }> {
    const stored = await this.options.records.subscription()
    if (!stored) return { action: 'created', subscription: await this.create(platform) }

    const current = await this.read(platform, stored.subscriptionId)
    // A filter RingCentral refused is as good as it gets: recreating would be refused the same way.
    const isUsable =
      current !== null &&
      current.status === 'Active' &&
      current.deliveryMode?.address === this.options.webhookAddress &&
      relayEventFilters.every(
        (filter) => current.eventFilters?.some((f) => sameFilter(f, filter)) || current.disabledFilters?.some((d) => sameFilter(d.filter, filter)),
      )
    if (!isUsable) {
      if (current) await this.remove(platform, current.id)
      const created = await this.create(platform)
      this.options.logger.warn({ status: current?.status ?? 'missing' }, 'RingCentral webhook subscription recreated')
      return { action: 'recreated', subscription: created }
    }
    if (Date.parse(current.expirationTime) - this.now().getTime() < this.renewBeforeMs) {
      // With filters left out, renewing by PUT asks for all of them again.
      const renewed = (
        current.disabledFilters?.length
          ? await (await platform.put(`/restapi/v1.0/subscription/${current.id}`, { eventFilters: [...relayEventFilters], expiresIn: this.expiresIn })).json()
          : await (await platform.post(`/restapi/v1.0/subscription/${current.id}/renew`)).json()
      ) as SubscriptionResource
      await this.save(renewed)
      return { action: 'renewed', subscription: renewed }
    }
    return { action: 'kept', subscription: current }
  }

  /**
   * One open needs-attention item per kind of event RingCentral withholds (created once, so a
   * dismissed item is not raised again every check); items for filters now granted are closed.
   */
  private async reportDisabledFilters(disabled: DisabledFilter[]): Promise<void> {
    const documents = this.options.documents
    if (disabled.length > 0) {
      this.options.logger.warn({ filters: disabled.map((d) => notificationKind(d.filter)) }, 'RingCentral did not grant some webhook event filters')
    }
    if (!documents) return
    const withheld = new Map(disabled.map((d) => [notificationKind(d.filter), d]))
    for (const filter of relayEventFilters) {
      const kind = notificationKind(filter)
      const id = `att-rc-filter-${kind}`
      const refusal = withheld.get(kind)
      // Each item on its own, with no other write to it in between (on any relay).
      await documents.update('needsAttention', id, (existing) => {
        if (refusal && !existing) {
          const item: Omit<NeedsAttention, 'updatedAt'> = {
            id,
            kind: 'failed_job',
            title: `RingCentral does not send this relay ${eventNames[kind] ?? kind} (${refusal.reason.slice(0, 120)}). Grant the RingCentral app that permission; the relay asks again at its next renewal.`.slice(0, 300),
            collectionName: null,
            documentId: null,
            conflictingFields: [],
            serverState: null,
            rejectedEdit: { filter: refusal.filter.slice(0, 300), reason: refusal.reason.slice(0, 300), message: refusal.message?.slice(0, 300) ?? null },
            deviceId: null,
            deviceName: null,
            createdAt: this.now().toISOString(),
            status: 'open',
            resolvedBy: null,
            resolvedAt: null,
          }
          return item
        }
        if (!refusal && existing?.status === 'open') return { ...existing, status: 'dismissed' as const, resolvedBy: 'relay: RingCentral now grants it', resolvedAt: this.now().toISOString() }
        return null
      }, refusal ? { ownerOnly: true } : {})
    }
  }

  /** Checks now and then every `checkIntervalMs`; failures are logged and retried at the next check. */
  start(): void {
    if (this.timer) return
    const check = () => {
      this.ensure().then(
        ({ action }) => {
          if (action !== 'kept') this.options.logger.info({ action }, 'RingCentral webhook subscription checked')
        },
        (error: unknown) => this.options.logger.error({ err: error }, 'RingCentral webhook subscription check failed'),
      )
    }
    this.timer = setInterval(check, this.options.checkIntervalMs ?? 15 * 60_000)
    this.timer.unref()
    check()
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  private async signedIn(): Promise<Platform> {
    if (this.platform && (await this.platform.loggedIn())) return this.platform
    const { settings } = this.options
    if (!settings.jwt || !settings.webhookToken) throw new RingCentralNotConfiguredError()
    const platform = createRingCentralSdk(settings, { storage: this.options.signIns, cachePrefix: await this.authCachePrefix() }).platform()
    // A stored sign-in is reused (the SDK refreshes it when due); the JWT is used only without one.
    if (!(await platform.loggedIn())) await platform.login({ jwt: settings.jwt })
    this.platform = platform
    return platform
  }

  private authCachePrefix(): Promise<string> {
    return this.options.signIns.cachePrefixFor('subscription', this.options.settings)
  }

  private async create(platform: Platform): Promise<SubscriptionResource> {
    const response = await platform.post('/restapi/v1.0/subscription', {
      eventFilters: [...relayEventFilters],
      deliveryMode: {
        transportType: 'WebHook',
        address: this.options.webhookAddress,
        verificationToken: this.options.settings.webhookToken,
      },
      expiresIn: this.expiresIn,
    })
    const created = (await response.json()) as SubscriptionResource
    await this.save(created)
    return created
  }

  /** The subscription, or null when RingCentral no longer has it. */
  private async read(platform: Platform, id: string): Promise<SubscriptionResource | null> {
    try {
      return (await (await platform.get(`/restapi/v1.0/subscription/${id}`)).json()) as SubscriptionResource
    } catch (error) {
      if (statusOf(error) === 404) return null
      throw error
    }
  }

  private async remove(platform: Platform, id: string): Promise<void> {
    try {
      await platform.delete(`/restapi/v1.0/subscription/${id}`)
    } catch (error) {
      if (statusOf(error) !== 404) throw error
    }
  }

  private async save(subscription: SubscriptionResource): Promise<void> {
    await this.options.records.saveSubscription(
      { subscriptionId: subscription.id, address: this.options.webhookAddress, expiresAt: subscription.expirationTime },
      this.now().toISOString(),
    )
  }
}

const eventNames: Record<string, string> = {
  'telephony-session': 'call events: calls are not tracked or transcribed',
  'instant-sms': 'incoming texts: they are not answered',
  voicemail: 'voicemail events: voicemails are not transcribed',
}

function statusOf(error: unknown): number | undefined {
  return (error as { response?: { status?: number } } | null)?.response?.status
}

/** RingCentral may echo filters with `~` expanded to real ids: compare with `~` as a wildcard. */
function sameFilter(echoed: string, wanted: string): boolean {
  const pattern = wanted
    .split('~')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/?]+')
  return new RegExp(`^${pattern}$`).test(echoed)
}
