/**
 * The signed-in extension's calls, live: a WebSocket subscription (`@ringcentral/subscriptions`,
 * which runs `@rc-ex/ws` over the `ws` package in Node) to the extension's telephony sessions,
 * merged by `sequence` per session (RingCentral does not promise order), turned into screen pops;
 * and blind transfers through the Call Control API.
 *
 * A dropped socket is recovered by the library (every 2–8 s, `&wsc=`; RingCentral may answer
 * `recoveryState: "Failed"`, and the library then subscribes again); this reports `reconnecting`
 * while the socket is down and `connected` once a recovery completes.
 */
import type { SDK } from '@ringcentral/sdk'
import { Subscriptions } from '@ringcentral/subscriptions'
import type { ScreenPop } from '../../shared/ipc-contract'
import { IpcError } from '../ipc/dispatcher'

export const extensionTelephonyFilter = '/restapi/v1.0/account/~/extension/~/telephony/sessions'

interface TelephonyParty {
  id: string
  extensionId?: string
  direction?: string
  from?: { phoneNumber?: string; name?: string }
  status?: { code?: string; reason?: string }
}

interface TelephonyNotification {
  body?: { telephonySessionId?: string; sequence?: number; eventTime?: string; parties?: TelephonyParty[] }
}

type PopStatus = ScreenPop['status']

function popStatus(code: string | undefined): PopStatus | null {
  switch (code) {
    case 'Setup':
    case 'Proceeding':
      return 'ringing'
    case 'Answered':
    case 'Hold':
    case 'Parked':
      return 'answered'
    case 'Disconnected':
    case 'Gone':
    case 'VoiceMail':
      return 'ended'
    default:
      return null
  }
}

/**
 * Turns telephony-session events into screen pops for one extension: the first pop when its party
 * rings (or arrives already answered), then one update per change to answered or ended. Events
 * older than one already seen for the session are ignored.
 */
export class ScreenPopTracker {
  private readonly latestSequence = new Map<string, number>()
  private readonly shown = new Map<string, PopStatus>()
  /** Whether each party reached us by a transfer, decided when it first popped. */
  private readonly reachedByTransfer = new Map<string, boolean>()
  /** Sessions in which a party was seen leaving by a transfer. */
  private readonly handedOn = new Set<string>()

  constructor(private readonly extensionId: string) {}

  /** The pops this event causes, each marked `isNew` when it is the party's first. */
  accept(notification: TelephonyNotification, now: Date): { pop: ScreenPop; isNew: boolean }[] {
    const body = notification.body
    const sessionId = body?.telephonySessionId
    if (!body || !sessionId || typeof body.sequence !== 'number') return []
    const latest = this.latestSequence.get(sessionId)
    if (latest !== undefined && body.sequence <= latest) return []
    this.latestSequence.set(sessionId, body.sequence)
    if ((body.parties ?? []).some((party) => party.status?.code === 'Disconnected' && handedOnReasons.has(String(party.status.reason)))) this.handedOn.add(sessionId)
    const pops: { pop: ScreenPop; isNew: boolean }[] = []
    for (const party of body.parties ?? []) {
      if (party.extensionId !== this.extensionId || party.direction !== 'Inbound') continue
      const status = popStatus(party.status?.code)
      const key = `${sessionId}\n${party.id}`
      const previous = this.shown.get(key)
      if (!status || status === previous) continue
      // A call that ended before it ever rang here is not news for this extension.
      if (previous === undefined && status === 'ended') continue
      this.shown.set(key, status)
      if (previous === undefined) this.reachedByTransfer.set(key, this.handedOn.has(sessionId))
      pops.push({
        isNew: previous === undefined,
        pop: {
          telephonySessionId: sessionId.slice(0, 128),
          partyId: party.id.slice(0, 128),
          fromNumber: party.from?.phoneNumber?.slice(0, 32) ?? null,
          fromName: party.from?.name?.slice(0, 200) ?? null,
          status,
          transferred: this.reachedByTransfer.get(key) ?? false,
          at: now.toISOString(),
        },
      })
    }
    return pops
  }
}

/**
 * Party ids are opaque (the reference calls them internal identifiers): a call is known to have
 * reached us by a transfer only when an event shows a party leaving for that reason. An
 * extension-level subscription sees only this extension's parties, so a transfer from another
 * extension shows here as a plain new call; the renderer then learns it from the relay's record.
 */
