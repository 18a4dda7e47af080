/**
 * A relay whose owner has not set up the business yet: it never answers customers with another
 * business's name or prices. Texts wait for staff with a neutral draft, one needs-attention item
 * asks the owner to finish setting up, and it closes itself once the settings are saved. Every
 * paired device reads the business rules it needs from `/business/rules`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../../src/domain/business-profile'
import type { Conversation } from '../../src/domain/schemas'
import { setupReminderId } from '../src/business/setup-reminder'
import type { SentSms } from '../sandbox/ringcentral/ringcentral-simulator'
import { startRelayHarness, type RelayHarness } from '../sandbox/testing/relay-harness'
import { pairDevice } from './helper'

const customerPhone = '+14085550199'
const demo = demoBusinessProfile('2026-11-01T00:00:00.000Z')
let relay: RelayHarness

beforeEach(async () => {
  relay = await startRelayHarness({ withRingCentralCredentials: true, withConversations: true, business: null })
  await relay.subscribeRingCentralWebhooks()
})
afterEach(async () => {
  await relay.close()
})

async function customerTexts(text: string) {
  await relay.control.ringcentral.inboundSms({ from: customerPhone, text })
  await relay.worker.drain()
  await relay.conversations!.idle()
}

async function sentSms(): Promise<SentSms[]> {
  const response = await fetch(`${relay.sandbox.urls.ringcentral}/__sim/ringcentral/sent-sms`)
  return ((await response.json()) as { records: SentSms[] }).records
}

const thread = async () => (await relay.documents.get('conversations', `conv-${customerPhone.slice(1)}`)) as unknown as Conversation
const openItems = async () => (await relay.queries.needsAttention.all()).filter((item) => item.status === 'open')

describe('a relay without business settings', () => {
  it('neither quotes nor auto-replies: it drafts for staff and asks once to finish setting up', async () => {
    await customerTexts('How much for 30 people in Fremont?')
    await customerTexts('Hello? Can you do December 12?')

    expect(await sentSms()).toEqual([])
    const { messages, needsHuman } = await thread()
    const summary = messages.map((m) => `${m.author} ${m.status}`).sort()
    expect(summary).toEqual(['agent draft', 'agent draft', 'customer received', 'customer received'])
    expect(needsHuman).toBe(true)
    const drafts = messages.filter((m) => m.author === 'agent').map((m) => m.text)
    // Nothing about any business: no price, no name, no FAQ, no review link.
    for (const text of drafts) {
      expect(text).not.toMatch(/\$|\d{3}/)
      expect(text).not.toContain(demo.businessName)
    }
    expect(await relay.queries.suggestions.all()).toEqual([])
    expect(await openItems()).toEqual([expect.objectContaining({ id: setupReminderId, title: 'Finish setting up the business', collectionName: 'settings' })])
  })

  it('still opts a customer out and confirms, without a business name', async () => {
    await customerTexts('STOP')
    const sent = await sentSms()
    expect(sent.map((s) => s.text)).toEqual(['You are unsubscribed and will get no more texts from us. Reply START to subscribe again.'])
  })

  it('answers with the business once the owner saves settings, and closes the reminder', async () => {
    await customerTexts('How much for 30 people in Fremont?')
    expect((await openItems()).map((item) => item.id)).toEqual([setupReminderId])

    await relay.documents.put('settings', { ...demo, businessName: 'Teppan Tom', adultPriceCents: 6000 })
    // The relay resolves it as it hears of the saved settings: after the write (at once on SQLite, one more round trip on PostgreSQL).
    await expect.poll(() => openItems()).toEqual([])
    expect(await relay.documents.get('needsAttention', setupReminderId)).toMatchObject({ status: 'dismissed', resolvedBy: 'relay: the business is set up' })

    await customerTexts('How much for 30 people in Fremont?')
    const sent = await sentSms()
    expect(sent).toHaveLength(1)
    expect(sent[0]!.text).toContain('$1,800') // 30 × $60, the new business's price
  })

  it('serves each paired device the business rules, and nothing else of the settings', async () => {
    const frontDesk = await pairDevice(relay.app, 'frontdesk')
    const rules = () => relay.app.inject({ method: 'GET', url: '/business/rules', headers: frontDesk.headers })

    expect((await rules()).json()).toEqual({ rules: null })
    await relay.documents.put('settings', { ...demo, reviewUrl: 'https://reviews.example/write' })
    const response = await rules()
    expect(response.statusCode).toBe(200)
    const body = response.json() as { rules: Record<string, unknown> }
    expect(body.rules).toMatchObject({ adultPriceCents: 5500, childPriceCents: 3000, partyMinimumCents: 55000, depositCents: 10000, timeSlots: demo.timeSlots })
    expect(Object.keys(body.rules).sort()).toEqual(
      ['adultPriceCents', 'baseLocation', 'businessName', 'childAgeRange', 'childPriceCents', 'depositCents', 'depositRefundDays', 'partyMinimumCents', 'quietHours', 'serviceAreaMiles', 'timeSlots', 'timeZone', 'travelCentsPerMile', 'travelFreeMiles', 'updatedAt'],
    )
    // The settings document itself stays owner-only, and the rules need a paired device.
    expect((await relay.app.inject({ method: 'GET', url: '/sync/settings/pull', headers: frontDesk.headers })).statusCode).toBe(403)
    expect((await relay.app.inject({ method: 'GET', url: '/business/rules' })).statusCode).toBe(401)
  })
})
