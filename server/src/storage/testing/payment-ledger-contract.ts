/**
 * The `PaymentLedger` contract (../contracts.ts) as one suite every engine runs: Plaid's lines
 * come back byte for byte, and a bank transaction counts on one booking at most, also when two
 * relays apply it at the same moment.
 */
import { describe, expect, it } from 'vitest'
import type { PaymentApplication, PaymentLedger } from '../contracts'
import { onFreshDatabase, type StorageEngine } from './storage-engines'

const application = (transactionId: string, bookingId: string, amountCents = 15_000): PaymentApplication => ({
  transactionId,
  bookingId,
  amountCents,
  paymentType: 'deposit',
  statusBefore: 'inquiry',
  decidedBy: null,
})

export function paymentLedgerContract(engine: StorageEngine): void {
  const onFresh = onFreshDatabase(engine, () => new Date('2026-05-01T12:00:00.000Z'), (stores) => stores.ledger)
  const withLedger = (test: (stores: { ledger: PaymentLedger; other: PaymentLedger }) => Promise<void>) => onFresh((ledger, other) => test({ ledger, other }))

  describe('payment ledger contract', () => {
    it(
      "keeps Plaid's lines byte for byte, replaced by a newer copy, and knows which the bank removed",
      withLedger(async ({ ledger, other }) => {
        const body = '{"transaction_id":"tx_1","amount":-150.0,"name":"ZELLE FROM MARÍA  GARCÍA","counterparties":[]}'
        await ledger.upsertLines([{ transactionId: 'tx_1', body }, { transactionId: 'tx_2', body: '{"transaction_id":"tx_2"}' }], '2026-05-01T12:00:00.000Z')
        expect(await other.line('tx_1')).toEqual({ body, removed: false })
        await other.markRemoved('tx_1')
        expect(await ledger.line('tx_1')).toEqual({ body, removed: true })
        // The bank sends it again (a pending line posted): the newer copy, no longer removed.
        await ledger.upsertLines([{ transactionId: 'tx_1', body: '{"transaction_id":"tx_1","pending":false}' }], '2026-05-02T12:00:00.000Z')
        expect(await other.line('tx_1')).toEqual({ body: '{"transaction_id":"tx_1","pending":false}', removed: false })
        expect(await other.line('tx_unknown')).toBeNull()
      }),
    )

    it(
      'counts a transaction on one booking only, whichever relay applies it, and takes it back once',
      withLedger(async ({ ledger, other }) => {
        await ledger.upsertLines([{ transactionId: 'tx_1', body: '{"transaction_id":"tx_1"}' }], '2026-05-01T12:00:00.000Z')
        const answers = await Promise.all([
          ledger.apply(application('tx_1', 'bk_1'), '2026-05-01T12:00:01.000Z'),
          other.apply(application('tx_1', 'bk_2'), '2026-05-01T12:00:01.000Z'),
          ledger.apply(application('tx_1', 'bk_1'), '2026-05-01T12:00:02.000Z'),
          other.apply(application('tx_1', 'bk_1'), '2026-05-01T12:00:02.000Z'),
        ])
        expect(answers.filter(Boolean)).toHaveLength(1)
        const counted = await other.applicationOf('tx_1')
        expect(counted).not.toBeNull()
        const onBooking = await ledger.applicationsOf(counted!.bookingId)
        expect(onBooking).toEqual([{ ...application('tx_1', counted!.bookingId), rawBody: '{"transaction_id":"tx_1"}' }])

        await other.apply({ ...application('tx_0', counted!.bookingId, 5_000), paymentType: 'balance', decidedBy: 'Owner' }, '2026-04-30T09:00:00.000Z')
        expect((await ledger.applicationsOf(counted!.bookingId)).map((entry) => [entry.transactionId, entry.rawBody])).toEqual([
          ['tx_0', null],
          ['tx_1', '{"transaction_id":"tx_1"}'],
        ])
        expect(await ledger.unapply('tx_1')).toBe(true)
        expect(await other.unapply('tx_1')).toBe(false)
        expect(await other.applicationOf('tx_1')).toBeNull()
      }),
    )
  })
}
