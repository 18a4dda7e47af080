/**
 * Payment matching end to end: Plaid transactions from the sandbox through the relay's webhook
 * inbox, matches and booking money on the relay, and an owner's decisions pushed through the
 * real sync API.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { calendarDateInZone } from '../../src/domain/matching/calendar-days'
import { paymentMatchIdFor } from '../src/matching'
import { buildPlaidTransaction } from '../sandbox/plaid/payloads'
import { startRelayHarness, type RelayHarness } from '../sandbox/testing/relay-harness'
import { bookingFixture } from '../sandbox/testing/booking-fixture'
import { pairDevice } from './helper'

let relay: RelayHarness
let itemId: string

beforeEach(async () => {
  relay = await startRelayHarness()
  itemId = await relay.linkPlaidItem()
  syncs = 0
})
afterEach(async () => {
  await relay.close()
})

const dayMs = 86_400_000
const today = () => calendarDateInZone(relay.clock.now().toISOString(), 'America/Los_Angeles')
const daysFromNow = (days: number) => calendarDateInZone(new Date(relay.clock.now().getTime() + days * dayMs).toISOString(), 'America/Los_Angeles')

async function seedBooking(id: string, customerName: string, overrides: Record<string, unknown> = {}) {
  await relay.documents.put('bookings', {
    updatedAt: '',
    ...bookingFixture({ id, customerName, eventDate: daysFromNow(20), createdAt: new Date(relay.clock.now().getTime() - 2 * dayMs).toISOString() }),
    ...overrides,
  })
}

/** Plaid webhook bodies carry no event id: identical bodies are one event, so each sync varies the flags. */
const webhookFlags = [
  { initial_update_complete: true, historical_update_complete: true },
  { initial_update_complete: true, historical_update_complete: false },
  { initial_update_complete: false, historical_update_complete: false },
  { initial_update_complete: false, historical_update_complete: true },
]
let syncs = 0

/** Queues changes in the Plaid sandbox, fires SYNC_UPDATES_AVAILABLE and lets the relay process it. */
async function plaidSync(changes: { added?: unknown[]; modified?: unknown[]; removed?: string[] }) {
  await relay.control.plaid.transactions({ item_id: itemId, ...(changes as object) })
  const fired = await relay.control.plaid.fireWebhook({ item_id: itemId, ...webhookFlags[syncs++ % webhookFlags.length] })
  expect(fired.deliveries.map((delivery) => delivery.status)).toEqual([200])
  await relay.worker.drain()
}

const zelle = (transactionId: string, dollars: number, payer: string) =>
  buildPlaidTransaction({ transactionId, amount: -dollars, date: today(), name: `Zelle payment from ${payer} Conf# 8BC1F2` })

const booking = async (id: string) => (await relay.documents.get('bookings', id))!
const match = async (transactionId: string) => (await relay.documents.get('paymentMatches', paymentMatchIdFor(transactionId)))!
/**
 * Every payment application in the ledger (each counts money on a booking), read from its table:
 * one left on a booking that no longer exists would count here too.
 */
async function paymentApplications() {
  const rows = await relay.sql(
    'SELECT transaction_id, booking_id, amount_cents FROM payment_applications ORDER BY transaction_id',
  )
  return rows.map((row) => ({ transactionId: String(row.transaction_id), bookingId: String(row.booking_id), amountCents: Number(row.amount_cents) }))
}

async function pushMatch(headers: Record<string, string>, transactionId: string, changes: Record<string, unknown>) {
  const master = await match(transactionId)
  const response = await relay.app.inject({
    method: 'POST',
    url: '/sync/paymentMatches/push',
    headers,
    payload: [{ assumedMasterState: master, newDocumentState: { ...master, ...changes } }],
  })
  expect(response.statusCode).toBe(200)
  expect(response.json()).toEqual([])
}

const decision = (status: 'accepted' | 'rejected', extra: Record<string, unknown> = {}) => ({
  status,
  decidedBy: 'Owner laptop',
  decidedAt: relay.clock.now().toISOString(),
  ...extra,
})

