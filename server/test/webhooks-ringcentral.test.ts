import { SDK } from '@ringcentral/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { relayEventFilters } from '../src/providers/ringcentral/notifications'
import { buildTelephonySessionNotification } from '../sandbox/ringcentral/payloads'
import { startRelayHarness, type RelayHarness } from '../sandbox/testing/relay-harness'

let relay: RelayHarness

beforeEach(async () => {
  relay = await startRelayHarness()
})
afterEach(async () => {
  await relay.close()
})

/** Subscribes the relay's webhook URL through the real SDK, as an operator script would. */
async function subscribeRelay() {
  const { clientId, clientSecret, jwt, verificationToken } = relay.sandbox.secrets.ringCentral
  const sdk = new SDK({ server: relay.sandbox.urls.ringcentral, clientId, clientSecret })
  await sdk.platform().login({ jwt })
  const response = await sdk.platform().post('/restapi/v1.0/subscription', {
    eventFilters: [...relayEventFilters],
    deliveryMode: { transportType: 'WebHook', address: relay.webhookUrl('ringcentral'), verificationToken },
    expiresIn: 3600,
  })
  return (await response.json()) as { id: string; status: string }
}

function notificationRequest(token: string | undefined, body: string) {
  return {
    method: 'POST' as const,
    url: '/webhooks/ringcentral',
    headers: { 'content-type': 'application/json; charset=UTF-8', ...(token === undefined ? {} : { 'verification-token': token }) },
    payload: body,
  }
}

const sampleEvent = () =>
  JSON.stringify(buildTelephonySessionNotification({ telephonySessionId: 's-abc', sequence: 1, statusCode: 'Proceeding', customerNumber: '+14085550199' }))

