/**
 * The customer directory: search by name, phone number (however it is typed) or e-mail, what
 * belongs to one customer, and merging two records of the same person. Pure; the console runs it
 * over its local documents, and the relay re-links records when a merge is accepted.
 */
import type { Booking } from '../schemas/bookings'
import type { Call } from '../schemas/calls'
import type { Conversation } from '../schemas/conversations'
import type { Customer } from '../schemas/customers'

/** Lower case, accents and punctuation off: "José O'Neil" → "jose oneil". */
export function searchableText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’.]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/** The digits a person would type for a stored number: `+14085550199` → `4085550199` (US) and the full form. */
function phoneDigits(e164: string | null): string[] {
  if (!e164) return []
  const digits = e164.replace(/\D/g, '')
  return digits.startsWith('1') && digits.length === 11 ? [digits, digits.slice(1)] : [digits]
}

/** A record merged into another is not a customer of its own any more. */
export function isMerged(customer: Pick<Customer, 'mergedInto'>): boolean {
  return Boolean(customer.mergedInto)
}

/**
 * Customers matching `query`, best first: a phone number (three or more digits, any formatting)
 * matches anywhere in the number; words match the start of the name's words or the e-mail, in
 * any order. An empty query lists everyone by name. Merged records are left out.
 */
export function searchCustomers<T extends Pick<Customer, 'id' | 'name' | 'phone' | 'email' | 'mergedInto'>>(customers: readonly T[], query: string): T[] {
  const live = customers.filter((customer) => !isMerged(customer))
  const byName = (a: T, b: T) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)
  const text = searchableText(query)
  if (text === '') return [...live].sort(byName)
  const digits = query.replace(/\D/g, '')
  const looksLikePhone = digits.length >= 3 && /^[\d\s()+.\-/]+$/.test(query.trim())
  const words = text.split(' ')
  const scored: { customer: T; score: number }[] = []
  for (const customer of live) {
    let score = 0
    if (looksLikePhone) {
      const numbers = phoneDigits(customer.phone)
      if (numbers.some((number) => number === digits)) score = 100
      else if (numbers.some((number) => number.includes(digits))) score = 60
    } else {
      const name = searchableText(customer.name)
      const nameWords = name.split(' ')
      const email = (customer.email ?? '').toLowerCase()
      const typed = query.trim().toLowerCase()
      if (email !== '' && email === typed) score = 100
      else if (name === text) score = 90
      else if (words.every((word) => nameWords.some((part) => part.startsWith(word)))) score = name.startsWith(words[0]!) ? 80 : 70
      else if (email !== '' && email.includes(typed)) score = 50
      else if (name.includes(text)) score = 40
    }
    if (score > 0) scored.push({ customer, score })
  }
  return scored.sort((a, b) => b.score - a.score || byName(a.customer, b.customer)).map((entry) => entry.customer)
}

/** Bookings, threads and calls that belong to a customer: linked to it, or under its number while unlinked. */
export interface CustomerRecords {
  bookings: Booking[]
  conversations: Conversation[]
  calls: Call[]
}

export function recordsOf(
  customer: Pick<Customer, 'id' | 'phone'>,
  documents: { bookings: readonly Booking[]; conversations: readonly Conversation[]; calls: readonly Call[] },
  /** Records merged into this one (their phone numbers count as this customer's). */
  mergedFrom: readonly Pick<Customer, 'id' | 'phone'>[] = [],
): CustomerRecords {
  const ids = new Set([customer.id, ...mergedFrom.map((each) => each.id)])
  const phones = new Set([customer.phone, ...mergedFrom.map((each) => each.phone)].filter((phone): phone is string => Boolean(phone)))
  const ours = (customerId: string | null, ...numbers: (string | null)[]) =>
    customerId !== null ? ids.has(customerId) : numbers.some((number) => number !== null && phones.has(number))
  return {
    bookings: documents.bookings
      .filter((booking) => ours(booking.customerId, booking.customerPhone))
      .sort((a, b) => b.eventDate.localeCompare(a.eventDate) || a.id.localeCompare(b.id)),
    conversations: documents.conversations
      .filter((thread) => ours(thread.customerId, thread.customerPhone))
      .sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt)),
    calls: documents.calls.filter((call) => ours(call.customerId, call.fromNumber, call.toNumber)).sort((a, b) => b.startedAt.localeCompare(a.startedAt)),
  }
}

/** Why two records look like the same person, in words; empty when nothing says so. */
export function mergeEvidence(a: Pick<Customer, 'name' | 'phone' | 'email'>, b: Pick<Customer, 'name' | 'phone' | 'email'>): string[] {
  const evidence: string[] = []
  if (a.phone && a.phone === b.phone) evidence.push('the same phone number')
  if (a.email && b.email && a.email.toLowerCase() === b.email.toLowerCase()) evidence.push('the same e-mail')
  const nameA = searchableText(a.name)
  const nameB = searchableText(b.name)
  if (nameA !== '' && nameA === nameB) evidence.push('the same name')
  else if (nameA !== '' && nameB !== '' && nameA.split(' ')[0] === nameB.split(' ')[0] && nameA.split(' ').at(-1) === nameB.split(' ').at(-1)) {
    evidence.push('the same first and last name')
  }
  return evidence
}

/** Why these two records cannot be merged, or null. The relay checks the same before it re-links anything. */
export function mergeRefusal(
  duplicate: Pick<Customer, 'id' | 'mergedInto'> | null,
  survivor: Pick<Customer, 'id' | 'mergedInto'> | null,
  mergedIntoDuplicate: number,
): string | null {
  if (!duplicate || !survivor) return 'Both customers must exist to merge them.'
  if (duplicate.id === survivor.id) return 'A customer cannot be merged into itself.'
  if (survivor.mergedInto) return 'That customer was itself merged into another; merge into the one it was merged into.'
  if (mergedIntoDuplicate > 0) return 'Other records were merged into this one: merge the other way round, or undo those merges first.'
  return null
}
