/**
 * The console's own RingCentral sign-in: staff sign in with their JWT credential through
 * `@ringcentral/sdk`; the SDK's auth data (access and refresh tokens) is kept in the OS keychain
 * and restored at start, and re-saved whenever the SDK refreshes it. Where the OS offers no
 * keychain nothing is stored (`tokenRemembered: false`) and the sign-in lasts until the console
 * quits. Sign-out revokes the token at RingCentral.
 *
 * Once signed in, the extension's calls are subscribed to (ringcentral-calls.ts) and the session
 * is `connected`; it goes `reconnecting` while that subscription's socket is being recovered.
 */
import { readFile } from 'node:fs/promises'
import { SDK } from '@ringcentral/sdk'
import type { RingCentralSession } from '../../shared/ipc-contract'
import { IpcError } from '../ipc/dispatcher'
import type { RingCentralConsoleSettings } from './console-config'
import type { RingCentralCalls } from './ringcentral-calls'
import type { SecretStore } from './secret-store'

const authSecret = 'ringcentral-auth'

interface RingCentralApp {
  serverUrl: string
  clientId: string
  clientSecret: string
}

type AuthData = Awaited<ReturnType<ReturnType<ReturnType<SDK['platform']>['auth']>['data']>>

interface StoredSignIn {
  serverUrl: string
  clientId: string
  auth: AuthData
}

export interface RingCentralSessionOptions {
  settings: RingCentralConsoleSettings | null
  secrets: SecretStore
  calls: RingCentralCalls
  emitSession: (session: RingCentralSession) => void
  now?: () => Date
}

/** The SDK wants Web Storage; its copy of the tokens lives in memory and we persist them ourselves. */
class MemoryStorage {
  private readonly values = new Map<string, string>()
  getItem(key: string) {
    return this.values.get(key) ?? null
  }
  setItem(key: string, value: string) {
    this.values.set(key, value)
  }
  removeItem(key: string) {
    this.values.delete(key)
  }
}

export class RingCentralSessionService {
  private readonly now: () => Date
  private app: RingCentralApp | null = null
  private sdk: SDK | null = null
  /** Demo mode: the front desk's credential, handed out by the sandbox with the app's. */
  private sandboxJwt: string | null = null
  private session: RingCentralSession

  constructor(private readonly options: RingCentralSessionOptions) {
    this.now = options.now ?? (() => new Date())
    const serverUrl = options.settings?.source === 'environment' ? options.settings.serverUrl : ''
    this.session = this.describe({ state: 'signed_out', serverUrl, extension: null, error: null })
  }

  getSession(): RingCentralSession {
    return this.session
  }

  /** Restores a remembered sign-in, or in demo mode signs in as the front desk. Never throws. */
  async start(): Promise<void> {
    try {
      this.app = await this.resolveApp()
    } catch (error) {
      this.update({ state: 'error', error: (error as Error).message })
      return
    }
    if (!this.app) return
    const stored = await this.readStored()
    if (stored) {
      await this.restore(stored)
      return
    }
    if (this.options.settings?.source === 'sandbox') {
      const jwt = await this.sandboxCredential(this.app.serverUrl, this.options.settings.extensionNumber).catch((error: Error) => {
        this.update({ state: 'error', error: error.message })
        return null
      })
      if (jwt) await this.signIn(jwt).catch(() => {})
    }
  }

  async signIn(jwt: string): Promise<RingCentralSession> {
    if (!this.app) this.app = await this.resolveApp().catch(() => null)
    const app = this.app
    if (!app) {
      throw new IpcError('unavailable', 'No RingCentral app is configured for this console (set SWITCHBOARD_RINGCENTRAL_CLIENT_ID and _CLIENT_SECRET).')
    }
    // A refused credential leaves a working sign-in as it was.
    const signedIn = this.sdk !== null
    if (!signedIn) this.update({ state: 'signing_in', serverUrl: app.serverUrl, extension: null, error: null })
    const sdk = this.newSdk(app)
    try {
      await sdk.platform().login({ jwt })
    } catch (error) {
      const message = `RingCentral did not accept this JWT credential: ${describeError(error)}`
      if (!signedIn) this.update({ state: 'error', error: message })
      throw new IpcError('refused', message)
    }
    await this.signOutQuietly()
    this.update({ state: 'signing_in', serverUrl: app.serverUrl, extension: null, error: null })
    await this.connect(sdk)
    await this.remember()
    return this.session
  }

