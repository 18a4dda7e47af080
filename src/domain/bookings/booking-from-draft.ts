/**
 * Staff turn an agent's booking draft into a booking in one step: the draft prefills a form, staff
 * fill what is missing, and this checks the form and builds the whole booking document (prices
 * from the pricing rules where the form leaves them empty, the deposit from settings, the status
 * facts and a first timeline entry). Each error names its field and says what to fix; a full
 * slot refuses the booking with the reason.
 */
import { formatCents, typedDollarsToCents } from '../money'
import { isCalendarDate } from '../matching/calendar-days'
import { formatPhoneNumber, toE164 } from '../phone-number'
import { depositForBooking } from '../pricing/deposit'
import { priceParty } from '../pricing/party-price'
import { travelFee, type TravelRules } from '../pricing/travel-fee'
import type { QuoteDistance } from '../pricing/quote'
import type { BookingDraft } from '../schemas/booking-draft'
import type { Booking, TimelineActor } from '../schemas/bookings'
import type { Settings } from '../schemas/settings'
import { deriveBookingStatus } from './booking-status'
import { checkCapacity, type CapacityBooking, type SlotLoad } from './capacity'
import { deviceEntryId } from './timeline'

/** What staff see and type, as text; empty money fields are priced from the settings. */
export interface BookingForm {
  customerName: string
  customerPhone: string
  customerEmail: string
  eventDate: string
  /** `HH:MM`, or empty while the time is not settled (it then holds the first slot). */
  eventTime: string
  adults: string
  kids: string
  address: string
  zip: string
  /** Dollars; empty = guests × prices (with the party minimum). */
  subtotal: string
  /** Dollars; empty = from the distance when known. */
  travelFee: string
  notes: string
}

export type BookingFormErrors = Partial<Record<keyof BookingForm, string>>

export type BookingPricingRules = Pick<Settings, 'adultPriceCents' | 'childPriceCents' | 'partyMinimumCents' | 'depositCents' | 'timeSlots'> &
  TravelRules

export interface BookingFromDraftContext {
  /** The new booking's id. */
  id: string
  now: string
  /** The business's calendar date today (an event cannot be booked in the past). */
  today: string
  /** Who creates it: the device or person, for the timeline. */
  by: string
  actor: Extract<TimelineActor, 'staff' | 'owner'>
  /** "Create and confirm": the relay then sends the deposit link. */
  confirm: boolean
  suggestionId: string | null
  /** Where the draft came from ("Text thread with Maria"), for the timeline. */
  origin: string | null
  settings: BookingPricingRules
  /** Bookings already known, for the capacity check. */
  bookings: readonly CapacityBooking[]
  /** Distance to the event when known, to price travel when the form leaves it empty. */
  distance?: QuoteDistance | null
  /** The customer record the booking is for, when staff started from one (the Customers view). */
  customerId?: string | null
}

export type BookingFromDraftResult =
  | { ok: true; booking: Booking; slot: SlotLoad | null }
  | { ok: false; errors: BookingFormErrors; capacityReason: string | null }

export function formFromDraft(draft: BookingDraft): BookingForm {
  return {
    customerName: draft.customerName ?? '',
    customerPhone: draft.customerPhone ? formatPhoneNumber(draft.customerPhone) : '',
    customerEmail: '',
    eventDate: draft.eventDate ?? '',
    eventTime: draft.eventTime ?? '',
    adults: draft.adults === null ? '' : String(draft.adults),
    kids: draft.kids === null ? '' : String(draft.kids),
    address: draft.address ?? '',
    zip: draft.zip ?? '',
    subtotal: draft.subtotalCents === null ? '' : centsToDollars(draft.subtotalCents),
    travelFee: draft.travelFeeCents === null ? '' : centsToDollars(draft.travelFeeCents),
    notes: '',
  }
}

/** What the form says once checked: the booking's fields, prices in cents. */
export interface BookingFormValues {
  customerName: string
  customerPhone: string | null
  customerEmail: string | null
  eventDate: string
  eventTime: string | null
  adults: number
  kids: number
  address: string | null
  zip: string | null
  subtotalCents: number
  travelFeeCents: number
  notes: string
}

export interface ReadFormContext {
  today: string
  /** A confirmation goes out by text, so it needs a phone number. */
  confirm: boolean
  settings: BookingPricingRules
  distance?: QuoteDistance | null
  /** The date the booking already has: keeping a past date is fine when editing, choosing one is not. */
  keptDate?: string | null
}

/**
 * Checks the form field by field and prices what it leaves empty from the business rules. Each
 * error names its field and says what to fix.
 */
