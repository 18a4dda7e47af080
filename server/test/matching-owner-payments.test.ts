/**
 * The owner's own payment facts through the relay: cash and check payments recorded on a console
 * (checked by the relay before they count), and "also pays as" payers learned from the owner's
 * decisions and used by the next Plaid sync.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { calendarDateInZone } from '../../src/domain/matching/calendar-days'
import { paymentMatchIdFor } from '../src/matching'
import { buildPlaidTransaction } from '../sandbox/plaid/payloads'
import { bookingFixture } from '../sandbox/testing/booking-fixture'
import { startRelayHarness, type RelayHarness } from '../sandbox/testing/relay-harness'
import { pairDevice } from './helper'

let relay: RelayHarness
let itemId: string
let syncs = 0

beforeEach(async () => {
  relay = await startRelayHarness()
  itemId = await relay.linkPlaidItem()
  syncs = 0
})
afterEach(async () => {
  await relay.close()
})

const dayMs = 86_400_000
const daysFromNow = (days: number) => calendarDateInZone(new Date(relay.clock.now().getTime() + days * dayMs).toISOString(), 'America/Los_Angeles')
const today = () => daysFromNow(0)

async function seedBooking(id: string, customerName: string, overrides: Record<string, unknown> = {}) {
  await relay.documents.put('bookings', {
    updatedAt: '',
    ...bookingFixture({ id, customerName, eventDate: daysFromNow(20), createdAt: new Date(relay.clock.now().getTime() - 2 * dayMs).toISOString() }),
    ...overrides,
  })
}

const booking = async (id: string) => (await relay.documents.get('bookings', id))!
const match = async (transactionId: string) => (await relay.documents.get('paymentMatches', paymentMatchIdFor(transactionId)))!

async function push(headers: Record<string, string>, collection: string, rows: unknown[]) {
  const response = await relay.app.inject({ method: 'POST', url: `/sync/${collection}/push`, headers, payload: rows })
  expect(response.statusCode).toBe(200)
  return response.json() as Record<string, unknown>[]
}

function cashPayment(transactionId: string, fields: Record<string, unknown> = {}, payment: Record<string, unknown> = {}) {
  return {
    id: paymentMatchIdFor(transactionId),
    updatedAt: relay.clock.now().toISOString(),
    transactionId,
    bookingId: 'bk_ortiz',
    paymentType: 'balance',
    confidence: 1,
    status: 'accepted',
    reasons: ['Recorded by the owner'],
    decidedBy: 'Owner laptop',
    decidedAt: relay.clock.now().toISOString(),
    manualPayment: { method: 'cash', amountCents: 155_000, receivedOn: today(), payer: 'Luis Ortiz', checkNumber: null, note: '', ...payment },
    _deleted: false,
    ...fields,
  }
}

const webhookFlags = [
  { initial_update_complete: true, historical_update_complete: true },
  { initial_update_complete: true, historical_update_complete: false },
  { initial_update_complete: false, historical_update_complete: false },
]

async function plaidSync(added: unknown[]) {
  await relay.control.plaid.transactions({ item_id: itemId, added } as never)
  const fired = await relay.control.plaid.fireWebhook({ item_id: itemId, ...webhookFlags[syncs++ % webhookFlags.length] })
  expect(fired.deliveries.map((delivery) => delivery.status)).toEqual([200])
  await relay.worker.drain()
}

const zelle = (transactionId: string, dollars: number, payer: string, date = today()) =>
  buildPlaidTransaction({ transactionId, amount: -dollars, date, name: `Zelle payment from ${payer} Conf# 8BC1F2` })

describe('cash and check payments recorded by the owner', () => {
  it('counts a cash balance on the booking once the relay has checked it, and voids it on reject', async () => {
    await seedBooking('bk_ortiz', 'Luis Ortiz', { paidCents: 10_000, status: 'deposit_paid' })
    const owner = await pairDevice(relay.app, 'owner', 'Owner laptop')

    expect(await push(owner.headers, 'paymentMatches', [{ assumedMasterState: null, newDocumentState: cashPayment('manual_cash_1') }])).toEqual([])

    // The relay established the money as a transaction of its own and moved the booking.
    expect(await relay.documents.get('transactions', 'manual_cash_1')).toMatchObject({
      accountId: 'manual',
      amountCents: -155_000,
      date: today(),
      description: 'Cash payment from Luis Ortiz',
      removed: false,
    })
    expect(await booking('bk_ortiz')).toMatchObject({ paidCents: 165_000, status: 'paid_in_full' })
    const audit = await relay.auditRows('manual_payment')
    expect(audit.map((row) => row.detail)).toEqual([
      expect.objectContaining({ change: 'recorded', matchId: 'pm_manual_cash_1', amountCents: 155_000, method: 'cash', deviceId: owner.deviceId }),
    ])

    // Pushed again (the console retrying), nothing is counted twice.
    const master = await match('manual_cash_1')
    expect(await push(owner.headers, 'paymentMatches', [{ assumedMasterState: master, newDocumentState: { ...master, decidedAt: relay.clock.now().toISOString() } }])).toEqual([])
    expect((await booking('bk_ortiz')).paidCents).toBe(165_000)

    // Rejecting it voids it: the money comes off and the transaction is kept as removed.
    const current = await match('manual_cash_1')
    expect(await push(owner.headers, 'paymentMatches', [{ assumedMasterState: current, newDocumentState: { ...current, status: 'rejected' } }])).toEqual([])
    expect(await booking('bk_ortiz')).toMatchObject({ paidCents: 10_000, status: 'deposit_paid' })
    expect(await relay.documents.get('transactions', 'manual_cash_1')).toMatchObject({ removed: true })
  })

  it('records a check with its number and reconciles a correction of the amount', async () => {
    await seedBooking('bk_ortiz', 'Luis Ortiz')
    const owner = await pairDevice(relay.app, 'owner', 'Owner laptop')
    const check = cashPayment('manual_check_7', { paymentType: 'deposit' }, { method: 'check', amountCents: 12_000, checkNumber: '1042' })
    expect(await push(owner.headers, 'paymentMatches', [{ assumedMasterState: null, newDocumentState: check }])).toEqual([])
    expect(await relay.documents.get('transactions', 'manual_check_7')).toMatchObject({ description: 'Check #1042 from Luis Ortiz', amountCents: -12_000 })
    expect(await booking('bk_ortiz')).toMatchObject({ paidCents: 12_000, status: 'deposit_paid' })

    const master = await match('manual_check_7')
    const corrected = { ...master, manualPayment: { ...(master.manualPayment as object), amountCents: 10_000 } }
    expect(await push(owner.headers, 'paymentMatches', [{ assumedMasterState: master, newDocumentState: corrected }])).toEqual([])
    expect((await booking('bk_ortiz')).paidCents).toBe(10_000)
  })

  it('refuses a payment the booking cannot take, keeps nothing of it and lists why', async () => {
    await seedBooking('bk_ortiz', 'Luis Ortiz')
    const owner = await pairDevice(relay.app, 'owner', 'Owner laptop')
    const refusals = [
      cashPayment('manual_big', {}, { amountCents: 900_000 }),
      cashPayment('manual_future', {}, { receivedOn: daysFromNow(5) }),
      cashPayment('manual_nobody', { bookingId: 'bk_missing' }),
      cashPayment('manual_wrong_id', { id: 'pm_something_else' }),
      cashPayment('not_manual_prefix'),
    ]
    for (const document of refusals) {
      const conflicts = await push(owner.headers, 'paymentMatches', [{ assumedMasterState: null, newDocumentState: document }])
      expect(conflicts).toEqual([expect.objectContaining({ id: document.id, _deleted: true })])
      expect(await relay.documents.get('transactions', document.transactionId)).toBeNull()
    }
    expect((await booking('bk_ortiz')).paidCents).toBe(0)
    const items = (await relay.documents.pull('needsAttention', null, 100)).documents
    expect(items.map((item) => item.title)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/more than twice the booking's price/),
        expect.stringMatching(/after today/),
        expect.stringMatching(/does not exist/),
        expect.stringMatching(/its id must be pm_manual_wrong_id/),
        // the write policy refuses a non-manual id before the matcher sees it
        expect.stringMatching(/records only cash and check payments; bank transactions come from the bank/),
      ]),
    )
    expect(await relay.storage.audit.count('manual_payment_refused')).toBe(4) // the fifth never reached the matcher
    expect(await relay.storage.audit.count('device_write_refused')).toBe(5)
  })

  it('never lets a bank transaction be turned into a cash payment, and keeps the front desk out', async () => {
    await seedBooking('bk_ortiz', 'Luis Ortiz')
    const owner = await pairDevice(relay.app, 'owner', 'Owner laptop')
    const frontDesk = await pairDevice(relay.app, 'frontdesk', 'Front desk')
    await plaidSync([zelle('txn_real', 100, 'LUIS ORTIZ')])
    const bankMatch = await match('txn_real')
    const conflicts = await push(owner.headers, 'paymentMatches', [
      { assumedMasterState: bankMatch, newDocumentState: { ...bankMatch, manualPayment: { method: 'cash', amountCents: 500_000, receivedOn: today(), payer: null, checkNumber: null, note: '' } } },
    ])
    expect(conflicts).toEqual([expect.objectContaining({ id: bankMatch.id })])
    expect(await relay.documents.get('transactions', 'txn_real')).toMatchObject({ amountCents: -10_000 })

    const response = await relay.app.inject({
      method: 'POST',
      url: '/sync/paymentMatches/push',
      headers: frontDesk.headers,
      payload: [{ assumedMasterState: null, newDocumentState: cashPayment('manual_fd') }],
    })
    expect(response.statusCode).toBe(403)
    expect(await relay.documents.get('transactions', 'manual_fd')).toBeNull()
  })
})

describe('"also pays as"', () => {
  it('learns a spouse from an accepted match, scores their next payment as the customer, and forgets on undo', async () => {
    await seedBooking('bk_patel', 'Priya Patel', { customerPhone: '+14085550123' })
    // Anita Patel booked the same day: her $100 deposit is due too, so neither the amount nor the surname says whose it is.
    await seedBooking('bk_patel_anita', 'Anita Patel', { customerPhone: '+14085550124' })
    const owner = await pairDevice(relay.app, 'owner', 'Owner laptop')

    // The husband pays the deposit: same surname, another first name — a person must decide.
    await plaidSync([zelle('txn_raj_deposit', 100, 'RAJ PATEL')])
    const pending = await match('txn_raj_deposit')
    expect(pending).toMatchObject({ bookingId: 'bk_patel', status: 'needs_review' })
    const accepted = { ...pending, status: 'accepted', decidedBy: 'Owner laptop', decidedAt: relay.clock.now().toISOString() }
    expect(await push(owner.headers, 'paymentMatches', [{ assumedMasterState: pending, newDocumentState: accepted }])).toEqual([])

    // The relay put him on the customer (made from the booking, which now links to it).
    const customerId = (await booking('bk_patel')).customerId as string
    expect(customerId).toBe('cust-14085550123')
    expect(await relay.documents.get('customers', customerId)).toMatchObject({
      name: 'Priya Patel',
      alsoPaysAs: [{ name: 'RAJ PATEL', learnedFrom: 'pm_txn_raj_deposit', addedAt: expect.any(String) }],
    })

    // His balance payment is now a known payer's: accepted without asking.
    await seedBooking('bk_patel_2', 'Priya Patel', { customerId, eventDate: daysFromNow(1), createdAt: new Date(relay.clock.now().getTime() - 20 * dayMs).toISOString(), paidCents: 10_000, status: 'deposit_paid' })
    await plaidSync([zelle('txn_raj_balance', 1550, 'RAJ PATEL', daysFromNow(1))])
    expect(await match('txn_raj_balance')).toMatchObject({ bookingId: 'bk_patel_2', paymentType: 'balance', status: 'auto_accepted' })
    expect(((await match('txn_raj_balance')).reasons as string[]).join(' ')).toMatch(/known payer for this customer \(also pays as "RAJ PATEL"\)/)

    // Undoing the first decision unteaches what it taught.
    const current = await match('txn_raj_deposit')
    expect(await push(owner.headers, 'paymentMatches', [{ assumedMasterState: current, newDocumentState: { ...current, status: 'needs_review', decidedBy: null, decidedAt: null } }])).toEqual([])
    expect(await relay.documents.get('customers', customerId)).toMatchObject({ alsoPaysAs: [] })
  })

  it('takes a payer the owner typed on the customer', async () => {
    await relay.documents.put('customers', {
      id: 'cust_acme', updatedAt: '', name: 'Dana Whitfield', phone: null, email: 'dana@example.com', notes: '', smsOptOut: false,
      createdAt: relay.clock.now().toISOString(), alsoPaysAs: [],
    })
    await seedBooking('bk_whitfield', 'Dana Whitfield', { customerId: 'cust_acme' })
    const owner = await pairDevice(relay.app, 'owner', 'Owner laptop')
    const customer = (await relay.documents.get('customers', 'cust_acme'))!
    const edited = { ...customer, alsoPaysAs: [{ name: 'Acme Events LLC', learnedFrom: null, addedAt: relay.clock.now().toISOString() }] }
    expect(await push(owner.headers, 'customers', [{ assumedMasterState: customer, newDocumentState: edited }])).toEqual([])

    await plaidSync([buildPlaidTransaction({ transactionId: 'txn_acme', amount: -100, date: today(), name: 'ACH CREDIT ACME EVENTS LLC PPD ID: 99' })])
    expect(await match('txn_acme')).toMatchObject({ bookingId: 'bk_whitfield', paymentType: 'deposit', status: 'auto_accepted' })
  })
})