  async signOut(): Promise<RingCentralSession> {
    await this.signOutQuietly()
    this.update({ state: 'signed_out', extension: null, error: null })
    return this.session
  }

  async stop(): Promise<void> {
    await this.options.calls.stop()
  }

  /** Called by the calls service as its socket drops and recovers. */
  connectionChanged(state: 'connected' | 'reconnecting'): void {
    if (this.sdk && (this.session.state === 'connected' || this.session.state === 'reconnecting')) this.update({ state, error: null })
  }

  private async restore(stored: StoredSignIn): Promise<void> {
    const app = this.app!
    this.update({ state: 'signing_in', serverUrl: app.serverUrl, error: null })
    const sdk = this.newSdk(app)
    const auth = sdk.platform().auth()
    await auth.setData(stored.auth)
    if (!(await auth.accessTokenValid())) {
      try {
        await sdk.platform().refresh()
      } catch (error) {
        const status = (error as { response?: { status?: number } }).response?.status
        if (status === undefined || status >= 500) {
          // Unreachable is not refused: the remembered sign-in is kept for the next start.
          this.update({ state: 'error', error: `RingCentral cannot be reached (${describeError(error)}). Your sign-in is kept; restart the console to try again.` })
          return
        }
        await this.options.secrets.delete(authSecret)
        this.update({ state: 'signed_out', extension: null, error: 'The remembered RingCentral sign-in has expired. Sign in again.' })
        return
      }
    }
    // The refresh retired the stored refresh token: keep the new one.
    await this.remember(sdk)
    await this.connect(sdk).catch(() => {
      // connect() has put the reason in the session state.
    })
  }

  /** Looks up who signed in, subscribes to their calls, and keeps refreshed tokens. */
  private async connect(sdk: SDK): Promise<void> {
    const platform = sdk.platform()
    let extension: RingCentralSession['extension']
    try {
      const found = (await (await platform.get('/restapi/v1.0/account/~/extension/~')).json()) as { id: number | string; extensionNumber?: string; name?: string }
      extension = { id: String(found.id), extensionNumber: String(found.extensionNumber ?? ''), name: String(found.name ?? '') }
    } catch (error) {
      const reached = typeof (error as { response?: { status?: unknown } }).response?.status === 'number'
      const message = reached
        ? `Signed in, but RingCentral would not say which extension this is: ${describeError(error)}`
        : `RingCentral cannot be reached (${describeError(error)}). Your sign-in is kept; restart the console to try again.`
      this.update({ state: 'error', error: message })
      throw new IpcError('refused', message)
    }
    this.sdk = sdk
    platform.on(platform.events.refreshSuccess, () => void this.remember())
    platform.on(platform.events.refreshError, () => {
      if (this.sdk !== sdk) return
      void this.signOutQuietly().then(() =>
        this.update({ state: 'error', extension: null, error: 'RingCentral ended this sign-in (the refresh token was refused). Sign in again.' }),
      )
    })
    this.update({ state: 'signing_in', extension, error: null })
    try {
      await this.options.calls.start(sdk, extension.id)
      if (this.sdk === sdk) this.update({ state: 'connected', error: null })
    } catch (error) {
      this.update({ state: 'error', error: `Signed in, but the live call subscription could not be opened: ${describeError(error)}` })
    }
  }

  private async remember(sdk: SDK | null = this.sdk): Promise<void> {
    const app = this.app
    // No keychain, no copy: the tokens are never written anywhere readable.
    if (!sdk || !app || !this.options.secrets.persistent) return
    const stored: StoredSignIn = { serverUrl: app.serverUrl, clientId: app.clientId, auth: await sdk.platform().auth().data() }
    await this.options.secrets.set(authSecret, JSON.stringify(stored))
  }

