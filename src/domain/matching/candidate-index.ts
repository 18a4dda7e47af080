/**
 * Which bookings a transaction could belong to, found without looking at every booking.
 *
 * Two blocks, and a booking is a candidate when it is in either:
 * - **amount and date**: the amounts a booking expects (deposit, full price, balance, balance
 *   after the deposit) indexed by the day they are expected around (the booking day for deposits,
 *   the event day for balances; full payments under both) in weekly buckets sorted by amount.
 *   A transaction looks only at the weeks its date windows reach and, in each, only at the amounts
 *   its own amount can be (a near miss, a payment-app fee below). A tip is read only from a
 *   payer who shares the customer's family name, and those the name block finds.
 * - **name**: the Double Metaphone keys of each booking's surname (and of the names it is known to
 *   pay under). A payer who shares one is looked at whatever the amount or date.
 *
 * Together they hold every booking that can reach the review level: with no name in common, a
 * candidate needs both an amount fit and a date inside (or just outside) its window.
 */
import { doubleMetaphone } from 'double-metaphone'
import { calendarDateInZone } from './calendar-days'
import type { MatchBooking } from './input'
import { nameTokens } from './name-similarity'
import type { MatchingOptions } from './options'

const millisecondsPerDay = 86_400_000
/**
 * How far from a booking's days a namesake's payment is still looked at: beyond it the date part
 * scores nothing, and a surname shared by hundreds of past customers would make the cost grow with
 * the square of the data.
 */
const nameWindowDays = 90
const daysPerBucket = 7

/** Day number of a `YYYY-MM-DD` date (days since 1970-01-01). */
export function dayNumberOf(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / millisecondsPerDay)
}

interface Expectation {
  cents: number
  day: number
  bookingIndex: number
}

/** Expectations of one family (deposit-like or settlement-like), bucketed by week, sorted by amount. */
class ExpectationBuckets {
  private readonly buckets = new Map<number, Expectation[]>()

  add(expectation: Expectation): void {
    const key = Math.floor(expectation.day / daysPerBucket)
    const bucket = this.buckets.get(key)
    if (bucket) bucket.push(expectation)
    else this.buckets.set(key, [expectation])
  }

  seal(): void {
    for (const bucket of this.buckets.values()) bucket.sort((a, b) => a.cents - b.cents)
  }

  /** Booking indexes with an expectation in [centsLow, centsHigh] on a day in [dayLow, dayHigh]. */
  collect(dayLow: number, dayHigh: number, centsLow: number, centsHigh: number, into: Set<number>): void {
    for (let key = Math.floor(dayLow / daysPerBucket); key <= Math.floor(dayHigh / daysPerBucket); key++) {
      const bucket = this.buckets.get(key)
      if (!bucket) continue
      for (let at = firstAtLeast(bucket, centsLow); at < bucket.length && bucket[at]!.cents <= centsHigh; at++) {
        const expectation = bucket[at]!
        if (expectation.day >= dayLow && expectation.day <= dayHigh) into.add(expectation.bookingIndex)
      }
    }
  }
}

function firstAtLeast(bucket: readonly Expectation[], cents: number): number {
  let low = 0
  let high = bucket.length
  while (low < high) {
    const middle = (low + high) >> 1
    if (bucket[middle]!.cents < cents) low = middle + 1
    else high = middle
  }
  return low
}

/**
 * The phonetic keys of a name word, the word itself (identical words always meet), its first
 * four letters (a bank cuts "WILLIAMSON" to "WILLIAMSO", which sounds different) and its
 * consonants in alphabetical order (a typed "GARICA" has the letters of "GARCIA").
 */
export function nameKeys(word: string): string[] {
  const [primary, alternate] = doubleMetaphone(word)
  const keys = [`=${word}`, primary, alternate]
  if (word.length >= 4) {
    keys.push(`^${word.slice(0, 4)}`, `~${[...word.replace(/[^a-z]|[aeiouy]/g, '')].sort().join('')}`)
  }
  return [...new Set(keys.filter((key) => key !== '' && key !== '~'))]
}

/** The words of a booked name that stand for the family: the surname, its hyphenated parts, a second surname. */
function familyWords(tokens: string[]): string[] {
  if (tokens.length === 0) return []
  const words = [tokens.at(-1)!]
  if (tokens.length >= 3) words.push(tokens.at(-2)!)
  return words.flatMap((word) => [word, ...word.split('-')]).filter((word) => word.length >= 2)
}

