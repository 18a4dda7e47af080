/**
 * A RingCentral simulator for `@ringcentral/sdk` (`server` pointed here): OAuth token endpoint
 * (JWT grant, refresh grant) and revoke; webhook subscriptions (create, read, update, delete,
 * renew), where creation first performs the Validation-Token handshake against the address; and
 * notifications POSTed with `Verification-Token` and the documented envelope.
 *
 * Control endpoints (never used by real RingCentral):
 * - `POST /__sim/ringcentral/inbound-call` — a call lifecycle as telephony-session events
 * - `POST /__sim/ringcentral/telephony-event` — one telephony-session event
 * - `POST /__sim/ringcentral/inbound-sms` — an instant SMS event
 * - `POST /__sim/ringcentral/redeliver` — a notification again, same uuid (a retry)
 * - `POST /__sim/ringcentral/blacklist`, `/__sim/ringcentral/expire` — subscription failure modes
 * - `GET /__sim/ringcentral/subscriptions` — what is subscribed
 * - `GET /__sim/ringcentral/sent-sms` — every SMS the app sent (`DELETE` forgets them)
 *
 * Call control, call audio (a stand-in SIP device) and voicemail recordings: see `call-control.ts`.
 * WebSocket subscriptions (`/restapi/oauth/wstoken`, `/ws`) and user extensions' own JWT
 * credentials (`POST /__sim/ringcentral/jwt`): see `websocket-gateway.ts`.
 *
 * SMS: `GET .../extension/~/phone-number` lists the extension's numbers (the main number has the
 * `SmsSender` feature) and `POST .../extension/~/sms` accepts texts from it, like RingCentral.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import {
  notificationKind,
  type RingCentralNotification,
  type TelephonyStatusCode,
} from '../../src/providers/ringcentral/notifications'
import { deliverWebhook, startSimulatorServer, type DeliveryResult } from '../simulator-server'
import { createCallControl, type CallControl } from './call-control'
import {
  buildInstantSmsNotification,
  simulatedAccountId,
  simulatedMainNumber,
  buildTelephonySessionNotification,
  newTelephonySessionId,
  simulatedExtensionId,
  type InstantSmsInput,
  type TelephonyEventInput,
  rcError,
  simulatedExtensions,
} from './payloads'
import { createWebSocketGateway, type WebSocketGateway } from './websocket-gateway'

export interface RingCentralSimulatorOptions {
  clientId: string
  clientSecret: string
  /** The JWT credential the app logs in with. */
  jwt: string
  now?: () => Date
  accessTokenTtlSeconds?: number
  /** Lifetime of a WebSocket gateway access token (see websocket-gateway.ts). */
  webSocketTokenTtlSeconds?: number
  /**
   * The header that carries the verification token on notifications. RingCentral's pages disagree:
   * "Receiving Webhooks" shows `Validation-Token` (the default here, the case a receiver most easily
   * gets wrong), the API reference and "Creating Webhooks" `Verification-Token`.
   */
  notificationTokenHeader?: NotificationTokenHeader
}

export type NotificationTokenHeader = 'Validation-Token' | 'Verification-Token'

export interface SimulatedSubscription {
  id: string
  uri: string
  eventFilters: string[]
  status: 'Active' | 'Blacklisted'
  creationTime: string
  expirationTime: string
  expiresIn: number
  deliveryMode: { transportType: 'WebHook'; encryption: false; address: string }
  /** Filters asked for but not granted (DisabledFilterInfo); their events are never delivered. */
  disabledFilters?: { filter: string; reason: string; message: string }[]
  blacklistedData?: { reason: string; blacklistedAt: string }
  /** Kept out of responses, like RingCentral. */
  verificationToken: string
  failedDeliveries: number
}

/** Body of `POST /__sim/ringcentral/inbound-call`. */
export interface InboundCallControl {
  from: string
  to?: string
  telephonySessionId?: string
  /** Status codes in sequence order; default ringing → answered → hung up. */
  statuses?: TelephonyStatusCode[]
  /** Delivery order as indexes into `statuses` (to test out-of-order events); default in order. */
  deliveryOrder?: number[]
}

