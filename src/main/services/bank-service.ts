/**
 * The owner's bank connection, from the console's side: lists banks and removes them through the
 * relay, and runs Plaid Link sessions. A session gets a link token from the relay, shows Link in
 * its isolated window or page (`LinkLauncher`), and takes back exactly one result, which it turns
 * into the relay call: exchange the public token (new bank) or confirm the repaired login
 * (update mode). Progress goes to the renderer as `bank:link` events.
 */
import { randomBytes } from 'node:crypto'
import type { BankLinkEvent, BankOverview } from '../../shared/ipc-contract'
import type { LinkPageResult } from '../../shared/plaid-link-contract'
import { IpcError } from '../ipc/dispatcher'
import type { SyncService } from './sync-service'

export interface LinkSession {
  sessionId: string
  linkToken: string
  mode: 'create' | 'update'
}

/** Shows Link for a session; `openUrl` is set when the renderer must open it (browser). */
export interface LinkLauncher {
  open(session: LinkSession): Promise<{ openUrl: string | null }>
}

export interface BankServiceOptions {
  sync: Pick<SyncService, 'asDevice'>
  launcher: LinkLauncher | null
  emit: (event: BankLinkEvent) => void
}

interface PendingSession extends LinkSession {
  itemId: string | null
}

/** Sessions are short-lived: Link tokens last four hours, nobody keeps Link open that long. */
const maxPendingSessions = 20

export class BankService {
  private readonly pending = new Map<string, PendingSession>()

  constructor(private readonly options: BankServiceOptions) {}

  async list(): Promise<BankOverview> {
    const response = await this.options.sync.asDevice('/bank/items', { method: 'GET' })
    return (await response.json()) as BankOverview
  }

  async remove(itemId: string): Promise<BankOverview> {
    await this.options.sync.asDevice(`/bank/items/${encodeURIComponent(itemId)}`, { method: 'DELETE' })
    return this.list()
  }

  async startLink(itemId: string | null): Promise<{ sessionId: string; mode: 'create' | 'update'; openUrl: string | null }> {
    const launcher = this.options.launcher
    if (!launcher) throw new IpcError('unavailable', 'Plaid Link cannot be shown by this console.')
    const response = await this.options.sync.asDevice('/bank/link-token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(itemId ? { itemId } : {}),
    })
    const { linkToken, mode } = (await response.json()) as { linkToken: string; mode: 'create' | 'update' }
    const session: PendingSession = { sessionId: randomBytes(18).toString('base64url'), linkToken, mode, itemId }
    if (this.pending.size >= maxPendingSessions) this.pending.delete(this.pending.keys().next().value!)
    this.pending.set(session.sessionId, session)
    const { openUrl } = await launcher.open(session)
    this.emit(session, 'open', null)
    return { sessionId: session.sessionId, mode, openUrl }
  }

  /**
   * The Link page's one result for a session. Unknown or already-finished sessions are refused
   * (false): a page cannot replay a result or finish a session it was not given.
   */
  finish(result: LinkPageResult): boolean {
    const session = this.pending.get(result.sessionId)
    if (!session) return false
    this.pending.delete(result.sessionId)
    if (result.outcome === 'exit') {
      this.emit(session, 'exited', result.message ? `Plaid Link closed: ${result.message}` : null)
      return true
    }
    this.emit(session, 'exchanging', null)
    void this.complete(session, result.publicToken)
    return true
  }

  private async complete(session: PendingSession, publicToken: string): Promise<void> {
    try {
      if (session.mode === 'update' && session.itemId) {
        await this.options.sync.asDevice(`/bank/items/${encodeURIComponent(session.itemId)}/reconnected`, { method: 'POST' })
        this.emit(session, 'reconnected', null, session.itemId)
      } else {
        const response = await this.options.sync.asDevice('/bank/items', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ publicToken }),
        })
        const { item } = (await response.json()) as { item: { itemId: string } }
        this.emit(session, 'connected', null, item.itemId)
      }
    } catch (error) {
      this.emit(session, 'failed', error instanceof Error ? error.message : 'The relay could not finish connecting the bank.')
    }
  }

  private emit(session: PendingSession, state: BankLinkEvent['state'], message: string | null, itemId: string | null = session.itemId): void {
    this.options.emit({ sessionId: session.sessionId, mode: session.mode, state, itemId, message })
  }
}