describe('payment matching on the relay', () => {
  it('auto-accepts an exact Zelle deposit once, however often Plaid repeats itself', async () => {
    await seedBooking('bk_lopez', 'Maria Lopez')
    await plaidSync({ added: [zelle('txn_lopez_deposit', 100, 'MARIA LOPEZ')] })

    expect(await match('txn_lopez_deposit')).toMatchObject({
      transactionId: 'txn_lopez_deposit',
      bookingId: 'bk_lopez',
      paymentType: 'deposit',
      status: 'auto_accepted',
      decidedBy: 'matcher',
    })
    expect((await match('txn_lopez_deposit')).decidedAt).toEqual(expect.any(String))
    expect(await booking('bk_lopez')).toMatchObject({ paidCents: 10_000, status: 'deposit_paid' })

    // The same webhook delivered again is one event; another with nothing new changes nothing;
    // nor does Plaid re-sending the same transaction as modified (a full re-match).
    const repeated = await relay.control.plaid.fireWebhook({ item_id: itemId, ...webhookFlags[0] })
    expect(repeated.deliveries.map((delivery) => delivery.status)).toEqual([200])
    await relay.worker.drain()
    await plaidSync({})
    await plaidSync({ modified: [zelle('txn_lopez_deposit', 100, 'MARIA LOPEZ')] })
    expect(await booking('bk_lopez')).toMatchObject({ paidCents: 10_000, status: 'deposit_paid' })
    expect((await match('txn_lopez_deposit')).status).toBe('auto_accepted')
    expect(await paymentApplications()).toHaveLength(1)
  })

  it('leaves a doubtful match alone until the owner accepts it through sync, then applies it once', async () => {
    await seedBooking('bk_chen', 'David Chen')
    const owner = await pairDevice(relay.app, 'owner', 'Owner laptop')
    await plaidSync({ added: [zelle('txn_chen', 99.5, 'DAVID CHEN')] })

    expect(await match('txn_chen')).toMatchObject({ bookingId: 'bk_chen', status: 'needs_review', decidedBy: null, decidedAt: null })
    expect(await booking('bk_chen')).toMatchObject({ paidCents: 0, status: 'confirmed' })

    await pushMatch(owner.headers, 'txn_chen', decision('accepted'))
    expect(await booking('bk_chen')).toMatchObject({ paidCents: 9_950, status: 'deposit_paid' })
    expect(await match('txn_chen')).toMatchObject({ status: 'accepted', decidedBy: 'Owner laptop' })

    // The same decision arriving again (another edit of the document) adds nothing.
    await pushMatch(owner.headers, 'txn_chen', { decidedAt: relay.clock.now().toISOString() })
    // Nor does a later Plaid run that sees the transaction again: the person's decision stands.
    await plaidSync({ modified: [zelle('txn_chen', 99.5, 'DAVID CHEN')] })
    expect(await match('txn_chen')).toMatchObject({ status: 'accepted', decidedBy: 'Owner laptop' })
    expect(await booking('bk_chen')).toMatchObject({ paidCents: 9_950, status: 'deposit_paid' })
  })

  it('reverses an accepted payment when the owner rejects it', async () => {
    await seedBooking('bk_chen', 'David Chen')
    const owner = await pairDevice(relay.app, 'owner', 'Owner laptop')
    await plaidSync({ added: [zelle('txn_chen', 99.5, 'DAVID CHEN')] })
    await pushMatch(owner.headers, 'txn_chen', decision('accepted'))
    expect((await booking('bk_chen')).paidCents).toBe(9_950)

    await pushMatch(owner.headers, 'txn_chen', decision('rejected'))
    expect(await booking('bk_chen')).toMatchObject({ paidCents: 0, status: 'confirmed' })
    expect(await match('txn_chen')).toMatchObject({ status: 'rejected', decidedBy: 'Owner laptop' })
    expect(await paymentApplications()).toHaveLength(0)
  })

  it('moves the money to another booking on a re-match', async () => {
    await seedBooking('bk_chen', 'David Chen')
    await seedBooking('bk_lopez', 'Maria Lopez')
    const owner = await pairDevice(relay.app, 'owner', 'Owner laptop')
    await plaidSync({ added: [zelle('txn_chen', 99.5, 'DAVID CHEN')] })
    await pushMatch(owner.headers, 'txn_chen', decision('accepted'))

    // It was really Maria Lopez's deposit, paid from her partner's account.
    await pushMatch(owner.headers, 'txn_chen', decision('accepted', { bookingId: 'bk_lopez' }))
    expect(await booking('bk_chen')).toMatchObject({ paidCents: 0, status: 'confirmed' })
    expect(await booking('bk_lopez')).toMatchObject({ paidCents: 9_950, status: 'deposit_paid' })
    expect((await paymentApplications()).map(({ bookingId, amountCents }) => ({ bookingId, amountCents }))).toEqual([
      { bookingId: 'bk_lopez', amountCents: 9_950 },
    ])
  })

  it('takes back an auto-accepted payment the bank removes and flags it for a person', async () => {
    await seedBooking('bk_lopez', 'Maria Lopez')
    await plaidSync({ added: [zelle('txn_lopez_deposit', 100, 'MARIA LOPEZ')] })
    expect((await booking('bk_lopez')).paidCents).toBe(10_000)

    await plaidSync({ removed: ['txn_lopez_deposit'] })
    expect(await booking('bk_lopez')).toMatchObject({ paidCents: 0, status: 'confirmed' })
    const flagged = await match('txn_lopez_deposit')
    expect(flagged).toMatchObject({ status: 'needs_review', bookingId: 'bk_lopez', decidedBy: 'matcher' })
    expect((flagged.reasons as string[])[0]).toMatch(/^Removed by the bank\. \$100\.00 was taken off booking bk_lopez/)

    // Accepting a removed transaction changes no money.
    const owner = await pairDevice(relay.app, 'owner', 'Owner laptop')
    await pushMatch(owner.headers, 'txn_lopez_deposit', decision('accepted'))
    expect((await booking('bk_lopez')).paidCents).toBe(0)
  })

  it('keeps a Stripe-paid deposit in mind: the balance by Zelle settles the booking', async () => {
    await seedBooking('bk_lopez', 'Maria Lopez', { paidCents: 10_000, status: 'deposit_paid', eventDate: today() })
    await plaidSync({ added: [zelle('txn_lopez_balance', 1550, 'MARIA LOPEZ')] })
    expect(await match('txn_lopez_balance')).toMatchObject({ bookingId: 'bk_lopez', paymentType: 'balance', status: 'auto_accepted' })
    expect(await booking('bk_lopez')).toMatchObject({ paidCents: 165_000, status: 'paid_in_full' })
  })
})

