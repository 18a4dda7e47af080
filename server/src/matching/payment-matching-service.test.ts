import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../storage/database'
import { DocumentStore } from '../storage/document-store'
import { attachPaymentMatching, paymentMatchIdFor, paymentMatchingFor } from '.'

const at = '2026-11-22T10:00:00.000Z'

function seed(documents: DocumentStore) {
  documents.put('bookings', {
    id: 'bk_1', updatedAt: '', customerId: null, customerName: 'Dana Whitfield', customerPhone: null, customerEmail: null,
    eventDate: '2026-12-12', eventTime: null, adults: 30, kids: 0, address: null, zip: null, subtotalCents: 165_000,
    travelFeeCents: 0, totalCents: 165_000, depositCents: 10_000, paidCents: 0, status: 'quoted', notes: '', createdAt: at,
  })
  documents.put('transactions', {
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

describe('PaymentMatchingService', () => {
  it('applies on start-up a decision written while it was not running, once across restarts', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'matching-'))
    const db = openDatabase(dataDir)
    const documents = new DocumentStore(db)
    seed(documents)
    // Written with no service listening, as if the relay stopped right after the push committed.
    documents.put('paymentMatches', acceptedMatch('bk_1'), { ownerOnly: true })
    expect(documents.get('bookings', 'bk_1')?.paidCents).toBe(0)

    const stop = attachPaymentMatching({ db, documents })
    expect(documents.get('bookings', 'bk_1')).toMatchObject({ paidCents: 10_000, status: 'deposit_paid' })
    stop()
    const stopAgain = attachPaymentMatching({ db, documents })
    paymentMatchingFor(documents)!.settleAll()
    expect(documents.get('bookings', 'bk_1')?.paidCents).toBe(10_000)
    stopAgain()
    db.close()
  })

  it('applies nothing for a booking it does not have, and applies it when the match is corrected', () => {
    const db = openDatabase(mkdtempSync(join(tmpdir(), 'matching-')))
    const documents = new DocumentStore(db)
    seed(documents)
    const stop = attachPaymentMatching({ db, documents })
    documents.put('paymentMatches', acceptedMatch('bk_missing'), { ownerOnly: true })
    expect(db.prepare('SELECT COUNT(*) AS n FROM payment_applications').get()).toEqual({ n: 0 })
    documents.put('paymentMatches', acceptedMatch('bk_1'))
    expect(documents.get('bookings', 'bk_1')?.paidCents).toBe(10_000)
    stop()
    db.close()
  })
})

describe('a re-matched payment is read again for its new booking', () => {
  it('recomputes confidence and reasons in sentences, and again after an undo back to the first booking', async () => {
    const db = openDatabase(mkdtempSync(join(tmpdir(), 'matching-')))
    const documents = new DocumentStore(db)
    seed(documents)
    documents.put('bookings', {
      ...documents.get('bookings', 'bk_1')!, id: 'bk_2', customerName: 'Priya Patel', paidCents: 10_000, status: 'deposit_paid',
    })
    const stop = attachPaymentMatching({ db, documents })
    // What the matcher proposed: Dana's deposit, its reasons naming her booking.
    const proposed = {
      id: 'pm_txn_1', updatedAt: '', transactionId: 'txn_1', bookingId: 'bk_1', paymentType: 'deposit', confidence: 0.98,
      status: 'needs_review', reasons: ['Booking bk_1:', 'Name 1.00: payer "DANA WHITFIELD" vs "Dana Whitfield" — same name'], decidedBy: null, decidedAt: null,
    }
    const reread = () => new Promise((resolve) => setImmediate(resolve))
    documents.put('paymentMatches', proposed, { ownerOnly: true })
    await reread()
    expect(documents.get('paymentMatches', 'pm_txn_1')).toMatchObject({ confidence: 0.98, reasons: proposed.reasons })

    // A person moves it to Priya's booking, whose deposit is already paid.
    documents.put('paymentMatches', { ...proposed, bookingId: 'bk_2', status: 'accepted', decidedBy: 'Owner laptop', decidedAt: at })
    await reread()
    const moved = documents.get('paymentMatches', 'pm_txn_1')!
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
    documents.put('paymentMatches', { ...moved, bookingId: 'bk_1', status: 'needs_review', decidedBy: null, decidedAt: null })
    await reread()
    const back = documents.get('paymentMatches', 'pm_txn_1')!
    expect((back.reasons as string[])[0]).toBe('Read again for this booking.')
    expect((back.reasons as string[])[1]).toBe("Paid by Dana Whitfield, the booking's customer.")
    expect(back.confidence).toBeGreaterThan(0.8)
    stop()
    db.close()
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
