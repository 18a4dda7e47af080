/**
 * The texts the relay sends on its own (confirmation, deposit link, reminders, review request)
 * and the quote staff text from a call: default wording, and filling a template's
 * `{placeholders}` for one booking or one quote. The owner edits the templates in the console;
 * `validateTemplate` tells the editor which placeholders it does not know.
 */
import { dollars, guestPhrase, spokenDate } from '../agent/reply-format'
import { formatCents } from '../money'
import { depositForBooking } from '../pricing/deposit'
import type { Booking } from '../schemas/bookings'
import type { BookingDraft } from '../schemas/booking-draft'
import type { EditableTemplateName, MessageTemplates, Settings } from '../schemas/settings'
import { balanceDueCents } from './booking-status'

export const defaultMessageTemplates: Required<MessageTemplates> = {
  confirmation: 'Hi {name}, your hibachi party with {business} is booked for {date} at {time} for {guests} guests. Total {total}. Reply here with any questions!',
  depositLink: 'Hi {name}, to hold {date} for your party please pay the {deposit} deposit here: {link}',
  depositReminder: 'Hi {name}, friendly reminder from {business}: the {deposit} deposit for {date} is still open. Pay here: {link}',
  eventReminder: 'Hi {name}, {business} here: see you tomorrow, {date} at {time}! Please have tables and chairs ready for {guests} guests.',
  balanceReminder: 'Hi {name}, thank you for having {business}! The balance of {balance} for your party on {date} is still open. Zelle, Venmo or Cash App work.',
  reviewRequest: 'Hi {name}, thanks again for choosing {business}! Would you leave us a quick review? {reviewUrl}',
  quote:
    'Hi {name}, here is your hibachi quote from {business}: {party} on {date}, food {food}, {travel}. Total {total}. A {deposit} deposit holds the date. Reply here to book!',
}

export const templatePlaceholders = [
  'name',
  'date',
  'time',
  'guests',
  'total',
  'deposit',
  'balance',
  'link',
  'business',
  'reviewUrl',
] as const
export type TemplatePlaceholder = (typeof templatePlaceholders)[number]

/** What a quote text can say: it is sent before any booking exists, so there is no balance or link yet. */
export const quotePlaceholders = ['name', 'business', 'party', 'guests', 'date', 'time', 'food', 'travel', 'total', 'deposit'] as const
export type QuotePlaceholder = (typeof quotePlaceholders)[number]

/** The placeholders a template may use. */
export function placeholdersFor(name: EditableTemplateName): readonly string[] {
  return name === 'quote' ? quotePlaceholders : templatePlaceholders
}

const known: ReadonlySet<string> = new Set(templatePlaceholders)
const placeholderPattern = /\{([^{}\s]+)\}/g

export interface TemplateCheck {
  /** Placeholders the template uses that no booking (or quote) can fill, e.g. `{nmae}`. */
  unknownPlaceholders: string[]
}

/** Checks a booking text, or with `name` the template of that name (a quote has its own placeholders). */
export function validateTemplate(template: string, name?: EditableTemplateName): TemplateCheck {
  const allowed = name ? new Set(placeholdersFor(name)) : known
  const unknown = [...template.matchAll(placeholderPattern)].map((match) => match[1]!).filter((placeholder) => !allowed.has(placeholder))
  return { unknownPlaceholders: [...new Set(unknown)] }
}

export interface TemplateExtras {
  /** The Checkout link for `{link}`. */
  link?: string | null
}

export interface RenderedTemplate<P extends string = TemplatePlaceholder> {
  text: string
  unknownPlaceholders: string[]
  /** Known placeholders with no value for this booking (no link yet, no review URL set). */
  missingValues: P[]
}

export type TemplateBooking = Pick<
  Booking,
  'customerName' | 'eventDate' | 'eventTime' | 'adults' | 'kids' | 'totalCents' | 'depositCents' | 'paidCents'
>

