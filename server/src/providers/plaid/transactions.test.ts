import { describe, expect, it } from 'vitest'
import { buildPlaidTransaction } from '../../../sandbox/plaid/payloads'
import { dollarsToCents, toTransactionDocument } from './transactions'

describe('dollarsToCents', () => {
  it('rounds half away from zero instead of truncating float noise', () => {
    expect([1.005, -1.005, 0.1 + 0.2, -100, 12.345, 0, 1e-7].map(dollarsToCents)).toEqual([101, -101, 30, -10_000, 1_235, 0, 0])
  })
})

describe('toTransactionDocument', () => {
  it('keeps Plaid’s sign and maps the fields the matcher uses', () => {
    const plaid = buildPlaidTransaction({
      transactionId: 'txn_1',
      amount: -100,
      date: '2026-11-02',
      authorizedDate: '2026-11-01',
      name: 'Zelle payment from MARIA LOPEZ',
      counterpartyName: 'Maria Lopez',
      pendingTransactionId: 'txn_0',
    })
    expect(toTransactionDocument(plaid)).toEqual({
      id: 'txn_1',
      accountId: plaid.account_id,
      amountCents: -10_000,
      currency: 'USD',
      date: '2026-11-02',
      authorizedDate: '2026-11-01',
      description: 'Zelle payment from MARIA LOPEZ',
      merchantName: null,
      counterpartyName: 'Maria Lopez',
      paymentChannel: 'other',
      pending: false,
      pendingTransactionId: 'txn_0',
      removed: false,
    })
  })
})
