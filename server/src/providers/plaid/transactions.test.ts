import { describe, expect, it } from 'vitest'
import { buildPlaidTransaction } from '../../../sandbox/plaid/payloads'
import { toTransactionDocument } from './transactions'

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
