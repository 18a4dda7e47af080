/**
 * Deposit links against the Stripe simulator through the official SDK: the idempotency key keeps a
 * retried request from creating a second session, and never asks Stripe to replay a request with
 * other parameters (Stripe answers that with `idempotency_error`).
 */
import Stripe from 'stripe'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Booking } from '../../../src/domain/schemas'
import { bookingFixture } from '../../sandbox/testing/booking-fixture'
import { startRelayHarness, type RelayHarness } from '../../sandbox/testing/relay-harness'
import { BookingRecords } from './booking-records'
import { DepositCheckouts } from './deposit-checkouts'
import type { ScheduledTexts } from '../storage/contracts'

let relay: RelayHarness
let checkouts: DepositCheckouts
beforeEach(async () => {
  relay = await startRelayHarness({ listen: false })
  const stripe = new Stripe(relay.sandbox.secrets.stripe.secretKey, { host: '127.0.0.1', port: Number(new URL(relay.sandbox.urls.stripe).port), protocol: 'http', maxNetworkRetries: 0 })
  const jobs = { rearm: async () => {} } as unknown as ScheduledTexts
  checkouts = new DepositCheckouts({ records: new BookingRecords(relay.storage, relay.clock.now), jobs, stripe, successUrl: 'https://example.com/thanks' })
})
afterEach(async () => {
  await relay.close()
})

describe('deposit links', () => {
  it('after a lost write, asks again for the same session, or for a new one when the deposit changed meanwhile', async () => {
    // Not in the store: Stripe answers, but the link is never written (a crash between the two).
    const booking = { ...bookingFixture({ id: 'bk_lost', eventDate: '2031-07-12', createdAt: '2031-06-01T10:00:00.000Z', confirmedAt: '2031-06-01T10:00:00.000Z' }), updatedAt: '' } as Booking
    const first = await checkouts.openLink(booking, { sendLink: false })
    const retried = await checkouts.openLink(booking, { sendLink: false })
    expect(retried.sessionId).toBe(first.sessionId)

    const changed = await checkouts.openLink({ ...booking, depositCents: 15_000 }, { sendLink: false })
    expect(changed.sessionId).not.toBe(first.sessionId)
    expect(relay.sandbox.stripe.sessions.get(changed.sessionId)?.amount_total).toBe(15_000)
    expect(relay.sandbox.stripe.sessions.get(first.sessionId)?.amount_total).toBe(10_000)
  })
})
