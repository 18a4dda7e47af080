/**
 * The console's link to the relay's sync API. It holds the device token (from the SecretStore,
 * never sent to the renderer), forwards pulls and pushes, and keeps the live stream open,
 * reconnecting with backoff. The renderer's RxDB replication calls it through the IPC contract.
 */
import { Value } from 'typebox/value'
import { BusinessRulesResponse } from '../../domain/business-rules'
import type { ActivityPage, ActivityQuery, EventPayloadOf, SyncState, SyncStreamEvent } from '../../shared/ipc-contract'
import { IpcError } from '../ipc/dispatcher'
import type { PairingDetails, PairingFile } from './pairing-file'
import type { SecretStore } from './secret-store'
import { readServerSentEvents } from './server-sent-events'

const tokenSecret = 'relay-device-token'

type WireDocument = { id: string } & Record<string, unknown>
type Checkpoint = { updatedAt: string; id: string } | null

export interface SyncServiceOptions {
  relayUrl: string
  secrets: SecretStore
  pairingFile: PairingFile
  emitState: (state: SyncState) => void
  emitStream: (event: EventPayloadOf<'sync:stream'>) => void
  fetch?: typeof globalThis.fetch
  now?: () => Date
  /** First reconnect delay; doubles up to 30 s. */
  reconnectDelayMs?: number
  /** Pair with this one-time code at start if not paired yet (how `npm start` pairs its console). */
  pairOnStart?: { code: string; name: string } | null
  /** Hears every document the relay sends, pulled or streamed (the external-link allowlist reads settings). */
  observeDocuments?: (collection: string, documents: readonly WireDocument[]) => void
}

export class SyncService {
  private readonly fetch: typeof globalThis.fetch
  private readonly now: () => Date
  private pairing: PairingDetails | null
  private token: string | null = null
  private state: SyncState
  private streamAbort: AbortController | null = null
  private reconnectTimer: NodeJS.Timeout | undefined
  private reconnectDelay: number
  private running = false
  /** Ends the wait between two start-up pairing tries (see `pairAtStart`). */
  private cancelPause: (() => void) | null = null
  /** Moves on with every pairing decision (start, stop, a pairing or unpairing in Settings). */
  private pairingGeneration = 0

  constructor(private readonly options: SyncServiceOptions) {
    this.fetch = options.fetch ?? globalThis.fetch
    this.now = options.now ?? (() => new Date())
    this.reconnectDelay = options.reconnectDelayMs ?? 1000
    const stored = options.pairingFile.read()
    this.pairing = stored && stored.relayUrl === options.relayUrl ? stored : null
    this.state = this.describe({ live: false, lastSyncAt: null, error: null })
  }

  getState(): SyncState {
    return this.state
  }

  async start(): Promise<void> {
    this.running = true
    const { pairOnStart } = this.options
    if (!this.pairing && pairOnStart) {
      await this.pairAtStart(pairOnStart.code, pairOnStart.name)
      return
    }
    if (this.pairing) {
      this.token = await this.options.secrets.get(tokenSecret)
      if (!this.token) {
        this.update({ error: 'This console was paired, but its device token is gone (it is not kept without a keychain). Pair it again in Settings.' })
      }
    }
    this.connectStream()
  }

  stop(): void {
    this.running = false
    this.endStartUpPairing()
    clearTimeout(this.reconnectTimer)
    this.streamAbort?.abort()
    this.streamAbort = null
  }

  /**
   * Pairs with the code it was started with. While the relay cannot be reached or cannot store
   * the pairing just now (it answers 5xx), it tries again with the stream's backoff; a refused
   * code is final, and the state says why. A pairing made or undone in Settings meanwhile, or a
   * stop, ends it: what its last request brings back is then dropped.
   */
  private async pairAtStart(code: string, name: string): Promise<void> {
    this.endStartUpPairing()
    const generation = this.pairingGeneration
    const stillWanted = () => this.running && generation === this.pairingGeneration && !this.pairing
    let delay = this.options.reconnectDelayMs ?? 1000
    let triedBefore = false
    while (stillWanted()) {
      try {
        const paired = await this.requestPairing(code, name)
        if (stillWanted()) await this.adoptPairing(paired, name)
        return
      } catch (error) {
        if (!stillWanted()) return
        const transient = error instanceof IpcError && error.code === 'unavailable'
        if (!transient) {
          // The code may have been spent by an earlier try whose answer never arrived.
          const hint = triedBefore ? ' An earlier try may have used it: make a new code with `npm run relay -- pair` and pair in Settings.' : ''
          this.update({ error: `${(error as Error).message}${hint}` })
          return
        }
        this.update({ error: `${error.message} Pairing again in ${Math.ceil(delay / 1000)} s.` })
        triedBefore = true
        await this.pause(delay)
        delay = Math.min(delay * 2, 30_000)
      }
    }
  }

