/**
 * Builders for matcher tests: a booking and a Plaid transaction with realistic defaults, so each
 * test states only what it is about. Used by tests only.
 */
import { demoBusinessProfile } from '../../business-profile'
import type { MatchBooking, PlaidTransactionInput } from '../input'
import { matchingOptionsFromSettings, type MatchingOptions } from '../options'

export const demoMatchingOptions: MatchingOptions = matchingOptionsFromSettings(demoBusinessProfile('2026-01-01T00:00:00.000Z'))

export function aBooking(overrides: Partial<MatchBooking> = {}): MatchBooking {
  return {
    id: 'bk_smith',
    customerName: 'Robert Smith',
    customerPhone: '+14085550101',
    customerEmail: null,
    createdAt: '2026-11-02T18:30:00.000Z',
    eventDate: '2026-11-28',
    totalCents: 165000,
    depositCents: 10000,
    paidCents: 0,
    status: 'confirmed',
    ...overrides,
  }
}

/** An incoming Zelle payment shaped like Plaid's `/transactions/sync` output. */
export function aZellePayment(
  payer: string,
  dollars: number,
  date: string,
  overrides: Partial<PlaidTransactionInput> = {},
): PlaidTransactionInput {
  return {
    transaction_id: `tx_${payer.replace(/\W/g, '').toLowerCase()}_${date}_${dollars}`,
    account_id: 'acc_checking',
    amount: -dollars,
    iso_currency_code: 'USD',
    unofficial_currency_code: null,
    date,
    authorized_date: date,
    name: `Zelle payment from ${payer}`,
    merchant_name: null,
    original_description: `Zelle payment from ${payer} Conf# 8BC1F2`,
    payment_channel: 'other',
    pending: false,
    pending_transaction_id: null,
    counterparties: [{ name: 'Zelle', type: 'payment_app' }],
    personal_finance_category: { primary: 'TRANSFER_IN', detailed: 'TRANSFER_IN_ACCOUNT_TRANSFER' },
    payment_meta: { payer: null, payee: null, by_order_of: null, payment_processor: 'Zelle', reason: null },
    transaction_type: 'special',
    ...overrides,
  }
}