export type TelephonyEventControl = Omit<TelephonyEventInput, 'eventTime' | 'subscriptionId'>
export type InboundSmsControl = Omit<InstantSmsInput, 'at' | 'subscriptionId'>

/** An SMS the app sent through `POST .../sms`, as the simulator recorded it. */
export interface SentSms {
  id: string
  from: string
  to: string[]
  text: string
  creationTime: string
}

export interface DeliveredNotification {
  notification: RingCentralNotification
  deliveries: DeliveryResult[]
}

export interface RingCentralSimulator {
  url: string
  subscriptions: Map<string, SimulatedSubscription>
  sentSms: SentSms[]
  /** WebSocket subscriptions (the console's), and extension sign-in credentials. */
  webSocketGateway: WebSocketGateway
  inboundCall(control: InboundCallControl): Promise<{ telephonySessionId: string; notifications: DeliveredNotification[] }>
  telephonyEvent(control: TelephonyEventControl): Promise<DeliveredNotification>
  inboundSms(control: InboundSmsControl): Promise<DeliveredNotification>
  redeliver(uuid: string): Promise<DeliveredNotification>
  /** Call control, scripted calls with audio, voicemails; transfers the app made. */
  calls: CallControl
  close(): Promise<void>
}

const maxExpiresIn = 315_360_000
const defaultExpiresIn = 604_800
/** After this many failed deliveries in a row a subscription is blacklisted (for good). */
const failuresBeforeBlacklist = 5
const handshakeTimeoutMs = 3_000
const maxHandshakeResponseBytes = 1024

