import { SDK } from '@ringcentral/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver'
import { startRingCentralSimulator, type RingCentralSimulator } from './ringcentral-simulator'

const credentials = { clientId: 'sim-client', clientSecret: 'sim-secret', jwt: 'sim-jwt' }
let simulator: RingCentralSimulator
let receiver: WebhookReceiver
let sdk: SDK

beforeAll(async () => {
  simulator = await startRingCentralSimulator(credentials)
  receiver = await startWebhookReceiver()
  sdk = new SDK({ server: simulator.url, clientId: credentials.clientId, clientSecret: credentials.clientSecret })
  await sdk.platform().login({ jwt: credentials.jwt })
  await sdk.platform().post('/restapi/v1.0/subscription', {
    eventFilters: ['/restapi/v1.0/account/~/telephony/sessions'],
    deliveryMode: { transportType: 'WebHook', address: receiver.url, verificationToken: 'token' },
  })
})
afterAll(async () => {
  await simulator.close()
  await receiver.close()
})

async function failure(request: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await request
  } catch (error) {
    const apiError = error as Error & { response?: { status: number } }
    return { status: apiError.response?.status ?? 0, message: apiError.message }
  }
  throw new Error('expected the request to fail')
}

type PartyEvent = { body: { telephonySessionId: string; sequence: number; parties: { id: string; extensionId: string; status: { code: string; reason?: string } }[] } }

function partyEvents(telephonySessionId: string) {
  return receiver.received
    .filter((delivery) => delivery.body.length > 0)
    .map((delivery) => JSON.parse(delivery.body) as PartyEvent)
    .filter((event) => event.body?.telephonySessionId === telephonySessionId)
    .sort((a, b) => a.body.sequence - b.body.sequence)
    .map((event) => event.body.parties.map((party) => [party.extensionId, party.status.code, party.status.reason ?? null]))
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10))
}

describe('RingCentral simulator call control', () => {
  it('lists the account’s user extensions 101, 102 and 103', async () => {
    const list = (await (await sdk.platform().get('/restapi/v1.0/account/~/extension', { type: 'User', status: 'Enabled' })).json()) as {
      records: { id: number; extensionNumber: string }[]
    }
    expect(list.records.map((record) => record.extensionNumber)).toEqual(['101', '102', '103'])
  })

  it('transfers an answered party to an extension: BlindTransfer, then the target rings and answers', async () => {
    const { telephonySessionId, partyId } = await simulator.calls.scriptedCall({ from: '+14085550123', toExtension: '103', lines: [], hangUp: false })
    const session = (await (await sdk.platform().get(`/restapi/v1.0/account/~/telephony/sessions/${telephonySessionId}`)).json()) as {
      parties: { id: string; status: { code: string } }[]
    }
    expect(session.parties).toEqual([expect.objectContaining({ id: partyId, status: { code: 'Answered' } })])

    const twoTargets = failure(sdk.platform().post(`/restapi/v1.0/account/~/telephony/sessions/${telephonySessionId}/parties/${partyId}/transfer`, { extensionNumber: '102', voicemail: '62264425016' }))
    expect((await twoTargets).status).toBe(400)
    const forwardAnswered = failure(sdk.platform().post(`/restapi/v1.0/account/~/telephony/sessions/${telephonySessionId}/parties/${partyId}/forward`, { extensionNumber: '102' }))
    expect((await forwardAnswered).status).toBe(409)

    const party = (await (await sdk.platform().post(`/restapi/v1.0/account/~/telephony/sessions/${telephonySessionId}/parties/${partyId}/transfer`, { extensionNumber: '102' })).json()) as { id: string }
    expect(party.id).toBe(partyId)
    await until(() => partyEvents(telephonySessionId).length === 4)
    // Every event lists all the account's parties of the session: the old one leaving beside the new one.
    expect(partyEvents(telephonySessionId)).toEqual([
      [['62264425018', 'Proceeding', null]],
      [['62264425018', 'Answered', null]],
      [
        ['62264425018', 'Disconnected', 'BlindTransfer'],
        ['62264425017', 'Proceeding', null],
      ],
      [
        ['62264425018', 'Disconnected', 'BlindTransfer'],
        ['62264425017', 'Answered', null],
      ],
    ])
    expect(simulator.calls.transfers).toEqual([expect.objectContaining({ telephonySessionId, partyId, kind: 'transfer', target: { extensionNumber: '102' } })])
    // The old party is gone: transferring it again is refused.
    expect((await failure(sdk.platform().post(`/restapi/v1.0/account/~/telephony/sessions/${telephonySessionId}/parties/${partyId}/transfer`, { extensionNumber: '101' }))).status).toBe(404)
  })

  it('controls calls made by the other controls too (an inbound call rung through its events)', async () => {
    const { telephonySessionId, notifications } = await simulator.inboundCall({ from: '+14085550124', statuses: ['Proceeding', 'Answered'] })
    const partyId = (notifications[0]!.notification.body as { parties: { id: string }[] }).parties[0]!.id
    await sdk.platform().post(`/restapi/v1.0/account/~/telephony/sessions/${telephonySessionId}/parties/${partyId}/transfer`, { voicemail: '62264425017' })
    await until(() => partyEvents(telephonySessionId).length === 3)
    expect(partyEvents(telephonySessionId)[2]).toEqual([
      ['62264425016', 'Disconnected', 'BlindTransfer'],
      ['62264425017', 'VoiceMail', null],
    ])
  })

  it('refuses to transfer a party that is no longer answered, and to supervise with an unknown device', async () => {
    const { telephonySessionId, partyId } = await simulator.calls.scriptedCall({ from: '+14085550123', lines: [], hangUp: false })
    const unknownDevice = await failure(sdk.platform().post(`/restapi/v1.0/account/~/telephony/sessions/${telephonySessionId}/supervise`, { mode: 'Listen', supervisorDeviceId: '1' }))
    expect(unknownDevice.status).toBe(404)
    await sdk.platform().delete(`/restapi/v1.0/account/~/telephony/sessions/${telephonySessionId}`)
    const refused = await failure(sdk.platform().post(`/restapi/v1.0/account/~/telephony/sessions/${telephonySessionId}/parties/${partyId}/transfer`, { extensionNumber: '102' }))
    expect(refused.status).toBe(409)
    expect(refused.message).toMatch(/answered/)
    expect((await failure(sdk.platform().get('/restapi/v1.0/account/~/telephony/sessions/s-unknown'))).status).toBe(404)
  })
})
