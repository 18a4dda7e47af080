/**
 * The relay's SMS loop answers from what the owner keeps on the relay: FAQ entries in the
 * settings document, seasonal packages and the bookings calendar (synced from the console).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../../src/domain/business-profile'
import type { Booking, Conversation, Package, Settings } from '../../src/domain/schemas'
import type { SentSms } from '../sandbox/ringcentral/ringcentral-simulator'
import { startRelayHarness, type RelayHarness } from '../sandbox/testing/relay-harness'

const customerPhone = '+14085550199'
let relay: RelayHarness

beforeEach(async () => {
  relay = await startRelayHarness({ withRingCentralCredentials: true, withConversations: true })
  await relay.subscribeRingCentralWebhooks()
})
afterEach(async () => {
  await relay.close()
})

async function customerTexts(text: string): Promise<string> {
  await relay.control.ringcentral.inboundSms({ from: customerPhone, text })
  await relay.worker.drain()
  await relay.conversations!.idle()
  const thread = (await relay.documents.get('conversations', `conv-${customerPhone.slice(1)}`)) as unknown as Conversation
  return thread.messages.filter((message) => message.author === 'agent').at(-1)?.text ?? ''
}

async function sentSms(): Promise<SentSms[]> {
  const response = await fetch(`${relay.sandbox.urls.ringcentral}/__sim/ringcentral/sent-sms`)
  return ((await response.json()) as { records: SentSms[] }).records
}

/** `days` after the relay's today, as a calendar date and as a customer would write it. */
function dayFromNow(days: number): { iso: string; written: string } {
  const date = new Date(relay.clock.now().getTime() + days * 24 * 60 * 60 * 1000)
  const iso = date.toISOString().slice(0, 10)
  const written = new Intl.DateTimeFormat('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T12:00:00Z`))
  return { iso, written }
}

async function storeSettings(changes: Partial<Settings>) {
  await relay.documents.put('settings', { ...demoBusinessProfile(relay.clock.now().toISOString()), ...changes })
}

describe('the SMS loop answers from the stored knowledge', () => {
  it('answers with an FAQ entry the owner wrote in the settings document, and sends it', async () => {
    await storeSettings({
      faqs: [{ question: 'Can you cook indoors?', keywords: ['indoors', 'inside'], answer: 'We cook outdoors only: a patio or driveway works great.' }],
    })
    const reply = await customerTexts('Can you cook indoors?')
    expect(reply).toContain('We cook outdoors only: a patio or driveway works great.')
    const sent = await sentSms()
    expect(sent.at(-1)?.text).toBe(reply)
  })

  it('still answers when the stored settings predate FAQs', async () => {
    const { faqs: _none, ...withoutFaqs } = demoBusinessProfile(relay.clock.now().toISOString())
    await relay.documents.put('settings', withoutFaqs)
    const reply = await customerTexts('How much for 30 people in Fremont?')
    expect(reply).toContain('$1,650')
  })

  it('says which slot is still free on a date from the stored bookings', async () => {
    await storeSettings({})
    const { iso, written } = dayFromNow(30)
    const booking = (id: string, eventTime: string, status: Booking['status'] = 'confirmed'): Omit<Booking, 'updatedAt'> => ({
      id, customerId: null, customerName: 'Lunch guest', customerPhone: null, customerEmail: null, eventDate: iso, eventTime,
      adults: 20, kids: 0, address: null, zip: '94539', subtotalCents: 110_000, travelFeeCents: 0, totalCents: 110_000,
      depositCents: 10_000, paidCents: 0, status, notes: '', createdAt: relay.clock.now().toISOString(),
    })
    await relay.documents.put('bookings', booking('bk_a', '12:00'))
    await relay.documents.put('bookings', booking('bk_b', '12:30', 'deposit_paid'))
    const reply = await customerTexts(`Are you free on ${written}?`)
    expect(reply).toMatch(/is open for dinner at 5 PM/)
    expect(reply).not.toMatch(/lunch/i)
  })

  it('offers an active package and never an expired one', async () => {
    await storeSettings({})
    // From yesterday (UTC), so it has started in the business's time zone too.
    const started = dayFromNow(-1).iso
    const offer = (id: string, name: string, validFrom: string, validTo: string): Omit<Package, 'updatedAt'> => ({
      id, name, description: 'Lobster tails for everyone.', pricePerAdultCents: 6_500, pricePerChildCents: 3_500, validFrom, validTo, active: true,
    })
    await relay.documents.put('packages', offer('pkg_old', 'Summer Splash', '2020-06-01', '2020-08-31'))
    await relay.documents.put('packages', offer('pkg_now', 'Winter Feast', started, dayFromNow(40).iso))
    const reply = await customerTexts('How much for 30 adults in Fremont?')
    expect(reply).toContain('Winter Feast')
    expect(reply).not.toContain('Summer Splash')
  })
})