export function readBookingForm(form: BookingForm, context: ReadFormContext): { ok: true; values: BookingFormValues } | { ok: false; errors: BookingFormErrors } {
  const errors: BookingFormErrors = {}
  const customerName = form.customerName.trim()
  if (customerName === '') errors.customerName = "Enter the customer's name."
  else if (customerName.length > 200) errors.customerName = 'Keep the name under 200 characters.'

  const phoneTyped = form.customerPhone.trim()
  const customerPhone = phoneTyped === '' ? null : toE164(phoneTyped)
  if (phoneTyped !== '' && customerPhone === null) errors.customerPhone = 'Enter a phone number like (408) 555-0199.'
  else if (customerPhone === null && context.confirm) {
    errors.customerPhone = 'A phone number is needed to confirm: the confirmation and deposit link go out by text.'
  }

  const customerEmail = form.customerEmail.trim()
  if (customerEmail !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(customerEmail)) errors.customerEmail = 'Enter an email like name@example.com, or leave it empty.'
  else if (customerEmail.length > 254) errors.customerEmail = 'Keep the email under 254 characters.'

  const eventDate = form.eventDate.trim()
  if (!isCalendarDate(eventDate)) errors.eventDate = 'Pick the date of the party.'
  else if (eventDate < context.today && eventDate !== context.keptDate) errors.eventDate = `The party date ${eventDate} has already passed.`

  const eventTime = form.eventTime.trim() === '' ? null : form.eventTime.trim()
  if (eventTime !== null && !/^([01]\d|2[0-3]):[0-5]\d$/.test(eventTime)) errors.eventTime = 'Enter the start time as HH:MM (24 h), or leave it empty.'

  const adults = guestCount(form.adults)
  if (adults === null) errors.adults = 'Enter the number of adults (a whole number).'
  const kids = form.kids.trim() === '' ? 0 : guestCount(form.kids)
  if (kids === null) errors.kids = 'Enter the number of kids (a whole number), or leave it empty for none.'
  if (adults !== null && kids !== null && adults + kids === 0) errors.adults = 'A party needs at least one guest.'

  const address = form.address.trim()
  if (address.length > 500) errors.address = 'Keep the address under 500 characters.'
  const zip = form.zip.trim()
  if (zip !== '' && !/^\d{5}(-\d{4})?$/.test(zip)) errors.zip = 'Enter a 5-digit ZIP code, or leave it empty.'
  const notes = form.notes.trim()
  if (notes.length > 5000) errors.notes = 'Keep the notes under 5,000 characters.'

  let subtotalCents: number | null = null
  if (form.subtotal.trim() !== '') {
    subtotalCents = typedDollarsToCents(form.subtotal)
    if (subtotalCents === null) errors.subtotal = 'Enter the food price in dollars, like 650 or 650.50, or leave it empty to price it.'
  } else if (adults !== null && kids !== null) {
    subtotalCents = priceParty({ adults, kids }, context.settings).subtotalCents
  }

  let travelFeeCents: number | null = null
  if (form.travelFee.trim() !== '') {
    travelFeeCents = typedDollarsToCents(form.travelFee)
    if (travelFeeCents === null) errors.travelFee = 'Enter the travel fee in dollars, like 25, or 0 for none.'
  } else if (context.distance) {
    const fee = travelFee(context.distance.miles, context.settings)
    if (fee.kind === 'outside_service_area') {
      errors.travelFee = `About ${fee.billedMiles} miles away, beyond the ${context.settings.serviceAreaMiles}-mile service area: enter a travel fee to book it anyway.`
    } else travelFeeCents = fee.feeCents
  } else {
    errors.travelFee = `Enter the travel fee (0 within ${context.settings.travelFreeMiles} miles): the event's distance is not known.`
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return {
    ok: true,
    values: {
      customerName,
      customerPhone,
      customerEmail: customerEmail === '' ? null : customerEmail,
      eventDate,
      eventTime,
      adults: adults!,
      kids: kids!,
      address: address === '' ? null : address,
      zip: zip === '' ? null : zip,
      subtotalCents: subtotalCents!,
      travelFeeCents: travelFeeCents!,
      notes,
    },
  }
}

export function bookingFromDraft(form: BookingForm, context: BookingFromDraftContext): BookingFromDraftResult {
  const read = readBookingForm(form, context)
  if (!read.ok) return { ok: false, errors: read.errors, capacityReason: null }
  const { values } = read

  const capacity = checkCapacity({ eventDate: values.eventDate, eventTime: values.eventTime }, context.bookings, context.settings)
  if (!capacity.ok) return { ok: false, errors: {}, capacityReason: capacity.reason }

  const totalCents = values.subtotalCents + values.travelFeeCents
  const facts = {
    eventDate: values.eventDate,
    totalCents,
    depositCents: depositForBooking(totalCents, context.settings),
    paidCents: 0,
    quotedAt: context.now,
    confirmedAt: context.confirm ? context.now : null,
    cancelledAt: null,
  }
  const booking: Booking = {
    id: context.id,
    updatedAt: context.now,
    customerId: context.customerId ?? null,
    ...values,
    createdAt: context.now,
    ...facts,
    status: deriveBookingStatus(facts, context.today),
    sourceSuggestionId: context.suggestionId,
    depositCheckout: null,
    timeline: [
      {
        id: deviceEntryId('created'),
        at: context.now,
        kind: 'booking',
        actor: context.actor,
        by: context.by.slice(0, 200),
        text: createdText(context, totalCents, facts.depositCents).slice(0, 2000),
        ref: context.suggestionId ? `suggestions/${context.suggestionId}` : null,
      },
    ],
  }
  return { ok: true, booking, slot: capacity.load }
}

function createdText(context: BookingFromDraftContext, totalCents: number, depositCents: number): string {
  const from = context.suggestionId ? (context.origin ? ` from the agent's draft (${context.origin})` : " from the agent's draft") : context.origin ? ` (${context.origin})` : ''
  const price = `Quoted ${formatCents(totalCents)}, deposit ${formatCents(depositCents)}.`
  return context.confirm ? `Booked and confirmed${from}. ${price}` : `Booking created${from}. ${price}`
}

function guestCount(typed: string): number | null {
  const cleaned = typed.trim()
  if (!/^\d{1,4}$/.test(cleaned)) return null
  const count = Number(cleaned)
  return count <= 1000 ? count : null
}

export function centsToDollars(cents: number): string {
  return (cents / 100).toFixed(2)
}
