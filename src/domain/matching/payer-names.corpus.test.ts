/**
 * The descriptor corpus (server/eval/matching/descriptor-corpus.ts): every shape of incoming
 * payment line there gives the payer a person would read off it, or no payer when the line names
 * nobody, and the rail it came by.
 */
import { describe, expect, it } from 'vitest'
import { descriptorCorpus, type DescriptorCase } from '../../../server/eval/matching/descriptor-corpus'
import { extractPayerNames } from './payer-names'
import { paymentRailOf } from './payment-rail'
import { nameTokens } from './name-similarity'
import { aZellePayment } from './testing/test-support'

export function transactionFor(shape: DescriptorCase) {
  return aZellePayment('X', 100, '2026-11-20', {
    original_description: shape.description,
    name: shape.name ?? shape.description,
    merchant_name: shape.merchantName ?? null,
    counterparties: shape.counterparties ?? [],
    payment_meta: { payer: shape.paymentMeta?.payer ?? null, payee: null, by_order_of: shape.paymentMeta?.by_order_of ?? null, payment_processor: null, reason: null },
    ...(shape.checkNumber ? { check_number: shape.checkNumber } : {}),
  })
}

/** The payer is read right when a name found starts with the payer's words (a city may trail it). */
function readsPayer(shape: DescriptorCase, found: string[]): boolean {
  if (shape.payer === null) return found.length === 0
  const expected = nameTokens(shape.payer)
  return found.some((name) => {
    const tokens = nameTokens(name)
    return tokens.length - expected.length <= 3 && expected.every((token, index) => tokens[index] === token)
  })
}

describe('descriptor corpus', () => {
  it('holds at least 60 shapes, a held-out part among them', () => {
    expect(descriptorCorpus.length).toBeGreaterThanOrEqual(60)
    expect(descriptorCorpus.filter((shape) => shape.split === 'held_out').length).toBeGreaterThanOrEqual(30)
  })

  it.each(descriptorCorpus.map((shape) => [shape.source, shape.description, shape] as const))('%s: %s', (_source, _description, shape) => {
    const transaction = transactionFor(shape)
    const found = extractPayerNames(transaction).map((payer) => payer.name)
    expect({ payerFound: readsPayer(shape, found) ? shape.payer : found }).toEqual({ payerFound: shape.payer })
    expect(paymentRailOf(transaction)).toBe(shape.rail)
  })
})
