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
import { BoundedMemo } from './bounded-memo'
import { calendarDateInZone, dayNumberOf } from './calendar-days'
import type { MatchBooking } from './input'
import { nameTokens } from './name-similarity'
import type { MatchingOptions } from './options'

/**
 * How far from a booking's days a namesake's payment is still looked at: beyond it the date part
 * scores nothing, and a surname shared by hundreds of past customers would make the cost grow with
 * the square of the data.
 */
const nameWindowDays = 90
const daysPerBucket = 7


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

/** Name words recur (every payment of a family, every booking of a surname): their keys are worked out once. */
const keysByWord = new BoundedMemo<string, readonly string[]>(50_000)

/**
 * The phonetic keys of a name word, the word itself (identical words always meet), its first
 * four letters (a bank cuts "WILLIAMSON" to "WILLIAMSO", which sounds different) and its
 * consonants in alphabetical order (a typed "GARICA" has the letters of "GARCIA").
 */
export function nameKeys(word: string): readonly string[] {
  return keysByWord.get(word, keysOf)
}

function keysOf(word: string): readonly string[] {
  const [primary, alternate] = doubleMetaphone(word)
  const all = [`=${word}`, primary, alternate]
  if (word.length >= 4) {
    all.push(`^${word.slice(0, 4)}`, `~${[...word.replace(/[^a-z]|[aeiouy]/g, '')].sort().join('')}`)
  }
  return [...new Set(all.filter((key) => key !== '' && key !== '~'))]
}

/** The words of a booked name that stand for the family: the surname, its hyphenated parts, a second surname. */
function familyWords(tokens: readonly string[]): string[] {
  if (tokens.length === 0) return []
  const words = [tokens.at(-1)!]
  if (tokens.length >= 3) words.push(tokens.at(-2)!)
  return words.flatMap((word) => [word, ...word.split('-')]).filter((word) => word.length >= 2)
}

/** Name postings are kept per period of this many days, so a lookup reads only one season's namesakes. */
const daysPerSeasonBucket = 30

export class CandidateIndex {
  private readonly depositLike = new ExpectationBuckets()
  private readonly settlementLike = new ExpectationBuckets()
  /** Per name key, per season bucket: the bookings whose season overlaps that period. */
  private readonly byNameKey = new Map<string, Map<number, number[]>>()
  /** Per booking, the days a namesake's payment is still looked at: a season around its booking and party (from, to). */
  private readonly seasons: Int32Array
  /** Per booking, the customer's first name word ('' for none). */
  private readonly firstNames: string[] = []
  /**
   * Per booking, what decides whether a namesake is worth a look, in flat arrays: a common surname
   * brings dozens of bookings per payment, and most are passed over without reading the booking.
   */
  private readonly paysAsOthers: Uint8Array
  private readonly depositOwed: Int32Array
  private readonly remaining: Int32Array
  /** Per booking, its booking day and event day as day numbers (bookedOn, eventOn). */
  private readonly days: Int32Array

  constructor(
    private readonly bookings: readonly MatchBooking[],
    private readonly options: MatchingOptions,
  ) {
    this.seasons = new Int32Array(bookings.length * 2)
    this.paysAsOthers = new Uint8Array(bookings.length)
    this.depositOwed = new Int32Array(bookings.length)
    this.remaining = new Int32Array(bookings.length)
    this.days = new Int32Array(bookings.length * 2)
    bookings.forEach((booking, bookingIndex) => {
      const remaining = booking.totalCents - booking.paidCents
      this.paysAsOthers[bookingIndex] = (booking.alsoPaysAs?.length ?? 0) > 0 ? 1 : 0
      this.depositOwed[bookingIndex] = booking.depositCents > 0 ? booking.depositCents - booking.paidCents : 0
      this.remaining[bookingIndex] = remaining
      const bookedOn = dayNumberOf(calendarDateInZone(booking.createdAt, options.timeZone))
      const eventOn = dayNumberOf(booking.eventDate)
      this.days[2 * bookingIndex] = bookedOn
      this.days[2 * bookingIndex + 1] = eventOn
      // From a season before the booking (or the party, if it was booked afterwards) to a season after the party.
      const season = { from: Math.min(bookedOn, eventOn) - nameWindowDays, to: eventOn + nameWindowDays }
      this.seasons[2 * bookingIndex] = season.from
      this.seasons[2 * bookingIndex + 1] = season.to
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
      this.firstNames.push(nameTokens(booking.customerName)[0] ?? '')
      names.forEach((name, position) => {
        const tokens = nameTokens(name)
        // The customer is found by surname; a name they pay under (a company, a spouse) by any word of it.
        for (const word of position === 0 ? familyWords(tokens) : tokens.filter((token) => token.length >= 2)) {
          for (const key of nameKeys(word)) keys.add(key)
        }
      })
      if (!(season.from <= season.to)) return
      for (const key of keys) {
        let buckets = this.byNameKey.get(key)
        if (!buckets) this.byNameKey.set(key, (buckets = new Map()))
        for (let bucket = Math.floor(season.from / daysPerSeasonBucket); bucket <= Math.floor(season.to / daysPerSeasonBucket); bucket++) {
          const postings = buckets.get(bucket)
          if (postings) postings.push(bookingIndex)
          else buckets.set(bucket, [bookingIndex])
        }
      }
    })
    this.depositLike.seal()
    this.settlementLike.seal()
  }

