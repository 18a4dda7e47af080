/**
 * When a payment the owner accepted teaches "also pays as": the payer is someone other than the
 * customer (a spouse, a parent, a company) and not already on the list. The relay applies it to a
 * customer's list; the matcher's scorer replays it to measure what the owner's decisions are worth.
 */
import { compareNames } from './name-similarity'

/** A payer this close to the customer's own name is the customer, not someone to learn. */
const sameAsCustomer = 0.9
/** A customer's list holds at most this many names (the sync schema's bound). */
export const knownPayersKept = 50

/** The name to add to the customer's "also pays as" list, or null when there is nothing to learn. */
export function payerToLearn(customerName: string, payerName: string | null, known: readonly string[]): string | null {
  const payer = payerName?.trim()
  if (!payer) return null
  if (compareNames(customerName, payer).score >= sameAsCustomer) return null
  if (known.length >= knownPayersKept || known.some((name) => compareNames(name, payer).score >= sameAsCustomer)) return null
  return payer.slice(0, 200)
}