describe('POST /webhooks/ringcentral', () => {
  it('echoes a Validation-Token with 200, a JSON content type and a small response', async () => {
    const response = await relay.app.inject({ method: 'POST', url: '/webhooks/ringcentral', headers: { 'validation-token': 'tok-123' } })
    expect(response.statusCode).toBe(200)
    expect(response.headers['validation-token']).toBe('tok-123')
    expect(response.headers['content-type']).toMatch(/^application\/json/)
    expect(response.rawPayload.length).toBeLessThan(64)
    expect(await relay.inbox.count()).toBe(0)
  })

  it('verifies and stores a notification that carries its token in Validation-Token, as "Receiving Webhooks" shows', async () => {
    const token = relay.sandbox.secrets.ringCentral.verificationToken
    const request = (header: string, value: string) => ({
      method: 'POST' as const,
      url: '/webhooks/ringcentral',
      headers: { 'content-type': 'application/json; charset=UTF-8', [header]: value },
      payload: sampleEvent(),
    })
    const stored = await relay.app.inject(request('validation-token', token))
    expect(stored.statusCode).toBe(200)
    expect(stored.json()).toEqual({ received: true, duplicate: false })
    expect(await relay.inbox.count()).toBe(1)
    // The same header with another value and an event body is a forgery, not a handshake.
    const forged = await relay.app.inject(request('validation-token', 'not-the-configured-token'))
    expect(forged.statusCode).toBe(401)
    expect(forged.headers['validation-token']).toBeUndefined()
    expect(await relay.inbox.count()).toBe(1)
  })

  it('delivers notifications whichever header the simulator puts the token in', async () => {
    await subscribeRelay()
    for (const header of ['Validation-Token', 'Verification-Token'] as const) {
      await relay.control.ringcentral.notificationTokenHeader(header)
      const { notification, deliveries } = await relay.control.ringcentral.inboundSms({ from: '+14085550199', text: `sent with ${header}` })
      expect(deliveries.map((delivery) => [delivery.status, JSON.parse(delivery.body) as unknown])).toEqual([[200, { received: true, duplicate: false }]])
      expect(await relay.inbox.count()).toBeGreaterThan(0)
      expect(notification.uuid).toEqual(expect.any(String))
    }
    await relay.worker.drain()
    const thread = (await relay.documents.get('conversations', 'conv-14085550199'))!
    expect((thread.messages as { text: string }[]).map((message) => message.text)).toEqual(['sent with Validation-Token', 'sent with Verification-Token'])
  })

  it('passes the real handshake when the SDK creates a subscription', async () => {
    const subscription = await subscribeRelay()
    expect(subscription.status).toBe('Active')
  })

  it('refuses a missing or wrong Verification-Token with 401, an audit record and nothing stored', async () => {
    const missing = await relay.app.inject(notificationRequest(undefined, sampleEvent()))
    const wrong = await relay.app.inject(notificationRequest('not-the-configured-token', sampleEvent()))
    expect([missing.statusCode, wrong.statusCode]).toEqual([401, 401])
    expect(await relay.inbox.count()).toBe(0)
    expect((await relay.auditRows()).map((row) => row.detail)).toEqual([
      expect.objectContaining({ provider: 'ringcentral', status: 401, reason: 'missing_token', count: 1 }),
      expect.objectContaining({ provider: 'ringcentral', status: 401, reason: 'bad_token', count: 1 }),
    ])
    // The audit never holds the token or the caller's number.
    expect(JSON.stringify(await relay.auditRows())).not.toMatch(/not-the-configured-token|4085550199/)
  })

  it('answers a redelivered notification 2xx and stores it once', async () => {
    const token = relay.sandbox.secrets.ringCentral.verificationToken
    const body = sampleEvent()
    const first = await relay.app.inject(notificationRequest(token, body))
    const second = await relay.app.inject(notificationRequest(token, body))
    expect([first.statusCode, second.statusCode]).toEqual([200, 200])
    expect(second.json()).toEqual({ received: true, duplicate: true })
    expect(await relay.inbox.count()).toBe(1)
  })

  it('keeps the newest call state when telephony events arrive out of order', async () => {
    await subscribeRelay()
    const { telephonySessionId, notifications } = await relay.control.ringcentral.inboundCall({
      from: '+14085550199',
      statuses: ['Proceeding', 'Answered', 'Disconnected'],
      deliveryOrder: [0, 2, 1], // the hang-up overtakes the answer
    })
    expect(notifications.flatMap((n) => n.deliveries.map((d) => d.status))).toEqual([200, 200, 200])
    await relay.worker.drain()
    expect(await relay.documents.get('calls', telephonySessionId)).toMatchObject({
      telephonySessionId,
      direction: 'inbound',
      fromNumber: '+14085550199',
      toNumber: '+15105550100',
      status: 'ended',
    })
    expect((await relay.documents.get('calls', telephonySessionId))!.endedAt).toEqual(expect.any(String))
  })

  it('maps status codes as events arrive one by one', async () => {
    await subscribeRelay()
    const seen: string[] = []
    const telephonySessionId = 's-map-test'
    const codes = ['Proceeding', 'Answered', 'Hold', 'Answered', 'VoiceMail', 'Gone'] as const
    for (const [index, statusCode] of codes.entries()) {
      await relay.control.ringcentral.telephonyEvent({ telephonySessionId, sequence: index + 1, statusCode, customerNumber: '+14085550199' })
      await relay.worker.drain()
      seen.push(String((await relay.documents.get('calls', telephonySessionId))!.status))
    }
    expect(seen).toEqual(['ringing', 'answered', 'on_hold', 'answered', 'voicemail', 'ended'])
    // An old event replayed at the end changes nothing.
    await relay.control.ringcentral.telephonyEvent({ telephonySessionId, sequence: 2, statusCode: 'Answered', customerNumber: '+14085550199' })
    await relay.worker.drain()
    expect((await relay.documents.get('calls', telephonySessionId))!.status).toBe('ended')
  })

  it('follows our party through multi-party events: a supervisor joining, a transfer, a hang-up; party ids only compared', async () => {
    await subscribeRelay()
    const telephonySessionId = 's-multi-party'
    const agent = { id: 'p-opaque-9', extensionId: '62264425018', extensionName: 'Luis Ortega' }
    const target = { id: 'p-opaque-1', extensionId: '62264425017', extensionName: 'Maya Chen' }
    const supervisor = { id: 'p-opaque-5', extensionId: '62264425016', extensionName: 'Kenji Sato', supervisor: { deviceId: '802636634016', agentExtensionId: agent.extensionId, agentName: agent.extensionName } }
    const steps = [
      [{ ...agent, statusCode: 'Answered' as const }],
      [{ ...agent, statusCode: 'Answered' as const }, { ...supervisor, statusCode: 'Answered' as const, reason: 'Supervising' }],
      [{ ...agent, statusCode: 'Disconnected' as const, reason: 'BlindTransfer' }, { ...supervisor, statusCode: 'Answered' as const, reason: 'Supervising' }, { ...target, statusCode: 'Proceeding' as const }],
      [{ ...agent, statusCode: 'Disconnected' as const, reason: 'BlindTransfer' }, { ...supervisor, statusCode: 'Answered' as const, reason: 'Supervising' }, { ...target, statusCode: 'Answered' as const }],
      [{ ...agent, statusCode: 'Disconnected' as const, reason: 'BlindTransfer' }, { ...supervisor, statusCode: 'Disconnected' as const }, { ...target, statusCode: 'Disconnected' as const, reason: 'CallFinished' }],
    ]
    const seen: unknown[] = []
    for (const [index, parties] of steps.entries()) {
      await relay.control.ringcentral.telephonyEvent({ telephonySessionId, sequence: index + 1, statusCode: 'Answered', customerNumber: '+14085550199', parties })
      await relay.worker.drain()
      const call = (await relay.documents.get('calls', telephonySessionId))!
      seen.push([call.status, call.partyId])
    }
    expect(seen).toEqual([
      ['answered', agent.id],
      ['answered', agent.id], // the supervisor's party is never ours
      ['ringing', target.id], // the transfer target carries the call on
      ['answered', target.id],
      ['ended', target.id],
    ])
  })

  it('appends inbound texts to one thread per customer number, without duplicates', async () => {
    await subscribeRelay()
    const first = await relay.control.ringcentral.inboundSms({ from: '+14085550199', text: 'Do you have July 12 open for 25?' })
    await relay.control.ringcentral.inboundSms({ from: '+14085550199', text: 'In Fremont' })
    await relay.control.ringcentral.inboundSms({ from: '+16505550111', text: 'Hi!' })
    await relay.worker.drain()
    // The same message again: a new delivery (same uuid) and a new notification for the same message id.
    await relay.control.ringcentral.redeliver(first.notification.uuid)
    const body = first.notification.body as { id: string }
    await relay.control.ringcentral.inboundSms({ from: '+14085550199', text: 'Do you have July 12 open for 25?', messageId: body.id })
    await relay.worker.drain()

    const thread = (await relay.documents.get('conversations', 'conv-14085550199'))!
    expect(thread).toMatchObject({ customerPhone: '+14085550199', needsHuman: false })
    expect((thread.messages as { text: string; direction: string }[]).map((m) => [m.direction, m.text])).toEqual([
      ['inbound', 'Do you have July 12 open for 25?'],
      ['inbound', 'In Fremont'],
    ])
    expect((await relay.documents.get('conversations', 'conv-16505550111'))!.messages).toHaveLength(1)
  })
})