export async function startRingCentralSimulator(options: RingCentralSimulatorOptions): Promise<RingCentralSimulator> {
  const now = options.now ?? (() => new Date())
  const accessTtl = options.accessTokenTtlSeconds ?? 3600
  const accessTokens = new Map<string, number>() // token → expiry (ms)
  const refreshTokens = new Set<string>()
  /** Which extension each access and refresh token signs in as (the app's own or a user's). */
  const tokenOwners = new Map<string, string>()
  const subscriptions = new Map<string, SimulatedSubscription>()
  const sent = new Map<string, RingCentralNotification>()
  const sentSms: SentSms[] = []
  let tokenHeader: NotificationTokenHeader = options.notificationTokenHeader ?? 'Validation-Token'
  /** Kinds of event the app is not granted (a missing permission), with RingCentral's reason. */
  const deniedKinds = new Map<string, string>()
  let nextMessageId = 320270670010
  let baseUrl = ''
  let calls!: CallControl

  const sessionIds = new Map<string, string>()
  function randomDigits(count: number): string {
    return Array.from(randomBytes(count), (byte) => String(byte % 10)).join('').replace(/^0/, '1')
  }

  function issueTokens(ownerId: string = simulatedExtensionId) {
    const accessToken = `SIMAT${randomBytes(24).toString('base64url')}`
    const refreshToken = `SIMRT${randomBytes(24).toString('base64url')}`
    accessTokens.set(accessToken, now().getTime() + accessTtl * 1000)
    refreshTokens.add(refreshToken)
    tokenOwners.set(accessToken, ownerId).set(refreshToken, ownerId)
    return {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: accessTtl,
      refresh_token: refreshToken,
      refresh_token_expires_in: 604_800,
      scope: 'ReadAccounts CallControl SMS ReadMessages ReadPresence WebSocketsSubscriptions',
      owner_id: ownerId,
      endpoint_id: randomBytes(8).toString('base64url'),
      // TokenInfo marks session_id required; the session outlives refreshes, like RingCentral's.
      session_id: sessionIds.get(ownerId) ?? sessionIds.set(ownerId, randomDigits(12)).get(ownerId)!,
    }
  }

  function isLive(subscription: SimulatedSubscription): boolean {
    return Date.parse(subscription.expirationTime) > now().getTime()
  }

  function view(subscription: SimulatedSubscription) {
    const { verificationToken: _token, failedDeliveries: _failures, ...shown } = subscription
    const expiresIn = Math.max(0, Math.round((Date.parse(subscription.expirationTime) - now().getTime()) / 1000))
    return { ...shown, expiresIn }
  }

  async function handshake(address: string): Promise<boolean> {
    const token = randomUUID()
    const result = await deliverWebhook(address, '', { 'content-type': 'application/json', 'validation-token': token, 'user-agent': 'RingCentral-Webhook/8.3' }, handshakeTimeoutMs)
    const size = result.body.length + Object.entries(result.headers).reduce((sum, [k, v]) => sum + k.length + v.length + 4, 0)
    return result.status === 200 && result.headers['validation-token'] === token && size < maxHandshakeResponseBytes
  }

  async function deliver(notification: RingCentralNotification): Promise<DeliveryResult[]> {
    const kind = notificationKind(notification.event)
    const results: DeliveryResult[] = []
    for (const subscription of subscriptions.values()) {
      if (subscription.status !== 'Active' || !isLive(subscription)) continue
      if (!subscription.eventFilters.some((filter) => notificationKind(filter) === kind)) continue
      const body = JSON.stringify({ ...notification, subscriptionId: subscription.id })
      const result = await deliverWebhook(subscription.deliveryMode.address, body, {
        'content-type': 'application/json; charset=UTF-8',
        'user-agent': 'RingCentral-Webhook/8.3',
        [tokenHeader.toLowerCase()]: subscription.verificationToken,
      })
      subscription.failedDeliveries = result.status >= 200 && result.status < 300 ? 0 : subscription.failedDeliveries + 1
      if (subscription.failedDeliveries >= failuresBeforeBlacklist) {
        subscription.status = 'Blacklisted'
        subscription.blacklistedData = { reason: 'Webhook responses are failing', blacklistedAt: now().toISOString() }
      }
      results.push(result)
    }
    return results
  }

  async function send(notification: RingCentralNotification): Promise<DeliveredNotification> {
    sent.set(notification.uuid, notification)
    calls.observe(notification)
    webSocketGateway.publish(notification)
    return { notification, deliveries: await deliver(notification) }
  }

  function authenticated(request: FastifyRequest, reply: FastifyReply): boolean {
    const match = /^bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')
    const expiry = match ? accessTokens.get(match[1]!) : undefined
    if (expiry === undefined || expiry <= now().getTime()) {
      void rcError(reply, 401, 'TokenInvalid', 'Access token is invalid or expired')
      return false
    }
    return true
  }

  /**
   * Splits the filters asked for into those granted and those RingCentral leaves out, listed in
   * `disabledFilters` (SubscriptionInfo in the API definitions) rather than refusing the request.
   */
  function applySubscriptionBody(
    body: { eventFilters?: unknown; expiresIn?: unknown },
    reply: FastifyReply,
  ): { eventFilters: string[]; disabledFilters: SimulatedSubscription['disabledFilters']; expiresIn: number } | null {
    const eventFilters = body.eventFilters
    if (!Array.isArray(eventFilters) || eventFilters.length === 0 || !eventFilters.every((f) => typeof f === 'string')) {
      void rcError(reply, 400, 'CMN-101', 'Parameter [eventFilters] value is invalid', 'eventFilters')
      return null
    }
    const expiresIn = body.expiresIn === undefined ? defaultExpiresIn : Number(body.expiresIn)
    if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > maxExpiresIn) {
      void rcError(reply, 400, 'CMN-101', 'Parameter [expiresIn] value is invalid', 'expiresIn')
      return null
    }
    const asked = eventFilters as string[]
    const disabled = asked
      .filter((filter) => deniedKinds.has(notificationKind(filter)))
      .map((filter) => ({ filter, reason: deniedKinds.get(notificationKind(filter))!, message: `Event filter is disabled: ${deniedKinds.get(notificationKind(filter))}` }))
    const granted = asked.filter((filter) => !deniedKinds.has(notificationKind(filter)))
    if (granted.length === 0) {
      void rcError(reply, 403, 'SUB-504', 'None of the event filters is permitted for this application', 'eventFilters')
      return null
    }
    return { eventFilters: granted, disabledFilters: disabled.length > 0 ? disabled : undefined, expiresIn }
  }

  const webSocketGateway = createWebSocketGateway({
    accountId: simulatedAccountId,
    extensions: simulatedExtensions,
    app: { clientId: options.clientId, clientSecret: options.clientSecret },
    now,
    wsTokenTtlSeconds: options.webSocketTokenTtlSeconds,
    ownerOfAccessToken: (token) => {
      const expiry = accessTokens.get(token)
      return expiry !== undefined && expiry > now().getTime() ? (tokenOwners.get(token) ?? null) : null
    },
  })

  const server = await startSimulatorServer((app) => {
    webSocketGateway.install(app)
    // The SDK sends `Content-Type: application/json` with no body on `/renew`; RingCentral accepts it.
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, body === '' ? {} : (JSON.parse(body as string) as unknown))
      } catch {
        done(Object.assign(new Error('Request body is not valid JSON'), { statusCode: 400 }), undefined)
      }
    })
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    )

    app.post('/restapi/oauth/token', async (request, reply) => {
      const form = (request.body ?? {}) as Record<string, string>
      const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '')
      const [clientId, clientSecret] = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8').split(':') : [form.client_id, form.client_secret]
      if (clientId !== options.clientId || (clientSecret !== undefined && clientSecret !== options.clientSecret)) {
        return reply.code(401).send({ error: 'invalid_client', error_description: 'Invalid client' })
      }
      if (form.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
        const userExtension = form.assertion ? webSocketGateway.extensionForCredential(form.assertion) : null
        if (form.assertion !== options.jwt && !userExtension) {
          return reply.code(400).send({ error: 'invalid_grant', error_description: 'Invalid assertion' })
        }
        return issueTokens(userExtension?.id)
      }
      if (form.grant_type === 'refresh_token') {
        if (!form.refresh_token || !refreshTokens.delete(form.refresh_token)) {
          return reply.code(400).send({ error: 'invalid_grant', error_description: 'Token not found' })
        }
        return issueTokens(tokenOwners.get(form.refresh_token))
      }
      return reply.code(400).send({ error: 'unsupported_grant_type', error_description: 'Unsupported grant type' })
    })

    app.post('/restapi/oauth/revoke', async (request) => {
      const form = (request.body ?? {}) as Record<string, string>
      if (form.token) {
        accessTokens.delete(form.token)
        refreshTokens.delete(form.token)
      }
      return {}
    })

    app.post('/restapi/v1.0/subscription', async (request, reply) => {
      if (!authenticated(request, reply)) return reply
      const body = (request.body ?? {}) as {
        eventFilters?: unknown
        expiresIn?: unknown
        deliveryMode?: { transportType?: string; address?: string; verificationToken?: string }
      }
      const settings = applySubscriptionBody(body, reply)
      if (!settings) return reply
      const mode = body.deliveryMode
      if (mode?.transportType !== 'WebHook' || typeof mode.address !== 'string') {
        return rcError(reply, 400, 'SUB-501', 'Invalid delivery mode', 'deliveryMode')
      }
      if (!(await handshake(mode.address))) return rcError(reply, 400, 'SUB-525', 'WebHook server response is invalid')
      const id = randomUUID()
      const created = now()
      const subscription: SimulatedSubscription = {
        id,
        uri: `${baseUrl}/restapi/v1.0/subscription/${id}`,
        eventFilters: settings.eventFilters,
        ...(settings.disabledFilters ? { disabledFilters: settings.disabledFilters } : {}),
        status: 'Active',
        creationTime: created.toISOString(),
        expirationTime: new Date(created.getTime() + settings.expiresIn * 1000).toISOString(),
        expiresIn: settings.expiresIn,
        deliveryMode: { transportType: 'WebHook', encryption: false, address: mode.address },
        verificationToken: mode.verificationToken ?? '',
        failedDeliveries: 0,
      }
      subscriptions.set(id, subscription)
      return view(subscription)
    })

    app.get('/restapi/v1.0/subscription', async (request, reply) => {
      if (!authenticated(request, reply)) return reply
      return { uri: `${baseUrl}/restapi/v1.0/subscription`, records: [...subscriptions.values()].filter(isLive).map(view) }
    })

    app.get<{ Params: { id: string } }>('/restapi/v1.0/subscription/:id', async (request, reply) => {
      if (!authenticated(request, reply)) return reply
      const subscription = subscriptions.get(request.params.id)
      if (!subscription || !isLive(subscription)) return rcError(reply, 404, 'SUB-406', 'Subscription not found')
      return view(subscription)
    })

    app.put<{ Params: { id: string } }>('/restapi/v1.0/subscription/:id', async (request, reply) => {
      if (!authenticated(request, reply)) return reply
      const subscription = subscriptions.get(request.params.id)
      if (!subscription || !isLive(subscription)) return rcError(reply, 404, 'SUB-406', 'Subscription not found')
      const settings = applySubscriptionBody({ eventFilters: subscription.eventFilters, ...(request.body as object) }, reply)
      if (!settings) return reply
      subscription.eventFilters = settings.eventFilters
      if (settings.disabledFilters) subscription.disabledFilters = settings.disabledFilters
      else delete subscription.disabledFilters
      subscription.expiresIn = settings.expiresIn
      subscription.expirationTime = new Date(now().getTime() + settings.expiresIn * 1000).toISOString()
      return view(subscription)
    })

    app.post<{ Params: { id: string } }>('/restapi/v1.0/subscription/:id/renew', async (request, reply) => {
      if (!authenticated(request, reply)) return reply
      const subscription = subscriptions.get(request.params.id)
      if (!subscription || !isLive(subscription)) return rcError(reply, 404, 'SUB-406', 'Subscription not found')
      if (subscription.status === 'Blacklisted') return rcError(reply, 400, 'SUB-529', 'Subscription is blacklisted')
      subscription.expirationTime = new Date(now().getTime() + subscription.expiresIn * 1000).toISOString()
      return view(subscription)
    })

    app.delete<{ Params: { id: string } }>('/restapi/v1.0/subscription/:id', async (request, reply) => {
      if (!authenticated(request, reply)) return reply
      if (!subscriptions.delete(request.params.id)) return rcError(reply, 404, 'SUB-406', 'Subscription not found')
      return reply.code(204).send()
    })

    const extensionPath = '/restapi/v1.0/account/:accountId/extension/:extensionId'
    const isCurrent = (params: { accountId: string; extensionId: string }) =>
      (params.accountId === '~' || params.accountId === simulatedAccountId) &&
      (params.extensionId === '~' || params.extensionId === simulatedExtensionId)

    // The signed-in extension (`~` is the token's owner), as the console looks itself up.
    app.get<{ Params: { accountId: string; extensionId: string } }>(extensionPath, async (request, reply) => {
      if (!authenticated(request, reply)) return reply
      const owner = tokenOwners.get(/^bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '')
      const wanted = request.params.extensionId === '~' ? owner : request.params.extensionId
      const extension = simulatedExtensions.find((candidate) => candidate.id === wanted)
      if ((request.params.accountId !== '~' && request.params.accountId !== simulatedAccountId) || !extension) {
        return rcError(reply, 404, 'CMN-102', 'Resource for parameter [extensionId] is not found', 'extensionId')
      }
      const [firstName = '', ...rest] = extension.name.split(' ')
      return {
        uri: `${baseUrl}/restapi/v1.0/account/${simulatedAccountId}/extension/${extension.id}`,
        id: Number(extension.id),
        extensionNumber: extension.extensionNumber,
        name: extension.name,
        type: 'User',
        status: 'Enabled',
        contact: { firstName, lastName: rest.join(' ') },
        account: { id: simulatedAccountId },
      }
    })

    app.get<{ Params: { accountId: string; extensionId: string } }>(`${extensionPath}/phone-number`, async (request, reply) => {
      if (!authenticated(request, reply)) return reply
      if (!isCurrent(request.params)) return rcError(reply, 404, 'CMN-102', 'Resource for parameter [extensionId] is not found', 'extensionId')
      const base = `${baseUrl}/restapi/v1.0/account/${simulatedAccountId}/extension/${simulatedExtensionId}/phone-number`
      return {
        uri: base,
        records: [
          {
            id: 1_510_555_0100,
            phoneNumber: simulatedMainNumber,
            paymentType: 'Local',
            type: 'VoiceFax',
            usageType: 'DirectNumber',
            status: 'Normal',
            features: ['CallerId', 'SmsSender', 'MmsSender', 'InternationalSmsSender'],
          },
          // A fax-only number without SMS, so a client that picks the first record is caught out.
          { id: 1_510_555_0199, phoneNumber: '+15105550199', type: 'FaxOnly', usageType: 'DirectNumber', status: 'Normal', features: ['CallerId'] },
        ].sort((a, b) => a.features.length - b.features.length),
        paging: { page: 1, perPage: 100, pageStart: 0, pageEnd: 1, totalPages: 1, totalElements: 2 },
        navigation: { firstPage: { uri: `${base}?page=1&perPage=100` }, lastPage: { uri: `${base}?page=1&perPage=100` } },
      }
    })

    app.post<{ Params: { accountId: string; extensionId: string } }>(`${extensionPath}/sms`, async (request, reply) => {
      if (!authenticated(request, reply)) return reply
      if (!isCurrent(request.params)) return rcError(reply, 404, 'CMN-102', 'Resource for parameter [extensionId] is not found', 'extensionId')
      const body = (request.body ?? {}) as { from?: { phoneNumber?: unknown }; to?: unknown; text?: unknown }
      if (body.from?.phoneNumber !== simulatedMainNumber) {
        return rcError(reply, 400, 'MSG-304', "Phone number doesn't belong to extension or has no SMS capability", 'from')
      }
      const to = Array.isArray(body.to) ? body.to.map((t) => (t as { phoneNumber?: unknown } | null)?.phoneNumber) : []
      if (to.length === 0 || !to.every((n): n is string => typeof n === 'string' && /^\+[1-9]\d{6,14}$/.test(n))) {
        return rcError(reply, 400, 'CMN-101', 'Parameter [to.phoneNumber] value is invalid', 'to')
      }
      if (typeof body.text !== 'string' || body.text.length === 0 || body.text.length > 1000) {
        return rcError(reply, 400, 'CMN-101', 'Parameter [text] value is invalid', 'text')
      }
      const id = String(nextMessageId++)
      const creationTime = now().toISOString()
      sentSms.push({ id, from: simulatedMainNumber, to, text: body.text, creationTime })
      const uri = `${baseUrl}/restapi/v1.0/account/${simulatedAccountId}/extension/${simulatedExtensionId}/message-store/${id}`
      return {
        uri,
        id: Number(id),
        type: 'SMS',
        direction: 'Outbound',
        messageStatus: 'Queued',
        subject: body.text,
        from: { phoneNumber: simulatedMainNumber },
        to: to.map((phoneNumber) => ({ phoneNumber })),
        readStatus: 'Read',
        priority: 'Normal',
        availability: 'Alive',
        creationTime,
        lastModifiedTime: creationTime,
        attachments: [{ id: 1, uri: `${uri}/content/1`, contentType: 'text/plain' }],
      }
    })

    calls = createCallControl(app, { baseUrl: () => baseUrl, now, authenticated, publish: (notification) => send(notification) })

    app.get('/__sim/ringcentral/sent-sms', async () => ({ records: sentSms }))
    app.delete('/__sim/ringcentral/sent-sms', async () => {
      sentSms.length = 0
      return { records: [] }
    })
    app.post('/__sim/ringcentral/inbound-call', async (request) => simulator.inboundCall(request.body as InboundCallControl))
    app.post('/__sim/ringcentral/telephony-event', async (request) => simulator.telephonyEvent(request.body as TelephonyEventControl))
    app.post('/__sim/ringcentral/inbound-sms', async (request) => simulator.inboundSms(request.body as InboundSmsControl))
    app.post('/__sim/ringcentral/redeliver', async (request, reply) => {
      const { uuid } = (request.body ?? {}) as { uuid?: string }
      if (!uuid || !sent.has(uuid)) return rcError(reply, 404, 'CMN-102', 'No such notification')
      return simulator.redeliver(uuid)
    })
    app.post('/__sim/ringcentral/blacklist', async (request, reply) => {
      const subscription = subscriptions.get(String((request.body as { subscriptionId?: string } | undefined)?.subscriptionId))
      if (!subscription) return rcError(reply, 404, 'SUB-406', 'Subscription not found')
      subscription.status = 'Blacklisted'
      subscription.blacklistedData = { reason: 'Blacklisted by the test', blacklistedAt: now().toISOString() }
      return view(subscription)
    })
    app.post('/__sim/ringcentral/expire', async (request, reply) => {
      const subscription = subscriptions.get(String((request.body as { subscriptionId?: string } | undefined)?.subscriptionId))
      if (!subscription) return rcError(reply, 404, 'SUB-406', 'Subscription not found')
      subscription.expirationTime = now().toISOString()
      return { id: subscription.id, expired: true }
    })
    app.get('/__sim/ringcentral/subscriptions', async () => ({ records: [...subscriptions.values()].map(view) }))
    // A permission the app lacks: filters of that kind are left out of new and updated subscriptions.
    app.post('/__sim/ringcentral/deny-filter', async (request, reply) => {
      const { filter, reason, granted } = (request.body ?? {}) as { filter?: string; reason?: string; granted?: boolean }
      const kind = typeof filter === 'string' ? notificationKind(filter) : 'other'
      if (kind === 'other') return rcError(reply, 400, 'CMN-101', 'filter must be a telephony-session, instant SMS or voicemail filter', 'filter')
      if (granted) deniedKinds.delete(kind)
      else deniedKinds.set(kind, reason ?? 'Permission [ReadMessages] is not granted for this application')
      return { kind, denied: !granted }
    })
    app.post('/__sim/ringcentral/notification-token-header', async (request, reply) => {
      const { header } = (request.body ?? {}) as { header?: string }
      if (header !== 'Validation-Token' && header !== 'Verification-Token') {
        return rcError(reply, 400, 'CMN-101', 'header must be Validation-Token or Verification-Token', 'header')
      }
      tokenHeader = header
      return { header }
    })
  })
  baseUrl = server.url

  const simulator: RingCentralSimulator = {
    url: server.url,
    subscriptions,
    sentSms,
    webSocketGateway,
    async inboundCall(control) {
      const telephonySessionId = control.telephonySessionId ?? newTelephonySessionId()
      const statuses = control.statuses ?? ['Proceeding', 'Answered', 'Disconnected']
      const built = statuses.map((statusCode, index) =>
        buildTelephonySessionNotification({
          telephonySessionId,
          sequence: index + 1,
          statusCode,
          customerNumber: control.from,
          businessNumber: control.to,
          // As RingCentral reports it: voicemail, or a call that ended without ever being answered.
          missedCall: statusCode === 'VoiceMail' || (statusCode === 'Disconnected' && !statuses.includes('Answered')),
          eventTime: new Date(now().getTime() + index * 1000),
        }),
      )
      const order = control.deliveryOrder ?? built.map((_, index) => index)
      const notifications: DeliveredNotification[] = []
      for (const index of order) {
        const notification = built[index]
        if (notification) notifications.push(await send(notification))
      }
      return { telephonySessionId, notifications }
    },
    telephonyEvent: (control) => send(buildTelephonySessionNotification({ ...control, eventTime: now() })),
    inboundSms: (control) => send(buildInstantSmsNotification({ ...control, at: now() })),
    async redeliver(uuid) {
      const notification = sent.get(uuid)
      if (!notification) throw new Error(`No notification ${uuid} in the RingCentral simulator`)
      return { notification, deliveries: await deliver(notification) }
    },
    calls,
    close: async () => {
      webSocketGateway.close()
      await calls.close()
      await server.close()
    },
  }
  return simulator
}
