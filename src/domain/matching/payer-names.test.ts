import { describe, expect, it } from 'vitest'
import { extractPayerNames, paymentRailOf } from './payer-names'
import { aZellePayment } from './testing/test-support'

const namesFrom = (overrides: Parameters<typeof aZellePayment>[3]) =>
  extractPayerNames(aZellePayment('X', 100, '2026-11-04', overrides)).map((payer) => payer.name)

describe('payer names', () => {
  it('reads the payer out of common Zelle descriptions', () => {
    expect(namesFrom({ original_description: 'Zelle payment from ROBERT SMITH Conf# 8BC1F2', name: null })).toEqual(['ROBERT SMITH'])
    expect(namesFrom({ original_description: 'ZELLE FROM SMITH ROBERT ON 11/20 REF # BAC0QX4', name: null })).toEqual(['SMITH ROBERT'])
    expect(namesFrom({ original_description: 'Zelle payment from JANE DOE 20394857', name: null })).toEqual(['JANE DOE'])
    expect(namesFrom({ original_description: 'Zelle Transfer Conf# ab12cd; Robert Smith', name: null })).toEqual(['Robert Smith'])
  })

  it('reads Venmo, Cash App and bank deposit descriptions', () => {
    expect(namesFrom({ original_description: 'VENMO PAYMENT FROM BOB SMITH', name: null })).toEqual(['BOB SMITH'])
    expect(namesFrom({ original_description: 'CASH APP*LIZ CHEN*OAKLAND CA', name: null })).toEqual(['LIZ CHEN'])
    expect(namesFrom({ original_description: 'DEPOSIT FROM MARIA GARCIA', name: null })).toEqual(['MARIA GARCIA'])
    expect(namesFrom({ original_description: 'ACH CREDIT FROM ACME EVENTS LLC PPD ID: 99', name: null })).toEqual(['ACME EVENTS LLC'])
  })

  it('uses payment_meta.payer and person counterparties, not the payment service', () => {
    const names = namesFrom({
      original_description: 'ZELLE INCOMING',
      name: 'Zelle',
      payment_meta: { payer: 'ROBERT SMITH', payee: null, by_order_of: null, payment_processor: 'Zelle', reason: null },
      counterparties: [
        { name: 'Zelle', type: 'payment_app' },
        { name: 'Jane Smith', type: 'merchant' },
      ],
    })
    expect(names).toEqual(['ROBERT SMITH', 'Jane Smith'])
  })

  it('lists a payer once even when several fields name them', () => {
    const names = namesFrom({
      original_description: 'Zelle payment from ROBERT SMITH Conf# 1',
      name: 'Zelle payment from Robert Smith',
      payment_meta: { payer: 'Robert Smith', payee: null, by_order_of: null, payment_processor: null, reason: null },
    })
    expect(names).toEqual(['Robert Smith'])
  })

  it('finds nobody in lines that name only accounts or services', () => {
    expect(namesFrom({ original_description: 'ONLINE TRANSFER FROM CHK ...4821', name: null })).toEqual([])
    expect(namesFrom({ original_description: 'VENMO CASHOUT', name: 'Venmo', counterparties: [{ name: 'Venmo', type: 'payment_app' }] })).toEqual([])
    expect(namesFrom({ original_description: 'MOBILE DEPOSIT', name: null })).toEqual([])
  })

  it('tells which rail the money came by', () => {
    expect(paymentRailOf(aZellePayment('A B', 1, '2026-11-04'))).toBe('zelle')
    expect(paymentRailOf(aZellePayment('A B', 1, '2026-11-04', { original_description: 'CASH APP*A B', name: null, counterparties: [] }))).toBe('cash_app')
    expect(paymentRailOf(aZellePayment('A B', 1, '2026-11-04', { original_description: 'DEPOSIT FROM A B', name: null, counterparties: [], payment_meta: null }))).toBe('bank')
  })
})
