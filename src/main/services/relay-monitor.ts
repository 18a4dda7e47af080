/**
 * Watches the relay's health endpoint and reports the console's connection state.
 * Plain Node: the Electron main process and the browser web host both run it.
 */
import type { RelayStatus } from '../../shared/ipc-contract'

export interface RelayMonitorOptions {
  relayUrl: string
  /** How often to ask while connected; retries come sooner while disconnected. */
  intervalMs?: number
  /** A check that takes longer than this counts as unreachable. */
  timeoutMs?: number
  fetch?: typeof globalThis.fetch
  now?: () => Date
}

type Listener = (status: RelayStatus) => void

export class RelayMonitor {
  private readonly relayUrl: string
  private readonly intervalMs: number
  private readonly timeoutMs: number
  private readonly fetch: typeof globalThis.fetch
  private readonly now: () => Date
  private readonly listeners = new Set<Listener>()
  private status: RelayStatus
  private timer: NodeJS.Timeout | undefined
  private running = false
  private inFlight: Promise<RelayStatus> | undefined

  constructor(options: RelayMonitorOptions) {
    this.relayUrl = options.relayUrl.replace(/\/+$/, '')
    this.intervalMs = options.intervalMs ?? 5000
    this.timeoutMs = options.timeoutMs ?? 3000
    this.fetch = options.fetch ?? globalThis.fetch
    this.now = options.now ?? (() => new Date())
    this.status = {
      state: 'connecting',
      relayUrl: this.relayUrl,
      since: this.now().toISOString(),
      checkedAt: null,
      error: null,
    }
  }

  getStatus(): RelayStatus {
    return this.status
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  start(): void {
    if (this.running) return
    this.running = true
    void this.tick()
  }

  stop(): void {
    this.running = false
    clearTimeout(this.timer)
    this.timer = undefined
  }

  /** Checks now; concurrent callers share one request. */
  checkNow(): Promise<RelayStatus> {
    this.inFlight ??= this.check().finally(() => {
      this.inFlight = undefined
    })
    return this.inFlight
  }

  private async tick(): Promise<void> {
    await this.checkNow()
    if (!this.running) return
    // Retry sooner while the relay is away, so reconnecting feels immediate.
    const delay = this.status.state === 'connected' ? this.intervalMs : Math.min(this.intervalMs, 2000)
    this.timer = setTimeout(() => void this.tick(), delay)
    this.timer.unref?.()
  }

  private async check(): Promise<RelayStatus> {
    const healthUrl = `${this.relayUrl}/healthz`
    let next: Pick<RelayStatus, 'state' | 'error'>
    try {
      const response = await this.fetch(healthUrl, {
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: { accept: 'application/json' },
      })
      const body = (await response.json().catch(() => null)) as { status?: unknown } | null
      if (response.ok && body?.status === 'ok') {
        next = { state: 'connected', error: null }
      } else if (response.status === 503) {
        next = { state: 'degraded', error: 'The relay is running but its database is unusable. Check the relay log.' }
      } else {
        next = {
          state: 'disconnected',
          error: `${healthUrl} answered ${response.status}; is this address a Switchboard relay?`,
        }
      }
    } catch (error) {
      next = { state: 'disconnected', error: describeFetchFailure(this.relayUrl, error) }
    }
    this.apply(next)
    return this.status
  }

  private apply(next: Pick<RelayStatus, 'state' | 'error'>): void {
    const checkedAt = this.now().toISOString()
    const changed = next.state !== this.status.state || next.error !== this.status.error
    this.status = {
      ...this.status,
      ...next,
      checkedAt,
      since: next.state !== this.status.state ? checkedAt : this.status.since,
    }
    if (changed) for (const listener of this.listeners) listener(this.status)
  }
}

function describeFetchFailure(relayUrl: string, error: unknown): string {
  const cause = (error as { cause?: { code?: string } })?.cause?.code
  if ((error as Error)?.name === 'TimeoutError') return `The relay at ${relayUrl} did not answer in time.`
  if (cause === 'ECONNREFUSED') return `Nothing is listening at ${relayUrl}. Start the relay with "npm run relay".`
  if (cause === 'ENOTFOUND') return `The relay host in ${relayUrl} could not be found.`
  return `The relay at ${relayUrl} could not be reached.`
}
