/**
 * The texts the relay sends on its own (confirmation, deposit link, reminders, review request):
 * default wording, and filling a template's `{placeholders}` for one booking. The owner edits the
 * templates in the console; `validateTemplate` tells the editor which placeholders it does not know.
 */
import { spokenDate } from '../agent/reply-format'
import { formatCents } from '../money'
import type { Booking } from '../schemas/bookings'
import type { MessageTemplateName, MessageTemplates, Settings } from '../schemas/settings'
import { balanceDueCents } from './booking-status'

export const defaultMessageTemplates: MessageTemplates = {
  confirmation: 'Hi {name}, your hibachi party with {business} is booked for {date} at {time} for {guests} guests. Total {total}. Reply here with any questions!',
  depositLink: 'Hi {name}, to hold {date} for your party please pay the {deposit} deposit here: {link}',
  depositReminder: 'Hi {name}, friendly reminder from {business}: the {deposit} deposit for {date} is still open. Pay here: {link}',
  eventReminder: 'Hi {name}, {business} here: see you tomorrow, {date} at {time}! Please have tables and chairs ready for {guests} guests.',
  balanceReminder: 'Hi {name}, thank you for having {business}! The balance of {balance} for your party on {date} is still open. Zelle, Venmo or Cash App work.',
  reviewRequest: 'Hi {name}, thanks again for choosing {business}! Would you leave us a quick review? {reviewUrl}',
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

const known: ReadonlySet<string> = new Set(templatePlaceholders)
const placeholderPattern = /\{([^{}\s]+)\}/g

export interface TemplateCheck {
  /** Placeholders the template uses that no booking can fill, e.g. `{nmae}`. */
  unknownPlaceholders: string[]
}

export function validateTemplate(template: string): TemplateCheck {
  const unknown = [...template.matchAll(placeholderPattern)].map((match) => match[1]!).filter((name) => !known.has(name))
  return { unknownPlaceholders: [...new Set(unknown)] }
}

export interface TemplateExtras {
  /** The Checkout link for `{link}`. */
  link?: string | null
}

export interface RenderedTemplate {
  text: string
  unknownPlaceholders: string[]
  /** Known placeholders with no value for this booking (no link yet, no review URL set). */
  missingValues: TemplatePlaceholder[]
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
  const values: Record<TemplatePlaceholder, string | null> = {
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
  }
  const unknown = new Set<string>()
  const missing = new Set<TemplatePlaceholder>()
  const text = template.replace(placeholderPattern, (whole, name: string) => {
    if (!known.has(name)) {
      unknown.add(name)
      return whole
    }
    const value = values[name as TemplatePlaceholder]
    if (value === null) {
      missing.add(name as TemplatePlaceholder)
      return whole
    }
    return value
  })
  return { text, unknownPlaceholders: [...unknown], missingValues: [...missing] }
}

/** The owner's template, else the default (settings stored before templates existed have none). */
export function templateFor(settings: Pick<Settings, 'messageTemplates'>, name: MessageTemplateName): string {
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