  private async readStored(): Promise<StoredSignIn | null> {
    const raw = await this.options.secrets.get(authSecret)
    if (!raw) return null
    try {
      const stored = JSON.parse(raw) as StoredSignIn
      // A sign-in for another RingCentral app or server is of no use here.
      if (stored.serverUrl === this.app?.serverUrl && stored.clientId === this.app.clientId && stored.auth?.refresh_token) return stored
    } catch {
      // Unreadable: treated as absent.
    }
    await this.options.secrets.delete(authSecret)
    return null
  }

  private async signOutQuietly(): Promise<void> {
    const sdk = this.sdk
    this.sdk = null
    await this.options.calls.stop()
    await this.options.secrets.delete(authSecret)
    if (!sdk) return
    try {
      await sdk.platform().logout() // revokes the token at RingCentral
    } catch {
      // Already invalid or RingCentral unreachable: the local copy is gone either way.
    }
  }

  private async resolveApp(): Promise<RingCentralApp | null> {
    const settings = this.options.settings
    if (!settings) return null
    if (settings.source === 'environment') return { serverUrl: settings.serverUrl, clientId: settings.clientId, clientSecret: settings.clientSecret }
    let urls: { ringcentral?: unknown } | undefined
    try {
      urls = (JSON.parse(await readFile(settings.sandboxFile, 'utf8')) as { urls?: { ringcentral?: unknown } }).urls
    } catch {
      throw new Error('Demo mode, but the relay has not published its RingCentral sandbox yet. Start the relay, then restart the console.')
    }
    if (typeof urls?.ringcentral !== 'string') throw new Error('The relay sandbox file names no RingCentral simulator.')
    const credentials = await this.fetchSandboxCredential(urls.ringcentral, settings.extensionNumber)
    this.sandboxJwt = credentials.jwt
    return { serverUrl: urls.ringcentral, clientId: credentials.clientId, clientSecret: credentials.clientSecret }
  }

  private async sandboxCredential(serverUrl: string, extensionNumber: string): Promise<string> {
    if (this.sandboxJwt) return this.sandboxJwt
    return (await this.fetchSandboxCredential(serverUrl, extensionNumber)).jwt
  }

  /** The simulator's control endpoint hands out a user extension's JWT credential (sandbox only). */
  private async fetchSandboxCredential(serverUrl: string, extensionNumber: string) {
    const response = await fetch(`${serverUrl}/__sim/ringcentral/jwt`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ extensionNumber }),
      signal: AbortSignal.timeout(10_000),
    }).catch(() => null)
    const body = (await response?.json().catch(() => null)) as { jwt?: string; clientId?: string; clientSecret?: string } | null
    if (!response?.ok || !body?.jwt || !body.clientId || !body.clientSecret) {
      throw new Error(`The RingCentral sandbox did not hand out a sign-in for extension ${extensionNumber}.`)
    }
    return { jwt: body.jwt, clientId: body.clientId, clientSecret: body.clientSecret }
  }

  private newSdk(app: RingCentralApp): SDK {
    return new SDK({ server: app.serverUrl, clientId: app.clientId, clientSecret: app.clientSecret, localStorage: new MemoryStorage() as never })
  }

  private describe(fields: Pick<RingCentralSession, 'state' | 'serverUrl' | 'extension' | 'error'>): RingCentralSession {
    return { ...fields, since: this.now().toISOString(), tokenRemembered: this.options.secrets.persistent }
  }

  private update(change: Partial<Pick<RingCentralSession, 'state' | 'serverUrl' | 'extension' | 'error'>>): void {
    const fields = {
      state: change.state ?? this.session.state,
      serverUrl: change.serverUrl ?? this.session.serverUrl,
      extension: change.extension !== undefined ? change.extension : this.session.extension,
      error: change.error !== undefined ? change.error : this.session.error,
    }
    const same = JSON.stringify(fields) === JSON.stringify({ state: this.session.state, serverUrl: this.session.serverUrl, extension: this.session.extension, error: this.session.error })
    if (same) return
    this.session = { ...this.describe(fields), since: fields.state === this.session.state ? this.session.since : this.now().toISOString() }
    this.options.emitSession(this.session)
  }
}

/** The SDK's error text is the provider's own (`error_description` or `message`). */
function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.slice(0, 300) || 'no reason given'
}
