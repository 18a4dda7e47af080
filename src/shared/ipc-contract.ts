/**
 * The one contract between the console's renderer and its main-process services.
 *
 * The preload exposes exactly these channels; main validates every payload against the schemas
 * here before a service sees it. The same contract runs over Electron IPC and, when the console
 * is served to a plain browser, over the local web host's HTTP transport.
 */
import { Type, type Static, type TSchema } from 'typebox'
import { BusinessRulesResponse } from '../domain/business-rules'

const Instant = Type.String({ maxLength: 30 })

export const RelayConnectionState = Type.Union([
  Type.Literal('connecting'),
  Type.Literal('connected'),
  /** The relay answers but says a component (its database) is unusable. */
  Type.Literal('degraded'),
  Type.Literal('disconnected'),
])
export type RelayConnectionState = Static<typeof RelayConnectionState>

export const RelayStatus = Type.Object(
  {
    state: RelayConnectionState,
    relayUrl: Type.String(),
    /** When the state last changed. */
    since: Instant,
    /** When the relay was last asked. */
    checkedAt: Type.Union([Instant, Type.Null()]),
    /** What went wrong, in words a user can act on; null while connected. */
    error: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
)
export type RelayStatus = Static<typeof RelayStatus>

export const AppInfo = Type.Object(
  {
    version: Type.String(),
    /** `electron` in the desktop app, `browser` when served by the local web host. */
    shell: Type.Union([Type.Literal('electron'), Type.Literal('browser')]),
    demoMode: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type AppInfo = Static<typeof AppInfo>

/** Where this console stands with the relay's sync API. Never carries the device token. */
export const SyncState = Type.Object(
  {
    paired: Type.Boolean(),
    relayUrl: Type.String(),
    deviceId: Type.Union([Type.String(), Type.Null()]),
    deviceName: Type.Union([Type.String(), Type.Null()]),
    role: Type.Union([Type.Literal('owner'), Type.Literal('frontdesk'), Type.Null()]),
    /** True while the live stream to the relay is open. */
    live: Type.Boolean(),
    lastSyncAt: Type.Union([Instant, Type.Null()]),
    /** False when the OS offers no keychain: the token is then kept only until the console quits. */
    tokenRemembered: Type.Boolean(),
    error: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
)
export type SyncState = Static<typeof SyncState>

const CollectionName = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z]+$' })
const SyncCheckpoint = Type.Union([
  Type.Object({ updatedAt: Type.String({ maxLength: 30 }), id: Type.String({ maxLength: 64 }) }, { additionalProperties: false }),
  Type.Null(),
])
/** Document contents are checked by the relay against the collection schema; here only the shape. */
const WireDocument = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: true })

export const SyncStreamEvent = Type.Union([
  Type.Literal('RESYNC'),
  Type.Object(
    { collection: CollectionName, documents: Type.Array(WireDocument), checkpoint: SyncCheckpoint },
    { additionalProperties: false },
  ),
])
export type SyncStreamEvent = Static<typeof SyncStreamEvent>

/** The console's own RingCentral sign-in (the signed-in extension's calls pop up here). */
export const RingCentralSession = Type.Object(
  {
    state: Type.Union([
      Type.Literal('signed_out'),
      Type.Literal('signing_in'),
      /** Signed in and the WebSocket subscription to the extension's calls is live. */
      Type.Literal('connected'),
      /** Signed in; the subscription dropped and is being re-established. */
      Type.Literal('reconnecting'),
      Type.Literal('error'),
    ]),
    serverUrl: Type.String(),
    extension: Type.Union([
      Type.Object(
        { id: Type.String(), extensionNumber: Type.String(), name: Type.String() },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    since: Instant,
    /** False when the OS offers no keychain: the sign-in then lasts only until the console quits. */
    tokenRemembered: Type.Boolean(),
    error: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
)
export type RingCentralSession = Static<typeof RingCentralSession>

/** An incoming or transferred call for the signed-in extension: the renderer shows the screen pop. */
export const ScreenPop = Type.Object(
  {
    telephonySessionId: Type.String({ maxLength: 128 }),
    partyId: Type.String({ maxLength: 128 }),
    fromNumber: Type.Union([Type.String({ maxLength: 32 }), Type.Null()]),
    fromName: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
    status: Type.Union([Type.Literal('ringing'), Type.Literal('answered'), Type.Literal('ended')]),
    /** True when the call reached this extension by a transfer (an escalation). */
    transferred: Type.Boolean(),
    at: Instant,
  },
  { additionalProperties: false },
)
export type ScreenPop = Static<typeof ScreenPop>

/** A text thread the agent handed to a person, with a new customer message (toast and native notification). */
export const EscalatedText = Type.Object(
  {
    conversationId: Type.String({ maxLength: 64 }),
    customerPhone: Type.String({ maxLength: 32 }),
    messageId: Type.String({ maxLength: 64 }),
    preview: Type.String({ maxLength: 200 }),
    at: Instant,
  },
  { additionalProperties: false },
)
export type EscalatedText = Static<typeof EscalatedText>

/** A linked bank as the relay reports it (relay-owned facts; the console only shows them). */
export const BankItem = Type.Object(
  {
    itemId: Type.String(),
    institution: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }, { additionalProperties: false }), Type.Null()]),
    accounts: Type.Array(
      Type.Object(
        { id: Type.String(), name: Type.String(), mask: Type.Union([Type.String(), Type.Null()]), type: Type.String(), subtype: Type.Union([Type.String(), Type.Null()]) },
        { additionalProperties: false },
      ),
    ),
    /** good | login_required | pending_expiration | pending_disconnect | error */
    status: Type.String(),
    errorCode: Type.Union([Type.String(), Type.Null()]),
    statusChangedAt: Type.Union([Instant, Type.Null()]),
    consentExpiresAt: Type.Union([Type.String(), Type.Null()]),
    linkedAt: Instant,
    lastSyncedAt: Type.Union([Instant, Type.Null()]),
    sync: Type.Object(
      { state: Type.String(), transactionsPulled: Type.Integer(), error: Type.Union([Type.String(), Type.Null()]) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
)
export type BankItem = Static<typeof BankItem>

export const BankOverview = Type.Object({ items: Type.Array(BankItem), syncIntervalMs: Type.Integer() }, { additionalProperties: false })
export type BankOverview = Static<typeof BankOverview>

/** Where a Plaid Link session stands; sent as it moves. */
export const BankLinkEvent = Type.Object(
  {
    sessionId: Type.String(),
    mode: Type.Union([Type.Literal('create'), Type.Literal('update')]),
    state: Type.Union([
      Type.Literal('open'),
      /** Link finished; the relay is exchanging the public token (or checking the repaired login). */
      Type.Literal('exchanging'),
      Type.Literal('connected'),
      Type.Literal('reconnected'),
      Type.Literal('exited'),
      Type.Literal('failed'),
    ]),
    itemId: Type.Union([Type.String(), Type.Null()]),
    message: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
)
export type BankLinkEvent = Static<typeof BankLinkEvent>

const ItemIdPayload = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' })

/** The owner's audit trail: accepted device edits, newest first (relay `GET /activity`). */
export const ActivityQuery = Type.Object(
  {
    collection: Type.Union([CollectionName, Type.Null()]),
    deviceId: Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()]),
    /** Inclusive, ISO instant. */
    from: Type.Union([Instant, Type.Null()]),
    /** Exclusive, ISO instant. */
    to: Type.Union([Instant, Type.Null()]),
    /** The previous page's `nextBefore`, for older entries. */
    before: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  },
  { additionalProperties: false },
)
export type ActivityQuery = Static<typeof ActivityQuery>

export const ActivityPage = Type.Object(
  {
    entries: Type.Array(
      Type.Object(
        {
          seq: Type.Integer(),
          at: Instant,
          deviceId: Type.String({ maxLength: 64 }),
          deviceName: Type.String({ maxLength: 100 }),
          role: Type.Union([Type.Literal('owner'), Type.Literal('frontdesk')]),
          collection: Type.String({ maxLength: 40 }),
          documentId: Type.String({ maxLength: 64 }),
          fields: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200 }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 500 },
    ),
    nextBefore: Type.Union([Type.Integer(), Type.Null()]),
    devices: Type.Array(
      Type.Object(
        { id: Type.String({ maxLength: 64 }), name: Type.String({ maxLength: 100 }), role: Type.String({ maxLength: 20 }), revokedAt: Type.Union([Instant, Type.Null()]) },
        { additionalProperties: false },
      ),
      { maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
)
export type ActivityPage = Static<typeof ActivityPage>

const NoPayload = Type.Null()

export const ipcContract = {
  invoke: {
    'app:getInfo': { payload: NoPayload, result: AppInfo },
    'relay:getStatus': { payload: NoPayload, result: RelayStatus },
    /** Ask the relay now instead of waiting for the next poll (the status bar's Retry). */
    'relay:checkNow': { payload: NoPayload, result: RelayStatus },
    'sync:getState': { payload: NoPayload, result: SyncState },
    /** Exchanges a one-time code from `npm run relay -- pair` for a device token (kept in main). */
    'sync:pair': {
      payload: Type.Object(
        { code: Type.String({ minLength: 1, maxLength: 64 }), name: Type.String({ minLength: 1, maxLength: 100 }) },
        { additionalProperties: false },
      ),
      result: SyncState,
    },
    'sync:unpair': { payload: NoPayload, result: SyncState },
    'sync:pull': {
      payload: Type.Object(
        { collection: CollectionName, checkpoint: SyncCheckpoint, limit: Type.Integer({ minimum: 1, maximum: 5000 }) },
        { additionalProperties: false },
      ),
      result: Type.Object({ documents: Type.Array(WireDocument), checkpoint: SyncCheckpoint }, { additionalProperties: false }),
    },
    'sync:push': {
      payload: Type.Object(
        {
          collection: CollectionName,
          rows: Type.Array(
            Type.Object(
              { assumedMasterState: Type.Union([WireDocument, Type.Null()]), newDocumentState: WireDocument },
              { additionalProperties: false },
            ),
            { maxItems: 500 },
          ),
        },
        { additionalProperties: false },
      ),
      /** The relay's state for every edit that lost a conflict. */
      result: Type.Array(WireDocument),
    },
    /** The owner's linked banks (front desk: refused by the relay). */
    'bank:list': { payload: NoPayload, result: BankOverview },
    /**
     * Opens Plaid Link in its own isolated window (Electron) or page on its own origin (browser:
     * `openUrl` is what the console opens). With `itemId`, Link's update mode for that bank.
     */
    'bank:startLink': {
      payload: Type.Object({ itemId: Type.Union([ItemIdPayload, Type.Null()]) }, { additionalProperties: false }),
      result: Type.Object(
        { sessionId: Type.String(), mode: Type.Union([Type.Literal('create'), Type.Literal('update')]), openUrl: Type.Union([Type.String(), Type.Null()]) },
        { additionalProperties: false },
      ),
    },
    /** Removes a bank (Plaid's /item/remove through the relay); answers the banks left. */
    'bank:remove': { payload: Type.Object({ itemId: ItemIdPayload }, { additionalProperties: false }), result: BankOverview },
    /** Owner devices only: the relay answers a front-desk console `refused`. */
    'activity:list': { payload: ActivityQuery, result: ActivityPage },
    /**
     * The business rules (prices, deposit, travel, slots, hours) from the relay: how a front-desk
     * console, which may not read `settings`, prices and places booking drafts.
     */
    'sync:businessRules': { payload: NoPayload, result: BusinessRulesResponse },
    'ringcentral:getSession': { payload: NoPayload, result: RingCentralSession },
    /** Signs in with a RingCentral JWT credential; tokens stay in main (OS keychain). */
    'ringcentral:signIn': {
      payload: Type.Object({ jwt: Type.String({ minLength: 20, maxLength: 8192 }) }, { additionalProperties: false }),
      result: RingCentralSession,
    },
    'ringcentral:signOut': { payload: NoPayload, result: RingCentralSession },
    /** Blind-transfers an answered call to another extension through RingCentral's Call Control API. */
    'calls:transfer': {
      payload: Type.Object(
        {
          telephonySessionId: Type.String({ minLength: 1, maxLength: 128 }),
          partyId: Type.String({ minLength: 1, maxLength: 128 }),
          extensionNumber: Type.String({ pattern: '^\\d{1,8}$' }),
        },
        { additionalProperties: false },
      ),
      result: Type.Object({ telephonySessionId: Type.String(), extensionNumber: Type.String() }, { additionalProperties: false }),
    },
  },
  events: {
    'relay:status': RelayStatus,
    'ringcentral:session': RingCentralSession,
    'calls:screenPop': ScreenPop,
    'sync:state': SyncState,
    'sync:stream': SyncStreamEvent,
    'inbox:escalatedText': EscalatedText,
    'bank:link': BankLinkEvent,
  },
} as const satisfies {
  invoke: Record<string, { payload: TSchema; result: TSchema }>
  events: Record<string, TSchema>
}

export type InvokeChannel = keyof typeof ipcContract.invoke
export type EventName = keyof typeof ipcContract.events
export type PayloadOf<C extends InvokeChannel> = Static<(typeof ipcContract.invoke)[C]['payload']>
export type ResultOf<C extends InvokeChannel> = Static<(typeof ipcContract.invoke)[C]['result']>
export type EventPayloadOf<E extends EventName> = Static<(typeof ipcContract.events)[E]>

export const invokeChannels = Object.keys(ipcContract.invoke) as InvokeChannel[]
export const eventNames = Object.keys(ipcContract.events) as EventName[]

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && Object.hasOwn(ipcContract.invoke, value)
}
export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(ipcContract.events, value)
}

/** Stable codes the renderer can branch on; `message` is for people. */
export type IpcErrorCode =
  | 'unknown_channel'
  | 'invalid_payload'
  | 'forbidden'
  | 'not_paired'
  | 'refused'
  | 'unavailable'
  | 'internal'

/** Across the process boundary errors are values, never rejected promises. */
export type IpcResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: { code: IpcErrorCode; message: string } }

/** What the renderer sees as `window.api`, whichever transport carries it. */
export interface SwitchboardApi {
  invoke<C extends InvokeChannel>(channel: C, payload: PayloadOf<C>): Promise<IpcResult<ResultOf<C>>>
  /** Subscribes to a main-process event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayloadOf<E>) => void): () => void
}

/** Electron IPC channel names: a prefix keeps ours apart from Electron's own. */
export const electronInvokeChannel = (channel: InvokeChannel) => `switchboard:invoke:${channel}`
export const electronEventChannel = (event: EventName) => `switchboard:event:${event}`