describe('pending transactions that post', () => {
  it('moves an auto-accepted pending deposit to its posted version without counting it twice', async () => {
    await seedBooking('bk_lopez', 'Maria Lopez')
    const pending = buildPlaidTransaction({ transactionId: 'txn_pending', amount: -100, date: today(), name: 'Zelle payment from MARIA LOPEZ', pending: true })
    await plaidSync({ added: [pending] })
    expect(await match('txn_pending')).toMatchObject({ status: 'auto_accepted', bookingId: 'bk_lopez' })
    expect((await booking('bk_lopez')).paidCents).toBe(10_000)

    const posted = buildPlaidTransaction({
      transactionId: 'txn_posted',
      amount: -100,
      date: today(),
      name: 'Zelle payment from MARIA LOPEZ',
      pendingTransactionId: 'txn_pending',
    })
    await plaidSync({ added: [posted], removed: ['txn_pending'] })
    expect(await match('txn_pending')).toMatchObject({ status: 'ignored', decidedBy: 'matcher' })
    expect(((await match('txn_pending')).reasons as string[])[0]).toMatch(/posted as txn_posted/)
    expect(await match('txn_posted')).toMatchObject({ status: 'auto_accepted', bookingId: 'bk_lopez', paymentType: 'deposit' })
    expect(await booking('bk_lopez')).toMatchObject({ paidCents: 10_000, status: 'deposit_paid' })
  })

  it('carries a person’s accept of the pending transaction over to the posted one', async () => {
    await seedBooking('bk_chen', 'David Chen')
    const owner = await pairDevice(relay.app, 'owner', 'Owner laptop')
    await plaidSync({
      added: [buildPlaidTransaction({ transactionId: 'txn_pending', amount: -99.5, date: today(), name: 'Zelle payment from DAVID CHEN', pending: true })],
    })
    await pushMatch(owner.headers, 'txn_pending', decision('accepted'))
    expect((await booking('bk_chen')).paidCents).toBe(9_950)

    await plaidSync({
      added: [
        buildPlaidTransaction({ transactionId: 'txn_posted', amount: -99.5, date: today(), name: 'Zelle payment from DAVID CHEN', pendingTransactionId: 'txn_pending' }),
      ],
      removed: ['txn_pending'],
    })
    expect(await match('txn_posted')).toMatchObject({ status: 'accepted', bookingId: 'bk_chen', decidedBy: 'Owner laptop' })
    expect(await booking('bk_chen')).toMatchObject({ paidCents: 9_950, status: 'deposit_paid' })
    expect((await paymentApplications()).map(({ transactionId }) => ({ transactionId }))).toEqual([{ transactionId: 'txn_posted' }])
  })
})
