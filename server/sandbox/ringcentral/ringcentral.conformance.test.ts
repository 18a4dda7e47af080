/**
 * RingCentral simulator against RingCentral's API definitions as generated into its official SDK
 * ringcentral-extensible, `@rc-ex/core` 1.8.4 (`packages/core/src/definitions`, commit f2ce961,
 * July 2026): TokenInfo, WsTokenResponse, SubscriptionInfo, NotificationDeliveryMode,
 * DisabledFilterInfo, GetExtensionListResponse, GetExtensionPhoneNumbersResponse,
 * GetSMSMessageInfoResponse, CallParty and CallStatusInfo, SuperviseCallSessionRequest/Response,
 * PartySuperviseRequest/Response, SipInfoResource, AccountTelephonySessionsEvent,
 * TelephonySessionsEventBody, InstantMessageEventBody, VoicemailMessageEventBody,
 * ApiErrorWithParameter; plus the developer guide's webhook pages for the headers. Required fields
 * are those the definitions mark "Required"; enums are their literal unions.
 *
 * Covered: every endpoint and notification the relay and the console use — OAuth token (JWT and
 * refresh), revoke, wstoken, subscriptions (create, read, update, renew, delete), extensions,
 * phone numbers, SMS, telephony sessions, transfer, supervise (session and party), device
 * sip-info, voicemail content, the webhook handshake and notification headers, and the SIP leg a
 * `ringcentral-softphone` client gets (the library's own PCMU path here; OPUS in the call tests).
 */
import { SDK } from '@ringcentral/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SandboxSpeechRecogniser } from '../deepgram/sandbox-speech'
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '../testing/webhook-receiver'
import { startRingCentralSimulator, type RingCentralSimulator } from './ringcentral-simulator'
import { expectRequired } from '../testing/conformance'

const credentials = { clientId: 'sim-client-conf', clientSecret: 'sim-secret-conf', jwt: 'sim-jwt-conf' }
const required = {
  TokenInfo: 'access_token expires_in scope token_type session_id',
  WsTokenResponse: 'ws_access_token expires_in',
  SubscriptionInfo: 'uri id eventFilters expirationTime status creationTime deliveryMode',
  NotificationDeliveryMode: 'transportType address encryption',
  DisabledFilterInfo: 'filter reason',
  GetExtensionListResponse: 'records',
  GetExtensionPhoneNumbersResponse: 'records navigation paging',
  EnumeratedPagingModel: 'perPage',
  ApiErrorWithParameter: 'errorCode message',
}
const enums = {
  statusCode: ['Setup', 'Proceeding', 'Answered', 'Disconnected', 'Gone', 'Parked', 'Hold', 'VoiceMail', 'FaxReceive', 'Tds', 'VoiceMailScreening'],
  statusReason: ['Pickup', 'Supervising', 'TakeOver', 'Timeout', 'BlindTransfer', 'RccTransfer', 'AttendedTransfer', 'CallerInputRedirect', 'CallFlip', 'ParkLocation', 'DtmfTransfer', 'AgentAnswered', 'AgentDropped', 'Rejected', 'Cancelled', 'InternalError', 'NoAnswer', 'TargetBusy', 'InvalidNumber', 'InternationalDisabled', 'DestinationBlocked', 'NotEnoughFunds', 'NoSuchUser', 'CallPark', 'CallRedirected', 'CallReplied', 'CallSwitch', 'CallFinished', 'CallDropped', 'Voicemail'],
  originType: ['Call', 'RingOut', 'RingMe', 'Conference', 'GreetingsRecording', 'VerificationCall', 'TestCall'],
  subscriptionStatus: ['Active', 'Blacklisted'],
  extensionType: ['User', 'Department', 'Announcement', 'Voicemail', 'DigitalUser', 'VirtualUser', 'FaxUser', 'PagingOnly', 'SharedLinesGroup', 'DelegatedLinesGroup', 'GroupCallPickup', 'IvrMenu', 'ApplicationExtension', 'ProxyAdmin', 'RoomConnector', 'ParkLocation', 'Limited', 'Bot', 'Site', 'Room', 'FlexibleUser', 'TieLine', 'Unknown'],
  extensionStatus: ['Enabled', 'Disabled', 'Frozen', 'NotActivated', 'Unassigned'],
  messageType: ['Fax', 'SMS', 'VoiceMail', 'Pager', 'Text'],
  messageStatus: ['Queued', 'Sent', 'Delivered', 'DeliveryFailed', 'SendingFailed', 'Received'],
  direction: ['Inbound', 'Outbound'],
}


