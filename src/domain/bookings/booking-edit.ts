/**
 * Editing and rescheduling a booking: the same form as creating one, prefilled from the booking.
 * The new date or slot is re-checked against capacity (the booking never counts against itself),
 * a price the form leaves empty is re-priced from the business rules, the deposit follows the
 * total until money is in play, and one timeline entry says what changed, as the person who did
 * it. A front desk may not change prices once money has arrived or a deposit link is open (the
 * write policy refuses it on the relay too); the form says so instead of sending a refusal.
 */
import { formatCents } from '../money'
import { depositForBooking } from '../pricing/deposit'
import { priceParty } from '../pricing/party-price'
import type { QuoteDistance } from '../pricing/quote'
import type { Booking, TimelineActor } from '../schemas/bookings'
import { deriveBookingStatus } from './booking-status'
import {
  centsToDollars,
  readBookingForm,
  type BookingForm,
  type BookingFormErrors,
  type BookingPricingRules,
} from './booking-from-draft'
import { checkCapacity, slotForTime, type CapacityBooking } from './capacity'
import { formatClock, formatEventDate } from './message-templates'
import { deviceEntryId, trimTimeline } from './timeline'
import { formatPhoneNumber } from '../phone-number'

export interface BookingEditContext {
  now: string
  today: string
  by: string
  actor: Extract<TimelineActor, 'staff' | 'owner'>
  /** Only the owner changes prices once money is in play. */
  role: 'owner' | 'frontdesk'
  settings: BookingPricingRules
  bookings: readonly CapacityBooking[]
  distance?: QuoteDistance | null
}

export type BookingEditResult =
  | { ok: true; booking: Booking; changes: string[]; rescheduled: boolean }
  | { ok: false; errors: BookingFormErrors; capacityReason: string | null }

/** The booking as the form shows it. The food price is left empty while it is what the rules give, so changing guests re-prices it. */
export function formFromBooking(booking: Booking, settings: BookingPricingRules | null): BookingForm {
  const rulePrice = settings ? priceParty({ adults: booking.adults, kids: booking.kids }, settings).subtotalCents : null
  return {
    customerName: booking.customerName,
    customerPhone: booking.customerPhone ? formatPhoneNumber(booking.customerPhone) : '',
    customerEmail: booking.customerEmail ?? '',
    eventDate: booking.eventDate,
    eventTime: booking.eventTime ?? '',
    adults: String(booking.adults),
    kids: String(booking.kids),
    address: booking.address ?? '',
    zip: booking.zip ?? '',
    subtotal: booking.subtotalCents === rulePrice ? '' : centsToDollars(booking.subtotalCents),
    travelFee: centsToDollars(booking.travelFeeCents),
    notes: booking.notes,
  }
}

/** Money has arrived, or the customer holds an open link to pay: prices are the owner's. */
export function moneyInPlay(booking: Pick<Booking, 'paidCents' | 'depositCheckout'>): boolean {
  return booking.paidCents > 0 || booking.depositCheckout?.status === 'open'
}

export function editBooking(booking: Booking, form: BookingForm, context: BookingEditContext): BookingEditResult {
  const live = !booking.cancelledAt
  const read = readBookingForm(form, {
    today: context.today,
    // Texts go out for a confirmed booking: it keeps needing a number.
    confirm: Boolean(booking.confirmedAt) && live,
    settings: context.settings,
    distance: context.distance ?? null,
    keptDate: booking.eventDate,
  })
  if (!read.ok) return { ok: false, errors: read.errors, capacityReason: null }
  const values = read.values

  const totalCents = values.subtotalCents + values.travelFeeCents
  const locked = moneyInPlay(booking)
  // The deposit follows a new total until money is in play; a date or notes change leaves it as agreed.
  const depositCents = locked || totalCents === booking.totalCents ? booking.depositCents : depositForBooking(totalCents, context.settings)
  const repriced = values.subtotalCents !== booking.subtotalCents || values.travelFeeCents !== booking.travelFeeCents
  if (repriced && locked && context.role !== 'owner') {
    const field = values.subtotalCents !== booking.subtotalCents ? 'subtotal' : 'travelFee'
    return {
      ok: false,
      errors: { [field]: `The price is the owner's to change once a deposit is paid or a deposit link is open (now ${formatCents(booking.totalCents)}); ask the owner, or keep the guests as they are.` },
      capacityReason: null,
    }
  }

  const movedSlot = values.eventDate !== booking.eventDate || slotForTime(values.eventTime, context.settings) !== slotForTime(booking.eventTime, context.settings)
  if (live && movedSlot) {
    const capacity = checkCapacity({ id: booking.id, eventDate: values.eventDate, eventTime: values.eventTime }, context.bookings, context.settings)
    if (!capacity.ok) return { ok: false, errors: {}, capacityReason: capacity.reason }
  }

  const next: Booking = { ...booking, ...values, totalCents, depositCents }
  const changes = describeChanges(booking, next)
  if (changes.length === 0) return { ok: true, booking, changes, rescheduled: false }
  const rescheduled = values.eventDate !== booking.eventDate || values.eventTime !== booking.eventTime
  const entry = {
    id: deviceEntryId(`edit-${Date.parse(context.now).toString(36)}`),
    at: context.now,
    kind: 'booking' as const,
    actor: context.actor,
    by: context.by.slice(0, 200),
    text: `${changes.join(' ')}`.slice(0, 2000),
    ref: null,
  }
  return {
    ok: true,
    booking: { ...next, status: deriveBookingStatus(next, context.today), timeline: trimTimeline([...(booking.timeline ?? []), entry]) },
    changes,
    rescheduled,
  }
}

/** One sentence per kind of change: "Rescheduled from … to …", "Guests: …", "Re-priced …". */
export function describeChanges(before: Booking, after: Booking): string[] {
  const changes: string[] = []
  const when = (booking: Booking) => `${formatEventDate(booking.eventDate)}${booking.eventTime ? ` at ${formatClock(booking.eventTime)}` : ''}`
  if (before.eventDate !== after.eventDate || before.eventTime !== after.eventTime) changes.push(`Rescheduled from ${when(before)} to ${when(after)}.`)
  const guests = (booking: Booking) => `${booking.adults} adults${booking.kids > 0 ? `, ${booking.kids} kids` : ''}`
  if (before.adults !== after.adults || before.kids !== after.kids) changes.push(`Guests: ${guests(before)} → ${guests(after)}.`)
  if (before.totalCents !== after.totalCents) {
    const deposit = before.depositCents !== after.depositCents ? `, deposit ${formatCents(after.depositCents)}` : ''
    changes.push(`Re-priced ${formatCents(before.totalCents)} → ${formatCents(after.totalCents)} (food ${formatCents(after.subtotalCents)}, travel ${formatCents(after.travelFeeCents)}${deposit}).`)
  }
  const labels: [keyof Booking, string][] = [
    ['customerName', 'name'],
    ['customerPhone', 'phone'],
    ['customerEmail', 'email'],
    ['address', 'address'],
    ['zip', 'ZIP code'],
    ['notes', 'notes'],
  ]
  const others = labels.filter(([field]) => before[field] !== after[field]).map(([, label]) => label)
  if (others.length > 0) changes.push(`Changed the ${others.join(', ')}.`)
  return changes
}
