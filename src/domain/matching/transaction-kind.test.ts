import { describe, expect, it } from 'vitest'
import { extractPayerNames } from './payer-names'
import { aZellePayment } from './testing/test-support'
import { classifyTransaction } from './transaction-kind'

const classify = (overrides: Parameters<typeof aZellePayment>[3], dollars = 100) => {
  const transaction = aZellePayment('ROBERT SMITH', dollars, '2026-11-04', overrides)
  return classifyTransaction(transaction, extractPayerNames(transaction))
}

describe('transaction kind', () => {
  it('keeps an incoming Zelle payment and turns the amount into positive cents', () => {
    expect(classify({}, 100.1)).toEqual({ kind: 'incoming', amountCents: 10010 })
  })

  it("follows Plaid's sign: a positive amount is money out and never a payment", () => {
    const out = classify({ amount: 250, name: 'Zelle payment to ROBERT SMITH' })
    expect(out.kind).toBe('not_a_payment')
    expect(classify({ amount: 0 }).kind).toBe('not_a_payment')
  })

  it('ignores payouts and cash-outs from payment services', () => {
    const stripe = classify({
      name: 'STRIPE TRANSFER',
      original_description: 'STRIPE TRANSFER ST-K2J4H1 HIBACHI AT HOME',
      counterparties: [{ name: 'Stripe', type: 'payment_app' }],
      personal_finance_category: { primary: 'TRANSFER_IN', detailed: 'TRANSFER_IN_ACCOUNT_TRANSFER' },
    })
    expect(stripe).toMatchObject({ kind: 'not_a_payment', reason: expect.stringMatching(/payout/i) })
    expect(classify({ name: 'Venmo', original_description: 'VENMO CASHOUT PPD ID: 5264681992' }).kind).toBe('not_a_payment')
    expect(classify({ name: 'Cash App', original_description: 'CASH APP*CASH OUT' }).kind).toBe('not_a_payment')
  })

  it('ignores a payment app moving money in with nobody named', () => {
    const cashOut = classify({
      name: 'VENMO',
      original_description: 'VENMO',
      counterparties: [{ name: 'Venmo', type: 'payment_app' }],
    })
    expect(cashOut.kind).toBe('not_a_payment')
  })

  it('ignores own-account transfers, refunds, interest and wages', () => {
    expect(classify({ name: null, original_description: 'ONLINE TRANSFER FROM SAVINGS XXXXXX4821' }).kind).toBe('not_a_payment')
    expect(classify({ name: null, original_description: 'RESTAURANT DEPOT REFUND' }).kind).toBe('not_a_payment')
    expect(
      classify({ personal_finance_category: { primary: 'INCOME', detailed: 'INCOME_INTEREST_EARNED' } }).kind,
    ).toBe('not_a_payment')
  })

  it('keeps a check deposit with no name: it may still be a customer', () => {
    const check = classify({
      name: 'MOBILE DEPOSIT',
      original_description: 'MOBILE DEPOSIT',
      counterparties: [],
      personal_finance_category: { primary: 'TRANSFER_IN', detailed: 'TRANSFER_IN_DEPOSIT' },
    })
    expect(check.kind).toBe('incoming')
  })
})
