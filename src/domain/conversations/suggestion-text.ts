/**
 * What of an agent suggestion may reach a customer. Suggestions are notes for staff: an answer
 * or reply is already written for the customer, a quote is a price breakdown that becomes a
 * customer text through the owner's quote template, and a next step ("Take over", "Escalated to
 * …") is an instruction for staff that is never sent or copied as a customer text. Live and the
 * Inbox offer Copy and Send only for what this says is customer text.
 */
import { renderQuoteTemplate, templateFor } from '../bookings/message-templates'
import type { Settings } from '../schemas/settings'
import type { Suggestion } from '../schemas/suggestions'

export type SuggestionText =
  /** The exact text a customer would receive. */
  | { audience: 'customer'; text: string }
  /** Not for a customer: why, in words staff read beside the card. */
  | { audience: 'staff'; reason: string }

/** The business facts a customer text is written with (templates fall back to the defaults). */
export type CustomerTextSettings = Pick<Settings, 'businessName' | 'depositCents'> & Partial<Pick<Settings, 'messageTemplates'>>

export interface SuggestionTextContext {
  /** Null while the business is not set up: no quote names a business then. */
  settings: CustomerTextSettings | null
  /** The customer's name when known (their record, or the draft's). */
  customerName: string | null
}

/** Kinds that instruct staff; they are shown as such and never go to a customer. */
export function isStaffInstruction(suggestion: Pick<Suggestion, 'kind'>): boolean {
  return suggestion.kind === 'next_step'
}

export function customerTextFor(suggestion: Pick<Suggestion, 'kind' | 'text' | 'bookingDraft'>, context: SuggestionTextContext): SuggestionText {
  if (isStaffInstruction(suggestion)) return { audience: 'staff', reason: 'An instruction for staff, not a message for the customer.' }
  if (suggestion.kind !== 'quote') {
    const text = suggestion.text.trim()
    return text ? { audience: 'customer', text } : { audience: 'staff', reason: 'The suggestion is empty.' }
  }
  const draft = suggestion.bookingDraft
  if (!context.settings) return { audience: 'staff', reason: 'The business is not set up yet: set it up in Settings before texting quotes.' }
  if (!draft || draft.subtotalCents === null) {
    return { audience: 'staff', reason: 'The quote has no price yet, so there is nothing to text; read it to the caller instead.' }
  }
  const rendered = renderQuoteTemplate(templateFor(context.settings, 'quote'), { draft, customerName: context.customerName ?? draft.customerName }, context.settings)
  if (rendered.unknownPlaceholders.length > 0 || rendered.missingValues.length > 0) {
    const placeholders = [...rendered.unknownPlaceholders, ...rendered.missingValues].map((name) => `{${name}}`).join(', ')
    return { audience: 'staff', reason: `The quote text template uses ${placeholders}, which this quote cannot fill; fix the template in Offers & knowledge.` }
  }
  return { audience: 'customer', text: rendered.text }
}