export class CandidateIndex {
  private readonly depositLike = new ExpectationBuckets()
  private readonly settlementLike = new ExpectationBuckets()
  private readonly byNameKey = new Map<string, number[]>()
  /** Per booking, the days it expects money around (booked, event), to keep name matches near in time. */
  private readonly days: { bookedOn: number; eventOn: number }[] = []

  constructor(
    private readonly bookings: readonly MatchBooking[],
    private readonly options: MatchingOptions,
  ) {
    bookings.forEach((booking, bookingIndex) => {
      const remaining = booking.totalCents - booking.paidCents
      const bookedOn = dayNumberOf(calendarDateInZone(booking.createdAt, options.timeZone))
      const eventOn = dayNumberOf(booking.eventDate)
      this.days.push({ bookedOn, eventOn })
      if (remaining > 0) {
        const depositOwed = booking.depositCents - booking.paidCents
        if (depositOwed > 0) this.depositLike.add({ cents: depositOwed, day: bookedOn, bookingIndex })
        for (const cents of new Set([booking.totalCents, remaining, booking.totalCents - booking.depositCents])) {
          if (cents <= 0) continue
          this.settlementLike.add({ cents, day: eventOn, bookingIndex })
          if (cents === booking.totalCents || cents === remaining) this.depositLike.add({ cents, day: bookedOn, bookingIndex })
        }
      }
      const names = [booking.customerName, ...(booking.alsoPaysAs ?? [])]
      const keys = new Set<string>()
      names.forEach((name, position) => {
        const tokens = nameTokens(name)
        // The customer is found by surname; a name they pay under (a company, a spouse) by any word of it.
        for (const word of position === 0 ? familyWords(tokens) : tokens.filter((token) => token.length >= 2)) {
          for (const key of nameKeys(word)) keys.add(key)
        }
      })
      for (const key of keys) {
        const postings = this.byNameKey.get(key)
        if (postings) postings.push(bookingIndex)
        else this.byNameKey.set(key, [bookingIndex])
      }
    })
    this.depositLike.seal()
    this.settlementLike.seal()
  }

  /** Indexes of the bookings worth scoring for a payment of `receivedCents` on these dates by these payers. */
  candidates(receivedCents: number, paidOnDates: readonly string[], payerNames: readonly string[]): number[] {
    const found = new Set<number>()
    const { depositWindowDays: deposit, balanceWindowDays: balance, dateGraceDays: grace } = this.options
    // Anything a reading can make of this amount: within $1 or a fee of up to 3.5 % below.
    const nearLow = receivedCents - 100
    const nearHigh = Math.max(receivedCents + 100, Math.ceil(receivedCents / 0.965))
    for (const date of paidOnDates) {
      const paidOn = dayNumberOf(date)
      // A payment `d` days after the reference day fits a window of `before`..`after` days, plus the grace.
      this.depositLike.collect(paidOn - deposit.after - grace, paidOn + deposit.before + grace, nearLow, nearHigh, found)
      // Tips are read only from payers of the customer's family, whom the name block finds.
      this.settlementLike.collect(paidOn - balance.after - grace, paidOn + balance.before + grace, nearLow, nearHigh, found)
    }
    // A payer's namesake is looked at when the payment is within a season of their booking or party.
    const paidOn = paidOnDates.map(dayNumberOf)
    const near = (bookingIndex: number) => {
      const { bookedOn, eventOn } = this.days[bookingIndex]!
      return paidOn.some((day) => (day >= bookedOn - nameWindowDays && day <= eventOn + nameWindowDays) || Math.abs(day - eventOn) <= nameWindowDays)
    }
    for (const bookingIndex of this.bookingsNamed(payerNames)) if (near(bookingIndex)) found.add(bookingIndex)
    return [...found].sort((a, b) => a - b)
  }

  /** Indexes of the bookings whose customer (or a name they pay as) shares a name key with a payer. */
  bookingsNamed(payerNames: readonly string[]): number[] {
    const found = new Set<number>()
    for (const payer of payerNames) {
      for (const word of nameTokens(payer)) {
        if (word.length < 2) continue
        for (const key of nameKeys(word)) for (const bookingIndex of this.byNameKey.get(key) ?? []) found.add(bookingIndex)
      }
    }
    return [...found]
  }

  get size(): number {
    return this.bookings.length
  }
}
