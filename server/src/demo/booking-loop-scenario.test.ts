/**
 * The demo's booking loop: on the seeded demo business, the relay texts confirmed bookings their
 * deposit link, the `booking-loop` scenario pays one on the Stripe stand-in page, and seeded
 * bookings whose reminders are due get them.
 */
import { afterEach, beforeEach, expect, it } from 'vitest'
import { localInstant } from '../../../src/domain/bookings'
import { calendarDateInZone } from '../../../src/domain/matching/calendar-days'
import type { Booking } from '../../../src/domain/schemas'
import type { SentSms } from '../../sandbox/ringcentral/ringcentral-simulator'
import { startRelayHarness, type RelayHarness } from '../../sandbox/testing/relay-harness'
import { playScenario } from './scenario-player'
import { seedDemoBusiness } from './seed'

let relay: RelayHarness
beforeEach(async () => {
  relay = await startRelayHarness({ withRingCentralCredentials: true, withBookings: true, business: null })
  await relay.subscribeRingCentralWebhooks()
  // Mid-morning in the business's zone, outside quiet hours.
  const today = calendarDateInZone(relay.clock.now().toISOString(), 'America/Los_Angeles')
  relay.clock.advance(localInstant(today, '10:30', 'America/Los_Angeles').getTime() - relay.clock.now().getTime())
})
afterEach(async () => {
  await relay.close()
})

async function settle() {
  await relay.worker.drain()
  await relay.bookings!.idle()
}

it('texts, collects a deposit through the stand-in page and sends the reminders that are due', async () => {
  expect(await seedDemoBusiness(relay.storage, relay.clock.now())).toBe(true)
  await settle()
  const tanaka = async () => (await relay.documents.get('bookings', 'bk_tanaka')) as unknown as Booking
  expect((await tanaka()).depositCheckout).toMatchObject({ status: 'open' })

  const lines: string[] = []
  await playScenario('booking-loop', { relayUrl: relay.url, urls: relay.sandbox.urls, plaidItemId: null }, (line) => lines.push(line))
  await settle()
  expect(lines).toEqual(['[1/1] the customer of bk_tanaka pays the texted deposit link on the Stripe page'])
  expect(await tanaka()).toMatchObject({ status: 'deposit_paid', paidCents: 10_000, depositCheckout: { status: 'complete' } })

  await relay.bookings!.runDue()
  await settle()
  const sent = ((await (await fetch(`${relay.sandbox.urls.ringcentral}/__sim/ringcentral/sent-sms`)).json()) as { records: SentSms[] }).records
  const textsTo = (phone: string) => sent.filter((sms) => sms.to.includes(phone)).map((sms) => sms.text)
  // Tomorrow's party gets its reminder; last week's, paid in full, the review request.
  expect(textsTo('+15105550188')).toEqual([expect.stringContaining('see you tomorrow')])
  expect(textsTo('+14085550166')).toEqual([expect.stringContaining('quick review? https://')])
  // Tanaka paid before the deposit link text went out: only the confirmation is sent.
  expect(textsTo('+14085550127')).toEqual([expect.stringContaining('is booked for')])
  // Yesterday's party, deposit paid only: completed, with a balance reminder.
  expect(await relay.documents.get('bookings', 'bk_garcia')).toMatchObject({ status: 'completed' })
  expect(textsTo('+19255550163')).toEqual([expect.stringContaining('balance of $2,100.00')])
  // Texts whose time passed long before the relay met the booking are dropped without cluttering its timeline.
  const chen = (await relay.documents.get('bookings', 'bk_chen')) as unknown as Booking
  expect((chen.timeline ?? []).map((entry) => entry.text)).toEqual([expect.stringMatching(/^Review request texted: /)])
})
