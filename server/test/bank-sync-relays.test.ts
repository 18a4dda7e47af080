/**
 * Bank syncs and payment matching through the storage contracts, with two relays on one database
 * of each engine, against the Plaid simulator: the same Item synced by both relays at once counts
 * each deposit once and matches it once; a decision taken through one relay moves the money on
 * the booking once, whichever relay follows it.
 */
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../../src/domain/business-profile'
import { parseRelayConfig } from '../src/config/config'
import { PaymentMatchingService, paymentMatchIdFor } from '../src/matching'
import { PlaidBank } from '../src/providers/plaid/bank-connection'
import { createPlaidClient } from '../src/providers/plaid/plaid-client'
import { storageEngines, type ContractStores } from '../src/storage/testing/storage-engines'
import { startSandbox } from '../sandbox'
import { sandboxControl } from '../sandbox/control-client'
import { buildPlaidTransaction } from '../sandbox/plaid/payloads'
import { bookingFixture } from '../sandbox/testing/booking-fixture'

const now = () => new Date()
const logger = pino({ level: 'silent' })
const today = () => new Date().toISOString().slice(0, 10)
const inWeeks = (weeks: number) => new Date(Date.now() + weeks * 7 * 86_400_000).toISOString().slice(0, 10)

async function withBookings(stores: ContractStores) {
  await stores.documents.put('settings', demoBusinessProfile(now().toISOString()))
  for (const [id, customerName] of [
    ['bk_dana', 'Dana Whitfield'],
    ['bk_sam', 'Sam Reyes'],
  ]) {
    await stores.documents.put('bookings', bookingFixture({ id: id!, customerName: customerName!, eventDate: inWeeks(3), createdAt: now().toISOString(), confirmedAt: now().toISOString() }))
  }
}

describe.each(storageEngines)('bank syncs with two relays on $name', (engine) => {
  it.skipIf(engine.skipReason !== null)('count each deposit once when both relays sync the Item at once, and follow a decision once', async () => {
    const sandbox = await startSandbox()
    const { mine, theirs, close } = await engine.open(now)
    const config = parseRelayConfig({ ...sandbox.relayEnv({}), RELAY_DATA_DIR: '/nonexistent' })
    const client = createPlaidClient(config.providers.plaid)
    const [bankA, bankB] = [mine, theirs].map((storage) => new PlaidBank({ client, storage, logger }))
    const matching = [mine, theirs].map((storage) => new PaymentMatchingService({ storage, now, logger }))
    const stops = [...matching.map((service) => service.start()), ...[mine, theirs].map((storage) => storage.documents.followExternalWrites())]
    const control = sandboxControl(sandbox.urls)
    try {
      await withBookings(mine)
      const { public_token: publicToken } = (await client.sandboxPublicTokenCreate({ institution_id: 'ins_109508', initial_products: ['transactions' as never] })).data
      const { itemId } = await bankA!.connect(publicToken)
      await bankA!.idle()

      await control.plaid.transactions({
        item_id: itemId,
        added: [
          buildPlaidTransaction({ transactionId: 'txn_dana', amount: -100, date: today(), name: 'Zelle payment from DANA WHITFIELD' }),
          buildPlaidTransaction({ transactionId: 'txn_who', amount: -100, date: today(), name: 'VENMO CASHOUT FROM J SMITH' }),
        ],
      })
      // Both relays hear of the webhook and sync at once.
      await Promise.all([bankA!.syncItem(itemId), bankB!.syncItem(itemId)])
      const settled = async () => {
        for (let round = 0; round < 3; round++) {
          await Promise.all(matching.map((service) => service.idle()))
          await new Promise((resolve) => setTimeout(resolve, 600))
        }
      }
      await settled()

      const dana = (await theirs.queries.bookings.live('bk_dana'))!
      expect(dana).toMatchObject({ paidCents: 10_000, status: 'deposit_paid' })
      expect(dana.timeline!.filter((entry) => entry.kind === 'payment')).toHaveLength(1)
      expect(await mine.ledger.applicationsOf('bk_dana')).toHaveLength(1)
      expect((await mine.documents.pull('transactions', null, 100)).documents.map((document) => document.id).sort()).toEqual(['txn_dana', 'txn_who'])
      const unsure = (await theirs.documents.get('paymentMatches', paymentMatchIdFor('txn_who')))!
      // Nobody's name: not counted on any booking.
      expect(unsure.status).not.toBe('auto_accepted')
      expect((await mine.queries.bookings.live('bk_sam'))!.paidCents).toBe(0)

      // The owner places the unsure one on Sam's booking through relay B; both relays follow it.
      await theirs.documents.put('paymentMatches', { ...unsure, bookingId: 'bk_sam', paymentType: 'deposit', status: 'accepted', decidedBy: 'Owner laptop', decidedAt: now().toISOString() })
      await settled()
      const sam = (await mine.queries.bookings.live('bk_sam'))!
      expect(sam.paidCents).toBe(10_000)
      expect(sam.timeline!.filter((entry) => entry.kind === 'payment')).toHaveLength(1)
      expect(await theirs.ledger.applicationsOf('bk_sam')).toHaveLength(1)
      // The payer is learned once, for Sam.
      const samCustomers = (await mine.queries.customers.all()).filter((customer) => customer.name === 'Sam Reyes')
      expect(samCustomers).toHaveLength(1)
      expect(samCustomers[0]!.alsoPaysAs!.map((payer) => payer.learnedFrom)).toEqual([paymentMatchIdFor('txn_who')])
    } finally {
      for (const stop of stops) stop()
      await Promise.all([...matching.map((service) => service.idle()), bankA!.stop(), bankB!.stop()])
      await close()
      await sandbox.close()
    }
  }, 60_000)
})