  /** Ends a start-up pairing still trying (see `pairAtStart`), at once if it is waiting. */
  private endStartUpPairing(): void {
    this.pairingGeneration += 1
    this.cancelPause?.()
    this.cancelPause = null
  }

  /** Waits `ms` between two start-up pairing tries; `endStartUpPairing` ends it early. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms)
      timer.unref?.()
      this.cancelPause = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  }

  async pair(code: string, name: string): Promise<SyncState> {
    this.endStartUpPairing()
    await this.adoptPairing(await this.requestPairing(code, name), name)
    return this.state
  }

  /** Exchanges a one-time code for a device token; throws `unavailable` for what may pass on a retry. */
  private async requestPairing(code: string, name: string): Promise<{ token: string; deviceId: string; role: 'owner' | 'frontdesk' }> {
    const response = await this.request('/devices/pair', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, name }),
    })
    const body = (await response.json().catch(() => null)) as
      | { token?: string; deviceId?: string; role?: 'owner' | 'frontdesk'; message?: string }
      | null
    if (response.status === 429) throw new IpcError('refused', 'Too many pairing attempts. Wait a minute, then try again.')
    if (response.status >= 500) {
      throw new IpcError('unavailable', body?.message ?? `The relay could not pair this console just now (it answered ${response.status}).`)
    }
    if (!response.ok || !body?.token || !body.deviceId || !body.role) {
      throw new IpcError('refused', body?.message ?? `The relay refused the pairing code (${response.status}).`)
    }
    return { token: body.token, deviceId: body.deviceId, role: body.role }
  }

  private async adoptPairing(paired: { token: string; deviceId: string; role: 'owner' | 'frontdesk' }, name: string): Promise<void> {
    this.stopStream()
    await this.options.secrets.set(tokenSecret, paired.token)
    this.token = paired.token
    this.pairing = { relayUrl: this.options.relayUrl, deviceId: paired.deviceId, deviceName: name, role: paired.role }
    this.options.pairingFile.write(this.pairing)
    this.update({ error: null })
    this.connectStream()
  }

  async unpair(): Promise<SyncState> {
    this.endStartUpPairing()
    this.stopStream()
    await this.options.secrets.delete(tokenSecret)
    this.options.pairingFile.clear()
    this.token = null
    this.pairing = null
    this.update({ live: false, lastSyncAt: null, error: null })
    return this.state
  }

  async pull(collection: string, checkpoint: Checkpoint, limit: number) {
    const query = new URLSearchParams({ checkpoint: JSON.stringify(checkpoint), limit: String(limit) })
    const response = await this.authorized(`/sync/${encodeURIComponent(collection)}/pull?${query}`, { method: 'GET' })
    const body = (await response.json()) as { documents: WireDocument[]; checkpoint: Checkpoint }
    this.options.observeDocuments?.(collection, body.documents)
    this.update({ lastSyncAt: this.now().toISOString(), error: null })
    return body
  }

  async push(collection: string, rows: { assumedMasterState: WireDocument | null; newDocumentState: WireDocument }[]) {
    const response = await this.authorized(`/sync/${encodeURIComponent(collection)}/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(rows),
    })
    const conflicts = (await response.json()) as WireDocument[]
    this.update({ lastSyncAt: this.now().toISOString(), error: null })
    return conflicts
  }

  /** A request to the relay as this paired device (the token never leaves main). */
  asDevice(path: string, init: RequestInit): Promise<Response> {
    return this.authorized(path, init)
  }

  /** The owner's audit trail from the relay (`GET /activity`); a front-desk console is refused there. */
  async activity(query: ActivityQuery): Promise<ActivityPage> {
    const params = new URLSearchParams({ limit: '100' })
    for (const [key, value] of Object.entries(query)) if (value !== null) params.set(key, String(value))
    const response = await this.authorized(`/activity?${params}`, { method: 'GET' })
    return (await response.json()) as ActivityPage
  }

  /** The relay's read-only business rules; null while the business is not set up. */
  async businessRules(): Promise<BusinessRulesResponse> {
    const response = await this.authorized('/business/rules', { method: 'GET' })
    const body = (await response.json().catch(() => null)) as unknown
    if (!Value.Check(BusinessRulesResponse, body)) {
      throw new IpcError('refused', 'The relay sent business rules this console cannot read; it may run a different version.')
    }
    return body
  }

  private async authorized(path: string, init: RequestInit): Promise<Response> {
    if (!this.pairing || !this.token) {
      throw new IpcError('not_paired', 'This console is not paired with the relay yet. Pair it in Settings.')
    }
    const response = await this.request(path, { ...init, headers: { ...init.headers, authorization: `Bearer ${this.token}` } })
    if (response.status === 401) {
      this.update({ error: 'The relay no longer accepts this console (it may have been revoked). Pair it again in Settings.' })
      throw new IpcError('not_paired', 'The relay no longer accepts this console. Pair it again in Settings.')
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { message?: string } | null
      throw new IpcError('refused', body?.message ?? `The relay answered ${response.status}.`)
    }
    return response
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetch(`${this.options.relayUrl}${path}`, { ...init, signal: AbortSignal.timeout(15_000) })
    } catch {
      throw new IpcError('unavailable', `The relay at ${this.options.relayUrl} cannot be reached; changes wait here until it can.`)
    }
  }

  /** Keeps `GET /sync/stream` open while paired; every (re)connect starts with the relay's RESYNC. */
  private connectStream(): void {
    if (!this.running || !this.pairing || !this.token || this.streamAbort) return
    const abort = new AbortController()
    this.streamAbort = abort
    void (async () => {
      try {
        const response = await this.fetch(`${this.options.relayUrl}/sync/stream`, {
          headers: { authorization: `Bearer ${this.token}`, accept: 'text/event-stream' },
          signal: abort.signal,
        })
        if (response.status === 401) {
          this.update({ live: false, error: 'The relay no longer accepts this console. Pair it again in Settings.' })
          this.streamAbort = null
          return
        }
        if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`)
        this.reconnectDelay = this.options.reconnectDelayMs ?? 1000
        this.update({ live: true, error: null })
        await readServerSentEvents(response.body, (data) => {
          try {
            const event = JSON.parse(data) as SyncStreamEvent
            if (event !== 'RESYNC') this.options.observeDocuments?.(event.collection, event.documents)
            this.options.emitStream(event)
          } catch {
            // A malformed event is dropped; the next RESYNC pull catches up.
          }
        })
      } catch {
        // Unreachable or dropped: fall through to reconnect.
      }
      if (this.streamAbort === abort) this.streamAbort = null
      if (abort.signal.aborted || !this.running) return
      this.update({ live: false })
      this.reconnectTimer = setTimeout(() => this.connectStream(), this.reconnectDelay)
      this.reconnectTimer.unref?.()
      this.reconnectDelay = Math.min(this.reconnectDelay * 2, 30_000)
    })()
  }

  private stopStream(): void {
    clearTimeout(this.reconnectTimer)
    this.streamAbort?.abort()
    this.streamAbort = null
  }

  private describe(runtime: Pick<SyncState, 'live' | 'lastSyncAt' | 'error'>): SyncState {
    return {
      paired: this.pairing !== null,
      relayUrl: this.options.relayUrl,
      deviceId: this.pairing?.deviceId ?? null,
      deviceName: this.pairing?.deviceName ?? null,
      role: this.pairing?.role ?? null,
      tokenRemembered: this.options.secrets.persistent,
      ...runtime,
    }
  }

  private update(change: Partial<Pick<SyncState, 'live' | 'lastSyncAt' | 'error'>>): void {
    const next = this.describe({
      live: change.live ?? this.state.live,
      lastSyncAt: change.lastSyncAt !== undefined ? change.lastSyncAt : this.state.lastSyncAt,
      error: change.error !== undefined ? change.error : this.state.error,
    })
    const changed = JSON.stringify(next) !== JSON.stringify(this.state)
    this.state = next
    if (changed) this.options.emitState(next)
  }
}