const handedOnReasons = new Set(['BlindTransfer', 'AttendedTransfer', 'RccTransfer', 'CallRedirected'])

export interface RingCentralCallsOptions {
  emitScreenPop: (pop: ScreenPop, isNew: boolean) => void
  onConnectionChange: (state: 'connected' | 'reconnecting') => void
  now?: () => Date
}

/** The parts of `@rc-ex/ws`'s extension this needs (its types mark some of them private). */
interface WsExtensionLike {
  ws?: { readyState: number; on?(event: string, listener: (...args: unknown[]) => void): void }
  eventEmitter: { on(event: string, listener: (...args: unknown[]) => void): void }
  revoke(): Promise<void>
  intervalHandle?: ReturnType<typeof setInterval>
  pingServerHandle?: ReturnType<typeof setTimeout>
}

/** Whether the subscription's WebSocket extension has the parts this needs (checked, not assumed: they are outside its declared interface). */
function isWsExtension(wse: object): wse is WsExtensionLike {
  return 'eventEmitter' in wse && typeof wse.eventEmitter === 'object' && 'revoke' in wse && typeof wse.revoke === 'function'
}

export class RingCentralCalls {
  private readonly now: () => Date
  private sdk: SDK | null = null
  private wse: WsExtensionLike | null = null
  private stopped = true

  constructor(private readonly options: RingCentralCallsOptions) {
    this.now = options.now ?? (() => new Date())
  }

  /** Subscribes to the extension's calls; resolves once the subscription is live. */
  async start(sdk: SDK, extensionId: string): Promise<void> {
    await this.stop()
    this.stopped = false
    this.sdk = sdk
    const tracker = new ScreenPopTracker(extensionId)
    const subscription = new Subscriptions({ sdk }).createSubscription()
    subscription.on(subscription.events.notification, (event: TelephonyNotification) => {
      for (const { pop, isNew } of tracker.accept(event, this.now())) this.options.emitScreenPop(pop, isNew)
    })
    const registered = await subscription.setEventFilters([extensionTelephonyFilter]).register()
    if (this.stopped) return
    const wse = registered.wse
    if (!isWsExtension(wse)) throw new Error('The RingCentral subscription has no WebSocket extension to watch.')
    this.wse = wse
    this.watch(wse.ws)
    wse.eventEmitter.on('newWebSocketObject', (ws) => this.watch(ws as WsExtensionLike['ws']))
    const recovered = () => {
      if (!this.stopped) this.options.onConnectionChange('connected')
    }
    wse.eventEmitter.on('autoRecoverSuccess', recovered)
    wse.eventEmitter.on('autoRecoverFailed', recovered)
  }

  async stop(): Promise<void> {
    this.stopped = true
    const wse = this.wse
    this.wse = null
    this.sdk = null
    if (!wse) return
    try {
      // Deletes the subscription over the socket and closes it.
      await wse.revoke()
    } catch {
      // The socket was already gone: nothing left to delete on RingCentral's side.
    }
    clearInterval(wse.intervalHandle)
    clearTimeout(wse.pingServerHandle)
  }

  async transfer(telephonySessionId: string, partyId: string, extensionNumber: string): Promise<{ telephonySessionId: string; extensionNumber: string }> {
    if (!this.sdk) throw new IpcError('refused', 'Sign in to RingCentral in Settings before transferring calls.')
    const path = `/restapi/v1.0/account/~/telephony/sessions/${encodeURIComponent(telephonySessionId)}/parties/${encodeURIComponent(partyId)}/transfer`
    try {
      await this.sdk.platform().post(path, { extensionNumber })
    } catch (error) {
      throw new IpcError('refused', `RingCentral refused the transfer to extension ${extensionNumber}: ${(error as Error).message}`)
    }
    // The outcome shows up as the party going Disconnected with reason BlindTransfer (providers §1.2.1).
    return { telephonySessionId, extensionNumber }
  }

  private watch(ws: WsExtensionLike['ws']): void {
    // Without an error listener a refused or cut socket would throw from the `ws` event emitter.
    ws?.on?.('error', () => {})
    ws?.on?.('close', () => {
      if (!this.stopped) this.options.onConnectionChange('reconnecting')
    })
  }
}