/** Fills `{placeholders}`; unknown ones and missing values are left in the text and reported. */
export function renderTemplate(
  template: string,
  booking: TemplateBooking,
  settings: Pick<Settings, 'businessName' | 'reviewUrl'>,
  extras: TemplateExtras = {},
): RenderedTemplate {
  return fill<TemplatePlaceholder>(template, {
    name: firstName(booking.customerName),
    date: formatEventDate(booking.eventDate),
    time: booking.eventTime ? formatClock(booking.eventTime) : 'the agreed time',
    guests: String(booking.adults + booking.kids),
    total: formatCents(booking.totalCents),
    deposit: formatCents(booking.depositCents),
    balance: formatCents(balanceDueCents(booking)),
    link: extras.link || null,
    business: settings.businessName,
    reviewUrl: settings.reviewUrl || null,
  })
}

/** What a quote text is written from: the agent's draft, and who it goes to when known. */
export interface QuoteTextInput {
  draft: Pick<BookingDraft, 'adults' | 'kids' | 'eventDate' | 'eventTime' | 'subtotalCents' | 'travelFeeCents' | 'totalCents'>
  customerName: string | null
}

/**
 * A quote written for the customer from the owner's quote template. Every placeholder reads as
 * a sentence part even when the agent did not learn it yet ("your chosen date", "travel to be
 * confirmed once we have the address"), so nothing raw or internal reaches the customer. Without
 * a food price there is nothing to quote: `food`, `total` and `deposit` are reported missing.
 */
export function renderQuoteTemplate(
  template: string,
  quote: QuoteTextInput,
  settings: Pick<Settings, 'businessName' | 'depositCents'>,
): RenderedTemplate<QuotePlaceholder> {
  const { draft } = quote
  const adults = draft.adults ?? 0
  const kids = draft.kids ?? 0
  const guests = adults + kids
  const food = draft.subtotalCents
  const total = draft.totalCents ?? (food !== null && draft.travelFeeCents !== null ? food + draft.travelFeeCents : null)
  const travel =
    draft.travelFeeCents === null
      ? 'travel to be confirmed once we have the address'
      : draft.travelFeeCents === 0
        ? 'no travel fee'
        : `${dollars(draft.travelFeeCents)} travel`
  return fill<QuotePlaceholder>(template, {
    name: firstName(quote.customerName ?? ''),
    business: settings.businessName.trim() || 'us',
    party: guests > 0 ? guestPhrase(adults, kids) : 'your party',
    guests: guests > 0 ? String(guests) : null,
    date: draft.eventDate ? formatEventDate(draft.eventDate) : 'your chosen date',
    time: draft.eventTime ? formatClock(draft.eventTime) : 'the time you choose',
    food: food === null ? null : dollars(food),
    travel,
    total: total !== null ? dollars(total) : food !== null ? `${dollars(food)} plus travel` : null,
    deposit: food === null ? null : dollars(depositForBooking(total ?? food, settings)),
  })
}

function fill<P extends string>(template: string, values: Record<P, string | null>): RenderedTemplate<P> {
  const unknown = new Set<string>()
  const missing = new Set<P>()
  const text = template.replace(placeholderPattern, (whole, name: string) => {
    if (!Object.hasOwn(values, name)) {
      unknown.add(name)
      return whole
    }
    const value = values[name as P]
    if (value === null) {
      missing.add(name as P)
      return whole
    }
    return value
  })
  return { text, unknownPlaceholders: [...unknown], missingValues: [...missing] }
}

/** The owner's template, else the default (settings stored before templates existed have none). */
export function templateFor(settings: Pick<Settings, 'messageTemplates'>, name: EditableTemplateName): string {
  return settings.messageTemplates?.[name] || defaultMessageTemplates[name]
}

function firstName(fullName: string): string {
  return fullName.trim().split(/\s+/)[0] || 'there'
}

/** `2026-12-12` → `Saturday, December 12` (a calendar date: no time zone involved). */
export const formatEventDate = spokenDate

/** `17:30` → `5:30 PM`. */
export function formatClock(clock: string): string {
  const [hours, minutes] = clock.split(':').map(Number)
  const suffix = hours! >= 12 ? 'PM' : 'AM'
  const hour12 = hours! % 12 === 0 ? 12 : hours! % 12
  return `${hour12}:${String(minutes).padStart(2, '0')} ${suffix}`
}
