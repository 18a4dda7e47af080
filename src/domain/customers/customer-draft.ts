/**
 * A customer record staff create for a number that has none (or name, when texting created one
 * without a name), from what they type. The phone comes from the call or thread, never typed,
 * so the relay can link that call and thread to the record by its number.
 */
import type { Customer } from '../schemas/customers'

export interface CustomerDraft {
  name: string
  email: string
  notes: string
}

export type CustomerDraftErrors = Partial<Record<keyof CustomerDraft, string>>

export interface CustomerDraftContext {
  /** The caller's number, E.164. */
  phone: string
  /** The nameless record for the number, when one exists: it is completed rather than duplicated. */
  existing: Customer | null
  /** The new record's id and creation time (unused when completing `existing`). */
  id: string
  now: string
}

export function customerFromDraft(draft: CustomerDraft, context: CustomerDraftContext): { ok: true; customer: Customer } | { ok: false; errors: CustomerDraftErrors } {
  const errors: CustomerDraftErrors = {}
  const name = draft.name.trim().replace(/\s+/g, ' ')
  if (name === '') errors.name = "Enter the customer's name, as you would greet them."
  else if (name.length > 200) errors.name = 'Keep the name under 200 characters.'
  const email = draft.email.trim()
  if (email !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.email = 'Enter an email like name@example.com, or leave it empty.'
  else if (email.length > 254) errors.email = 'Keep the email under 254 characters.'
  const notes = draft.notes.trim()
  if (notes.length > 5000) errors.notes = 'Keep the notes under 5,000 characters.'
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  if (context.existing) {
    return { ok: true, customer: { ...context.existing, name, email: email || context.existing.email, notes: notes || context.existing.notes } }
  }
  return {
    ok: true,
    customer: { id: context.id, updatedAt: context.now, name, phone: context.phone, email: email || null, notes, smsOptOut: false, createdAt: context.now },
  }
}