  /**
   * Indexes of the bookings worth scoring for a payment of `receivedCents` on these dates by these
   * payers, ascending: those whose customer (or a name they pay as) shares a name key with a payer
   * and whose season holds a payment date (`named`), and the others whose expected amounts and
   * days fit (`byAmount`). `amountFits` holds every booking, named or not, whose expected amounts
   * and days fit, a tip on what settles it included: a namesake who is not the customer is worth
   * scoring only if it is in there (or the amount could be a part payment, which no index finds).
   */
  candidates(
    receivedCents: number,
    paidOnDates: readonly string[],
    payerNames: readonly string[],
  ): { named: number[]; byAmount: number[]; amountFits: ReadonlySet<number> } {
    const named = this.namedNear(payerNames, paidOnDates)
    const found = new Set<number>()
    const { depositWindowDays: deposit, balanceWindowDays: balance, dateGraceDays: grace, tipPercent } = this.options
    // Anything a reading can make of this amount: within $1, or a fee below (up to 3.5 % and 49 cents).
    const nearLow = receivedCents - 100
    const nearHigh = Math.max(receivedCents + 100, Math.ceil((receivedCents + 100) / 0.965))
    const settlementDays: [number, number][] = []
    for (const date of paidOnDates) {
      const paidOn = dayNumberOf(date)
      // A payment `d` days after the reference day fits a window of `before`..`after` days, plus the grace.
      this.depositLike.collect(paidOn - deposit.after - grace, paidOn + deposit.before + grace, nearLow, nearHigh, found)
      const days: [number, number] = [paidOn - balance.after - grace, paidOn + balance.before + grace]
      this.settlementLike.collect(days[0], days[1], nearLow, nearHigh, found)
      settlementDays.push(days)
    }
    const isNamed = new Set(named)
    const byAmount = [...found].filter((bookingIndex) => !isNamed.has(bookingIndex)).sort((a, b) => a - b)
    // Tips are read only from payers of the customer's family, whom the name block finds.
    if (named.length > 0 && tipPercent.max >= tipPercent.min) {
      const tipLow = Math.floor(receivedCents / (1 + tipPercent.max / 100)) - 1
      const tipHigh = Math.ceil(receivedCents / (1 + tipPercent.min / 100)) + 1
      for (const [from, to] of settlementDays) this.settlementLike.collect(from, to, tipLow, Math.min(tipHigh, receivedCents), found)
    }
    return { named, byAmount, amountFits: found }
  }

  /**
   * Indexes of the bookings (ascending) whose customer, or a name they pay as, shares a name key
   * with a payer, when a payment date falls in the booking's season: a surname shared by hundreds
   * of past customers is looked at only for this season's.
   */
  namedNear(payerNames: readonly string[], paidOnDates: readonly string[]): number[] {
    const found = new Set<number>()
    if (payerNames.length === 0) return []
    const paidOn = paidOnDates.map(dayNumberOf)
    const buckets = [...new Set(paidOn.map((day) => Math.floor(day / daysPerSeasonBucket)))]
    const inSeason = (bookingIndex: number) => {
      const from = this.seasons[2 * bookingIndex]!
      const to = this.seasons[2 * bookingIndex + 1]!
      return paidOn.some((day) => day >= from && day <= to)
    }
    for (const payer of payerNames) {
      for (const word of nameTokens(payer)) {
        if (word.length < 2) continue
        for (const key of nameKeys(word)) {
          const byBucket = this.byNameKey.get(key)
          if (!byBucket) continue
          for (const bucket of buckets) {
            for (const bookingIndex of byBucket.get(bucket) ?? []) if (!found.has(bookingIndex) && inSeason(bookingIndex)) found.add(bookingIndex)
          }
        }
      }
    }
    return [...found].sort((a, b) => a - b)
  }

  booking(bookingIndex: number): MatchBooking {
    return this.bookings[bookingIndex]!
  }

  /** The booking's reference days, for `dateScoreOnDays` (a fresh object: keep it no longer than a reading). */
  daysOf(bookingIndex: number): { bookedOn: number; eventOn: number } {
    return { bookedOn: this.days[2 * bookingIndex]!, eventOn: this.days[2 * bookingIndex + 1]! }
  }

  /** Whether the booking's customer is known to pay under other names too. */
  paysAsOthersToo(bookingIndex: number): boolean {
    return this.paysAsOthers[bookingIndex] === 1
  }

  /** Whether `amountFits` could read the amount as a part payment: more than the deposit owed, less than the balance. */
  couldBePartPayment(bookingIndex: number, receivedCents: number): boolean {
    const depositOwed = this.depositOwed[bookingIndex]!
    return depositOwed > 0 && receivedCents > depositOwed && receivedCents < this.remaining[bookingIndex]!
  }

  /** The first word of the booking's customer name, as nameTokens reads it ('' for none). */
  firstNameOf(bookingIndex: number): string {
    return this.firstNames[bookingIndex]!
  }

  get size(): number {
    return this.bookings.length
  }
}