async function failure(request: Promise<unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    await request
  } catch (error) {
    const response = (error as { response?: Response }).response
    return { status: response?.status ?? 0, body: response ? ((await response.json()) as Record<string, unknown>) : {} }
  }
  throw new Error('expected the request to fail')
}

let simulator: RingCentralSimulator
let receiver: WebhookReceiver
let sdk: SDK
const get = async <T>(path: string, query?: Record<string, unknown>) => (await (await sdk.platform().get(path, query)).json()) as T
const post = async <T>(path: string, body?: unknown) => (await (await sdk.platform().post(path, body)).json()) as T

beforeAll(async () => {
  simulator = await startRingCentralSimulator(credentials)
  receiver = await startWebhookReceiver()
  sdk = new SDK({ server: simulator.url, ...credentials })
  await sdk.platform().login({ jwt: credentials.jwt })
})
afterAll(async () => {
  await simulator.close()
  await receiver.close()
})

const notifications = (kind: string): (ReceivedWebhook & { json: Record<string, unknown> })[] =>
  receiver.received.filter((r) => r.body.length > 0).map((r) => ({ ...r, json: JSON.parse(r.body) as Record<string, unknown> })).filter((r) => String(r.json.event).includes(kind))

describe('RingCentral conformance (API definitions, @rc-ex/core 1.8.4)', () => {
  it('OAuth: the JWT and refresh grants answer TokenInfo; bad grants answer the OAuth error shape', async () => {
    const token = await sdk.platform().auth().data()
    expectRequired(token, required.TokenInfo)
    expect(token.token_type).toBe('bearer')
    const form = (body: Record<string, string>) =>
      fetch(`${simulator.url}/restapi/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64')}` },
        body: new URLSearchParams(body),
      })
    const refreshed = (await (await form({ grant_type: 'refresh_token', refresh_token: token.refresh_token! })).json()) as Record<string, unknown>
    expectRequired(refreshed, required.TokenInfo)
    expect(refreshed.session_id).toBe((token as Record<string, unknown>).session_id)
    const bad = await form({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'not-a-credential' })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toEqual({ error: 'invalid_grant', error_description: expect.any(String) })
    const wsToken = await post<Record<string, unknown>>('/restapi/oauth/wstoken')
    expectRequired(wsToken, required.WsTokenResponse)
    expect(wsToken.uri).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/)
  })

  it('errors: ApiErrorWithParameter in `errors`, with the HTTP status the reference gives', async () => {
    const unknown = await failure(sdk.platform().get('/restapi/v1.0/account/~/telephony/sessions/s-unknown'))
    expect(unknown.status).toBe(404)
    expect(unknown.body).toMatchObject({ errorCode: expect.any(String), message: expect.any(String) })
    for (const entry of unknown.body.errors as unknown[]) expectRequired(entry, required.ApiErrorWithParameter)
  })

  it('subscriptions: the handshake, SubscriptionInfo on create, read, update, renew; delete answers 204; disabledFilters', async () => {
    await simulator.webSocketGateway // (WebSocket subscriptions: websocket-gateway.test.ts)
    const voicemail = '/restapi/v1.0/account/~/extension/~/voicemail'
    await fetch(`${simulator.url}/__sim/ringcentral/deny-filter`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ filter: voicemail }) })
    const created = await post<Record<string, unknown> & { id: string; deliveryMode: unknown; disabledFilters: unknown[] }>('/restapi/v1.0/subscription', {
      eventFilters: ['/restapi/v1.0/account/~/telephony/sessions', '/restapi/v1.0/account/~/extension/~/message-store/instant?type=SMS', voicemail],
      deliveryMode: { transportType: 'WebHook', address: receiver.url, verificationToken: 'conformance-token' },
      expiresIn: 3600,
    })
    await fetch(`${simulator.url}/__sim/ringcentral/deny-filter`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ filter: voicemail, granted: true }) })
    // The handshake came first: a Validation-Token, no body.
    const [handshake] = receiver.received
    expect([handshake!.body, typeof handshake!.headers['validation-token']]).toEqual(['', 'string'])
    for (const subscription of [created, await get<Record<string, unknown>>(`/restapi/v1.0/subscription/${created.id}`)]) {
      expectRequired(subscription, required.SubscriptionInfo)
      expectRequired(subscription.deliveryMode, required.NotificationDeliveryMode)
      expect(enums.subscriptionStatus).toContain(subscription.status)
      expect(subscription).not.toHaveProperty('deliveryMode.verificationToken')
    }
    expect(created.disabledFilters).toHaveLength(1)
    expectRequired(created.disabledFilters[0], required.DisabledFilterInfo)
    const updated = await (await sdk.platform().put(`/restapi/v1.0/subscription/${created.id}`, { eventFilters: ['/restapi/v1.0/account/~/telephony/sessions', voicemail], expiresIn: 7200 })).json()
    expectRequired(updated, required.SubscriptionInfo)
    expect(updated).not.toHaveProperty('disabledFilters')
    expectRequired(await post(`/restapi/v1.0/subscription/${created.id}/renew`), required.SubscriptionInfo)
    expect((await sdk.platform().delete(`/restapi/v1.0/subscription/${created.id}`)).status).toBe(204)
    expect((await failure(sdk.platform().get(`/restapi/v1.0/subscription/${created.id}`))).status).toBe(404)
  })

  it('extensions and phone numbers: records, paging and navigation, with the reference enums', async () => {
    const list = await get<{ records: Record<string, unknown>[]; paging: unknown; navigation: unknown }>('/restapi/v1.0/account/~/extension', { type: 'User', status: 'Enabled', perPage: 100, page: 1 })
    expectRequired(list, required.GetExtensionListResponse)
    expectRequired(list.paging, required.EnumeratedPagingModel)
    expect(list.navigation).toMatchObject({ firstPage: { uri: expect.any(String) } })
    for (const record of list.records) {
      expect(typeof record.id).toBe('number') // a number in REST, a string in events
      expect(enums.extensionType).toContain(record.type)
      expect(enums.extensionStatus).toContain(record.status)
    }
    const numbers = await get<{ records: { features: string[] }[]; paging: unknown }>('/restapi/v1.0/account/~/extension/~/phone-number')
    expectRequired(numbers, required.GetExtensionPhoneNumbersResponse)
    expectRequired(numbers.paging, required.EnumeratedPagingModel)
    expect(numbers.records.some((record) => record.features.includes('SmsSender'))).toBe(true)
  })

  it('SMS: the message record with the reference enums; a number without SMS is refused', async () => {
    const sent = await post<Record<string, unknown>>('/restapi/v1.0/account/~/extension/~/sms', { from: { phoneNumber: '+15105550100' }, to: [{ phoneNumber: '+14085550199' }], text: 'Conformance check.' })
    expect(typeof sent.id).toBe('number')
    expect(enums.messageType).toContain(sent.type)
    expect(enums.messageStatus).toContain(sent.messageStatus)
    expect(enums.direction).toContain(sent.direction)
    expect(sent).toMatchObject({ readStatus: 'Read', priority: 'Normal', availability: 'Alive' })
    const refused = await failure(sdk.platform().post('/restapi/v1.0/account/~/extension/~/sms', { from: { phoneNumber: '+15105550199' }, to: [{ phoneNumber: '+14085550199' }], text: 'x' }))
    expect(refused.status).toBe(400)
  })

  it('telephony: session, transfer, supervise as the definitions describe them; events list every party with its own state', async () => {
    await post('/restapi/v1.0/subscription', {
      eventFilters: ['/restapi/v1.0/account/~/telephony/sessions'],
      deliveryMode: { transportType: 'WebHook', address: receiver.url, verificationToken: 'conformance-token' },
    })
    const { telephonySessionId, partyId } = await simulator.calls.scriptedCall({ from: '+14085550123', toExtension: '103', lines: [], hangUp: false })
    const session = await get<{ id: string; origin: { type: string }; parties: { id: string; status: { code: string } }[] }>(`/restapi/v1.0/account/~/telephony/sessions/${telephonySessionId}`)
    expect(session.id).toBe(telephonySessionId)
    expect(enums.originType).toContain(session.origin.type)
    // SuperviseCallSessionRequest: the monitored agent is required.
    const withoutAgent = await failure(sdk.platform().post(`/restapi/v1.0/account/~/telephony/sessions/${telephonySessionId}/supervise`, { mode: 'Listen', supervisorDeviceId: simulator.calls.tapDeviceId }))
    expect([withoutAgent.status, (withoutAgent.body.errors as { parameterName?: string }[])[0]?.parameterName]).toEqual([400, 'agentExtensionId'])
    const wrongAgent = await failure(sdk.platform().post(`/restapi/v1.0/account/~/telephony/sessions/${telephonySessionId}/supervise`, { mode: 'Listen', supervisorDeviceId: simulator.calls.tapDeviceId, agentExtensionId: '62264425017' }))
    expect(wrongAgent.status).toBe(403)
    const badMode = await failure(sdk.platform().post(`/restapi/v1.0/account/~/telephony/sessions/${telephonySessionId}/parties/${partyId}/supervise`, { mode: 'Barge', supervisorDeviceId: simulator.calls.tapDeviceId, agentExtensionId: '62264425018' }))
    expect(badMode.status).toBe(400)
    // No device registered yet: refused until the softphone test below registers one.
    const unregistered = await failure(sdk.platform().post(`/restapi/v1.0/account/~/telephony/sessions/${telephonySessionId}/supervise`, { mode: 'Listen', supervisorDeviceId: simulator.calls.tapDeviceId, agentExtensionId: '62264425018' }))
    expect(unregistered.status).toBe(409)

    const transferred = await post<Record<string, unknown>>(`/restapi/v1.0/account/~/telephony/sessions/${telephonySessionId}/parties/${partyId}/transfer`, { extensionNumber: '102' })
    expect(transferred).toMatchObject({ id: partyId, direction: 'Inbound', owner: { accountId: expect.any(String) } })
    for (let i = 0; i < 200 && notifications('telephony').filter((n) => (n.json.body as { telephonySessionId: string }).telephonySessionId === telephonySessionId).length < 4; i++) await new Promise((r) => setTimeout(r, 10))
    const events = notifications('telephony').filter((n) => (n.json.body as { telephonySessionId: string }).telephonySessionId === telephonySessionId)
    expect(events.length).toBeGreaterThanOrEqual(4)
    for (const event of events) {
      // The notification headers: where "Receiving Webhooks" puts the token, the documented agent and type.
      expect(event.headers['validation-token']).toBe('conformance-token')
      expect(event.headers['user-agent']).toBe('RingCentral-Webhook/8.3')
      expect(event.headers['content-type']).toBe('application/json; charset=UTF-8')
      expect(Object.keys(event.json).sort()).toEqual(['body', 'event', 'ownerId', 'subscriptionId', 'timestamp', 'uuid'])
      const body = event.json.body as { sequence: number; sessionId: string; telephonySessionId: string; eventTime: string; origin: { type: string }; parties: { id: string; extensionId: string; direction: string; status: { code: string; reason?: string } }[] }
      expect(body).toMatchObject({ sequence: expect.any(Number), sessionId: expect.any(String), eventTime: expect.any(String) })
      expect(enums.originType).toContain(body.origin.type)
      for (const party of body.parties) {
        expect(typeof party.extensionId).toBe('string')
        expect(enums.direction).toContain(party.direction)
        expect(enums.statusCode).toContain(party.status.code)
        if (party.status.reason) expect(enums.statusReason).toContain(party.status.reason)
      }
    }
    expect((events.at(-1)!.json.body as { parties: unknown[] }).parties).toHaveLength(2)
  })

  it('voicemail: the event body as VoicemailMessageEventBody (type Voicemail, numeric id), its recording downloadable', async () => {
    await post('/restapi/v1.0/subscription', {
      eventFilters: ['/restapi/v1.0/account/~/extension/~/voicemail'],
      deliveryMode: { transportType: 'WebHook', address: receiver.url, verificationToken: 'conformance-token' },
    })
    await simulator.calls.voicemail({ from: '+14085550177', text: 'call me back' })
    const [event] = notifications('/voicemail')
    const body = event!.json.body as { id: unknown; type: string; attachments: { type: string; uri: string; contentType: string }[] }
    expect(body.type).toBe('Voicemail')
    expect(typeof body.id).toBe('number')
    const recording = body.attachments.find((attachment) => attachment.type === 'AudioRecording')!
    expect(recording.contentType).toBe('audio/x-wav')
    const audio = await sdk.platform().get(recording.uri)
    expect(audio.headers.get('content-type')).toBe('audio/x-wav')
  })

  it('SIP: sip-info gives SipInfoResource; ringcentral-softphone registers, gets the supervise INVITE and hears the call in PCMU', async () => {
    const sip = await get<{ domain: string; outboundProxies: { region: string; proxy: string; proxyTLS: string }[]; userName: string; password: string; authorizationId: string }>(
      `/restapi/v1.0/account/~/device/${simulator.calls.tapDeviceId}/sip-info`,
    )
    expect(Object.keys(sip).sort()).toEqual(['authorizationId', 'domain', 'outboundProxies', 'password', 'userName'])
    for (const proxy of sip.outboundProxies) expect(Object.keys(proxy).sort()).toEqual(['proxy', 'proxyTLS', 'region'])
    expect((await failure(sdk.platform().get('/restapi/v1.0/account/~/device/1/sip-info'))).status).toBe(404)

    const { default: Softphone } = await import('ringcentral-softphone')
    const softphone = new Softphone({ domain: sip.domain, outboundProxy: sip.outboundProxies[0]!.proxyTLS, username: sip.userName, password: sip.password, authorizationId: sip.authorizationId, codec: 'PCMU/8000', ignoreTlsCertErrors: true })
    try {
      await softphone.register()
      const heard = new SandboxSpeechRecogniser('mulaw', 8000)
      let text = ''
      const invited = new Promise<string>((resolve) => {
        softphone.on('invite', async (invite) => {
          const session = await softphone.answer(invite)
          session.on('audioPacket', (packet: { payload: Buffer }) => {
            for (const event of heard.push(packet.payload)) if (event.kind === 'character') text += event.character
            else if (event.kind === 'word_end') text += ' '
          })
          resolve(invite.getHeader('p-rc-api-monitoring-ids') ?? '')
        })
      })
      const call = await simulator.calls.scriptedCall({ from: '+14085550123', toExtension: '102', lines: [{ speaker: 'caller', text: 'ping one two' }], speed: 5, hangUp: false })
      const response = await post<Record<string, unknown>>(`/restapi/v1.0/account/~/telephony/sessions/${call.telephonySessionId}/supervise`, {
        mode: 'Listen',
        supervisorDeviceId: simulator.calls.tapDeviceId,
        agentExtensionId: '62264425017',
        autoAnswer: true,
      })
      // SuperviseCallSessionResponse: the supervisor's own party, supervising the agent.
      expect(response).toMatchObject({ direction: 'Outbound', status: { code: 'Answered', reason: 'Supervising' }, to: { extensionId: '62264425017' }, from: { deviceId: simulator.calls.tapDeviceId } })
      expect(await invited).toBe(`session-id=${call.telephonySessionId}`)
      for (let i = 0; i < 300 && !text.includes('ping one two'); i++) await new Promise((resolve) => setTimeout(resolve, 10))
      expect(text.trim()).toBe('ping one two')
    } finally {
      softphone.revoke()
    }
  })
})
