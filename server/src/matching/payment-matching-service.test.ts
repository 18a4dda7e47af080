/**
 * The payment-matching service on either engine: a decision's money follows it once, whichever of
 * two relays on one database hears of it (and at start-up for one written while no relay ran); a
 * re-matched payment is read again for its new booking.
 */
import { describe, expect, it } from 'vitest'
import pino from 'pino'
import { storageEngines, type ContractStores } from '../storage/testing/storage-engines'
import { PaymentMatchingService, paymentMatchIdFor } from '.'

const at = '2026-11-22T10:00:00.000Z'
const now = () => new Date(at)
const logger = pino({ level: 'silent' })

async function seed(stores: ContractStores) {
  await stores.documents.put('bookings', {
    id: 'bk_1', updatedAt: '', customerId: null, customerName: 'Dana Whitfield', customerPhone: null, customerEmail: null,
    eventDate: '2026-12-12', eventTime: null, adults: 30, kids: 0, address: null, zip: null, subtotalCents: 165_000,
    travelFeeCents: 0, totalCents: 165_000, depositCents: 10_000, paidCents: 0, status: 'quoted', notes: '', createdAt: at,
  })
  await stores.documents.put('transactions', {
    id: 'txn_1', updatedAt: '', accountId: 'acc', amountCents: -10_000, currency: 'USD', date: '2026-11-21', authorizedDate: null,
    description: 'Zelle payment from DANA WHITFIELD', merchantName: null, counterpartyName: null, paymentChannel: 'other',
    pending: false, pendingTransactionId: null, removed: false,
  }, { ownerOnly: true })
}

function acceptedMatch(bookingId: string) {
  return {
    id: 'pm_txn_1', updatedAt: '', transactionId: 'txn_1', bookingId, paymentType: 'deposit', confidence: 0.8,
    status: 'accepted', reasons: [], decidedBy: 'Owner laptop', decidedAt: at,
  }
}

/** Services on each relay, hearing of each other's writes; `settled` waits until both rest. */
function onBothRelays(...relays: ContractStores[]) {
  const services = relays.map((storage) => new PaymentMatchingService({ storage, now, logger }))
  const stops = [...services.map((service) => service.start()), ...relays.map((storage) => storage.documents.followExternalWrites())]
  return {
    services,
    async settled() {
      for (let round = 0; round < 3; round++) {
        await Promise.all(services.map((service) => service.idle()))
        await new Promise((resolve) => setTimeout(resolve, 600))
      }
      await Promise.all(services.map((service) => service.idle()))
    },
    stop: () => stops.forEach((stop) => stop()),
  }
}

