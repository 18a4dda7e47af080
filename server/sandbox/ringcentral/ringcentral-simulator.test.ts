import { SDK } from '@ringcentral/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../index'
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver'

let sandbox: Sandbox
let receiver: WebhookReceiver

beforeEach(async () => {
  sandbox = await startSandbox()
  receiver = await startWebhookReceiver()
})
afterEach(async () => {
  await receiver.close()
  await sandbox.close()
})

async function signedIn() {
  const { clientId, clientSecret, jwt } = sandbox.secrets.ringCentral
  const sdk = new SDK({ server: sandbox.urls.ringcentral, clientId, clientSecret })
  await sdk.platform().login({ jwt })
  return sdk.platform()
}

const subscriptionBody = (address: string, verificationToken: string) => ({
  eventFilters: ['/restapi/v1.0/account/~/telephony/sessions', '/restapi/v1.0/account/~/extension/~/message-store/instant?type=SMS'],
  deliveryMode: { transportType: 'WebHook', address, verificationToken },
  expiresIn: 3600,
})

describe('RingCentral simulator', () => {
  it('logs in with the JWT grant, refreshes, and revokes on logout', async () => {
    const platform = await signedIn()
    expect(await platform.loggedIn()).toBe(true)
    await platform.refresh()
    expect((await platform.get('/restapi/v1.0/subscription')).ok).toBe(true)
    await platform.logout()
    const { clientId, clientSecret } = sandbox.secrets.ringCentral
    const stranger = new SDK({ server: sandbox.urls.ringcentral, clientId, clientSecret })
    await expect(stranger.platform().login({ jwt: 'not-the-credential' })).rejects.toThrow(/Invalid assertion/)
  })

  it('validates the webhook address before creating a subscription', async () => {
    const platform = await signedIn()
    const silent = await startWebhookReceiver(() => ({ status: 200, body: '' }))
    try {
      await expect(platform.post('/restapi/v1.0/subscription', subscriptionBody(silent.url, 'token-for-test-123'))).rejects.toThrow(
        /WebHook server response is invalid/,
      )
      expect(silent.received[0]!.headers['validation-token']).toEqual(expect.any(String))
    } finally {
      await silent.close()
    }
  })

  it('creates, reads, renews, updates and deletes a webhook subscription, and notifies with the token', async () => {
    const platform = await signedIn()
    const created = (await (await platform.post('/restapi/v1.0/subscription', subscriptionBody(receiver.url, 'token-for-test-123'))).json()) as {
      id: string
      status: string
      expiresIn: number
      deliveryMode: Record<string, unknown>
    }
    expect(created).toMatchObject({ status: 'Active', expiresIn: 3600, deliveryMode: { transportType: 'WebHook', address: receiver.url } })
    expect(created.deliveryMode).not.toHaveProperty('verificationToken')
    expect(((await (await platform.get(`/restapi/v1.0/subscription/${created.id}`)).json()) as { id: string }).id).toBe(created.id)
    expect((await platform.post(`/restapi/v1.0/subscription/${created.id}/renew`)).ok).toBe(true)
    const updated = (await (await platform.put(`/restapi/v1.0/subscription/${created.id}`, { expiresIn: 7200 })).json()) as { expiresIn: number }
    expect(updated.expiresIn).toBe(7200)

    const sms = await sandbox.ringcentral.inboundSms({ from: '+14085550199', text: 'hello' })
    expect(sms.deliveries.map((d) => d.status)).toEqual([200])
    const notification = receiver.received.at(-1)!
    // Where "Receiving Webhooks" shows it (the simulator's default; the API reference names Verification-Token).
    expect(notification.headers['validation-token']).toBe('token-for-test-123')
    expect(JSON.parse(notification.body)).toMatchObject({ uuid: sms.notification.uuid, subscriptionId: created.id, body: { subject: 'hello', type: 'SMS' } })

    await platform.delete(`/restapi/v1.0/subscription/${created.id}`)
    await expect(platform.get(`/restapi/v1.0/subscription/${created.id}`)).rejects.toThrow(/Subscription not found/)
  })

  it('blacklists a subscription whose webhook keeps failing', async () => {
    const platform = await signedIn()
    let isHealthy = true
    const flaky = await startWebhookReceiver((request) =>
      isHealthy ? { status: 200, headers: { 'validation-token': String(request.headers['validation-token'] ?? '') } } : { status: 500 },
    )
    try {
      const { id } = (await (await platform.post('/restapi/v1.0/subscription', subscriptionBody(flaky.url, 'token-for-test-123'))).json()) as { id: string }
      isHealthy = false
      for (let i = 0; i < 5; i++) await sandbox.ringcentral.inboundSms({ from: '+14085550199', text: `try ${i}` })
      const read = (await (await platform.get(`/restapi/v1.0/subscription/${id}`)).json()) as { status: string; blacklistedData?: unknown }
      expect(read.status).toBe('Blacklisted')
      expect(read.blacklistedData).toBeDefined()
    } finally {
      await flaky.close()
    }
  })

  it('lists the SMS sender number and records texts sent from it, refusing other senders and bad bodies', async () => {
    const platform = await signedIn()
    const numbers = (await (await platform.get('/restapi/v1.0/account/~/extension/~/phone-number')).json()) as {
      records: { phoneNumber: string; features: string[] }[]
    }
    const smsNumbers = numbers.records.filter((record) => record.features.includes('SmsSender')).map((record) => record.phoneNumber)
    expect(smsNumbers).toEqual(['+15105550100'])

    const sent = (await (
      await platform.post('/restapi/v1.0/account/~/extension/~/sms', { from: { phoneNumber: '+15105550100' }, to: [{ phoneNumber: '+14085550199' }], text: 'Hi there' })
    ).json()) as { id: number; direction: string; messageStatus: string }
    expect(sent).toMatchObject({ direction: 'Outbound', messageStatus: 'Queued', id: expect.any(Number) })

    await expect(
      platform.post('/restapi/v1.0/account/~/extension/~/sms', { from: { phoneNumber: '+15105550199' }, to: [{ phoneNumber: '+14085550199' }], text: 'Hi' }),
    ).rejects.toThrow(/SMS capability/)
    await expect(
      platform.post('/restapi/v1.0/account/~/extension/~/sms', { from: { phoneNumber: '+15105550100' }, to: [{ phoneNumber: '+14085550199' }], text: 'x'.repeat(1001) }),
    ).rejects.toThrow(/text/)

    const control = (await (await fetch(`${sandbox.urls.ringcentral}/__sim/ringcentral/sent-sms`)).json()) as { records: { id: string; to: string[]; text: string }[] }
    expect(control.records).toEqual([expect.objectContaining({ id: String(sent.id), to: ['+14085550199'], text: 'Hi there' })])
  })

  it('refuses SMS without a valid access token', async () => {
    const response = await fetch(`${sandbox.urls.ringcentral}/restapi/v1.0/account/~/extension/~/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer nope' },
      body: JSON.stringify({ from: { phoneNumber: '+15105550100' }, to: [{ phoneNumber: '+14085550199' }], text: 'Hi' }),
    })
    expect(response.status).toBe(401)
  })
})