describe.each(storageEngines)('PaymentMatchingService on $name', (engine) => {
  it.skipIf(engine.skipReason !== null)('applies a decision once though both relays hear of it, and one written while none ran at start-up', async () => {
    const { mine, theirs, close } = await engine.open(now)
    let relays: ReturnType<typeof onBothRelays> | null = null
    try {
      await seed(mine)
      // Written with no service listening, as if the relay stopped right after the push committed.
      await mine.documents.put('paymentMatches', acceptedMatch('bk_1'), { ownerOnly: true })
      relays = onBothRelays(mine, theirs)
      await relays!.settled()
      expect(await theirs.queries.bookings.live('bk_1')).toMatchObject({ paidCents: 10_000, status: 'deposit_paid' })
      expect(await mine.ledger.applicationsOf('bk_1')).toHaveLength(1)

      // Rejected through relay B, accepted again through relay A: each change heard by both.
      const stored = (await theirs.documents.get('paymentMatches', 'pm_txn_1'))!
      await theirs.documents.put('paymentMatches', { ...stored, status: 'rejected' })
      await relays!.settled()
      expect((await mine.queries.bookings.live('bk_1'))!.paidCents).toBe(0)
      await mine.documents.put('paymentMatches', acceptedMatch('bk_1'))
      await relays!.settled()
      const booking = (await mine.queries.bookings.live('bk_1'))!
      expect(booking.paidCents).toBe(10_000)
      expect(booking.timeline!.filter((entry) => entry.kind === 'payment').map((entry) => entry.text.split(' ')[0])).toEqual(['$100.00', expect.any(String), '$100.00'])
      expect(await theirs.ledger.applicationsOf('bk_1')).toHaveLength(1)
    } finally {
      relays?.stop()
      await Promise.all(relays?.services.map((service) => service.idle()) ?? [])
      await close()
    }
  }, 30_000)

  it.skipIf(engine.skipReason !== null)('applies nothing for a booking it does not have, and applies it when the match is corrected', async () => {
    const { mine, close } = await engine.open(now)
    const relays = onBothRelays(mine)
    try {
      await seed(mine)
      await mine.documents.put('paymentMatches', acceptedMatch('bk_missing'), { ownerOnly: true })
      await relays.services[0]!.idle()
      expect(await mine.ledger.applicationOf('txn_1')).toBeNull()
      await mine.documents.put('paymentMatches', acceptedMatch('bk_1'))
      await relays.services[0]!.idle()
      expect((await mine.queries.bookings.live('bk_1'))!.paidCents).toBe(10_000)
    } finally {
      relays.stop()
      await Promise.all(relays.services.map((service) => service.idle()))
      await close()
    }
  })

  it.skipIf(engine.skipReason !== null)('reads a re-matched payment again for its new booking, and again after an undo back to the first', async () => {
    const { mine, close } = await engine.open(now)
    const relays = onBothRelays(mine)
    const service = relays.services[0]!
    try {
      await seed(mine)
      const first = (await mine.documents.get('bookings', 'bk_1'))!
      await mine.documents.put('bookings', { ...first, id: 'bk_2', customerName: 'Priya Patel', paidCents: 10_000, status: 'deposit_paid' })
      // What the matcher proposed: Dana's deposit, its reasons naming her booking.
      const proposed = {
        id: 'pm_txn_1', updatedAt: '', transactionId: 'txn_1', bookingId: 'bk_1', paymentType: 'deposit', confidence: 0.98,
        status: 'needs_review', reasons: ['Booking bk_1:', 'Name 1.00: payer "DANA WHITFIELD" vs "Dana Whitfield" — same name'], decidedBy: null, decidedAt: null,
      }
      await mine.documents.put('paymentMatches', proposed, { ownerOnly: true })
      await service.idle()
      expect(await mine.documents.get('paymentMatches', 'pm_txn_1')).toMatchObject({ confidence: 0.98, reasons: proposed.reasons })

      // A person moves it to Priya's booking, whose deposit is already paid.
      await mine.documents.put('paymentMatches', { ...proposed, bookingId: 'bk_2', status: 'accepted', decidedBy: 'Owner laptop', decidedAt: at })
      await service.idle()
      const moved = (await mine.documents.get('paymentMatches', 'pm_txn_1'))!
      expect(moved.confidence).toBeLessThan(0.6)
      expect(moved.reasons).toEqual([
        'Placed on this booking by Owner laptop.',
        'Paid by Dana Whitfield, who is not Priya Patel.',
        expect.stringMatching(/^\$100\.00 fits neither|^\$100\.00 is/),
        expect.stringMatching(/^Paid .*\.$/),
        ...((moved.reasons as string[]).length > 4 ? [expect.any(String)] : []),
      ])
      expect((moved.reasons as string[]).join(' ')).not.toMatch(/bk_|(^|\s)[01]\.\d\d\b/)

      // Undo back to the proposal: read again for Dana, no longer Priya.
      await mine.documents.put('paymentMatches', { ...moved, bookingId: 'bk_1', status: 'needs_review', decidedBy: null, decidedAt: null })
      await service.idle()
      const back = (await mine.documents.get('paymentMatches', 'pm_txn_1'))!
      expect((back.reasons as string[])[0]).toBe('Read again for this booking.')
      expect((back.reasons as string[])[1]).toBe("Paid by Dana Whitfield, the booking's customer.")
      expect(back.confidence).toBeGreaterThan(0.8)
    } finally {
      relays.stop()
      await service.idle()
      await close()
    }
  })
})

describe('paymentMatchIdFor', () => {
  it('derives a stable id that fits the document id rules', () => {
    expect(paymentMatchIdFor('txn_abc')).toBe('pm_txn_abc')
    const long = paymentMatchIdFor('x'.repeat(100))
    expect(long).toMatch(/^pm_h_[0-9a-f]{40}$/)
    expect(paymentMatchIdFor('x'.repeat(100))).toBe(long)
    expect(paymentMatchIdFor('id with spaces')).toMatch(/^pm_h_/)
  })
})
