/**
 * The payment matcher's entry point: bank transactions in, one verdict per transaction out
 * (architecture §7). Pure: the current time comes in through `now`.
 */
import type { PaymentType } from '../schemas/payment-matches'
import { amountFits, type AmountFit } from './amount-fit'
import { assignTransactions, slotsOf, type SlotKind, type TransactionCandidates } from './assignment'
import { calendarDateInZone, dayNumberOf, daysBetween } from './calendar-days'
import { CandidateIndex } from './candidate-index'
import { dateFit, dateScore, dateScoreOnDays } from './date-fit'
import type { MatchBooking, PlaidTransactionInput } from './input'
import { compareNames, couldNameTheSamePerson, familyNameScore, firstNameFitTest, type NameSimilarity } from './name-similarity'
import type { MatchingOptions } from './options'
import { extractPayerNames, type PayerName } from './payer-names'
import { paymentRailNames, paymentRailOf } from './payment-rail'
import { scoreCandidate, weightsWithoutName, type Candidate, type NameEvidence } from './scoring'
import { classifyTransaction } from './transaction-kind'

export type MatchStatus = 'auto_accepted' | 'needs_review' | 'unmatched' | 'ignored'

export interface MatchOutcome {
  transactionId: string
  bookingId: string | null
  paymentType: PaymentType | null
  confidence: number
  status: MatchStatus
  reasons: string[]
}

export interface MatchContext {
  /** The current instant (ISO-8601); transactions dated after it are suspicious. */
  now: string
  options: MatchingOptions
  /**
   * `blocked` (the default) scores only the bookings a transaction's amount, dates or payer
   * point at; `all-pairs` scores every booking, for tests that check the two agree.
   */
  candidateSearch?: 'blocked' | 'all-pairs'
}

/** Name comparisons of one matching run, by payer name then booked name: the same pairs recur often. */
type NameCache = Map<string, Map<string, NameEvidence>>

/** A known payer scores like the customer's own name once their names agree this well. */
const knownPayerSimilarity = 0.85

/** A name comparison with the payer name it was made for (its wording is read only when shown). */
class PayerEvidence implements NameEvidence {
  readonly score: number

  constructor(
    private readonly similarity: NameSimilarity,
    readonly payerName: string,
  ) {
    this.score = similarity.score
  }

  get explanation(): string {
    return this.similarity.explanation
  }
}

function cachedComparison(bookedName: string, payerName: string, cache: NameCache): NameEvidence {
  let byBooked = cache.get(payerName)
  if (!byBooked) cache.set(payerName, (byBooked = new Map()))
  let evidence = byBooked.get(bookedName)
  if (!evidence) {
    evidence = new PayerEvidence(compareNames(bookedName, payerName), payerName)
    byBooked.set(bookedName, evidence)
  }
  return evidence
}

function bestNameEvidence(booking: MatchBooking, payerNames: readonly PayerName[], cache: NameCache): NameEvidence {
  let best: NameEvidence = { score: 0, explanation: 'the transaction names no payer', payerName: null }
  for (const payer of payerNames) {
    let evidence = cachedComparison(booking.customerName, payer.name, cache)
    // Someone the owner accepted before as paying for this customer (a spouse, a parent, a company).
    for (const alias of booking.alsoPaysAs ?? []) {
      const similarity = cachedComparison(alias, payer.name, cache)
      if (similarity.score >= knownPayerSimilarity && similarity.score > evidence.score) {
        evidence = { score: similarity.score, explanation: `a known payer for this customer (also pays as "${alias}")`, payerName: payer.name, knownPayer: alias }
      }
    }
    if (best.payerName === null || evidence.score > best.score) best = evidence
  }
  return best
}

/**
 * Whether a payer of the transaction could be a booking's customer (see mayBeTheCustomer), by
 * booking index: it depends only on the booked first name, so a common surname's dozens of
 * bookings cost one comparison per first name.
 */
function customerTest(payerNames: readonly PayerName[], index: CandidateIndex): (bookingIndex: number) => boolean {
  const fitsAPayer = firstNameFitTest(payerNames.map((payer) => payer.name))
  return (bookingIndex) => {
    if (fitsAPayer(index.firstNameOf(bookingIndex))) return true
    if (!index.paysAsOthersToo(bookingIndex)) return false
    const booking = index.booking(bookingIndex)
    return payerNames.some((payer) => mayBeTheCustomer(booking, payer.name))
  }
}

/** Whether the payer could score as the customer, or as someone they pay as (see couldNameTheSamePerson). */
function mayBeTheCustomer(booking: MatchBooking, payerName: string): boolean {
  return couldNameTheSamePerson(booking.customerName, payerName) || (booking.alsoPaysAs ?? []).some((alias) => couldNameTheSamePerson(alias, payerName))
}

function someoneElse(booking: MatchBooking, payerNames: readonly PayerName[]): NameEvidence {
  return { score: 0, explanation: `no name in common with "${booking.customerName}"`, payerName: payerNames[0]!.name }
}

/** A transaction's payment days as day numbers, per list of dates (one list per transaction, read per booking). */
const dayNumbersByDates = new WeakMap<readonly string[], readonly number[]>()

function dayNumbersOf(dates: readonly string[]): readonly number[] {
  let days = dayNumbersByDates.get(dates)
  if (!days) dayNumbersByDates.set(dates, (days = dates.map(dayNumberOf)))
  return days
}

/** A tip is read only from a payer who shares at least the customer's family name. */
const minimumNameForTips = 0.5

/** Every way the transaction could belong to the booking, best first. */
function candidatesFor(
  booking: MatchBooking,
  receivedCents: number,
  payerNames: readonly PayerName[],
  paidOnDates: readonly string[],
  options: MatchingOptions,
  nameCache: NameCache,
  mayBeThem = payerNames.some((payer) => mayBeTheCustomer(booking, payer.name)),
): Candidate[] {
  let fits: (AmountFit | null)[] = amountFits(receivedCents, booking, options)
  // An amount above the balance could be anything: it reads as a tip only from someone of the family.
  if (payerNames.length === 0) fits = withoutTips(fits)
  // With no amount fit only a convincing name earns a look; nobody named, nothing to look at.
  if (fits.length === 0 && !mayBeThem) return []
  // Someone who at most shares the family name needs the amount and the date, as a stranger does:
  // a relative's $100 three months from the booking is nobody's deposit.
  if (!mayBeThem && payerNames.length > 0) {
    const paidOnDays = dayNumbersOf(paidOnDates)
    fits = fits.filter((fit) => fit !== null && dateScore(fit.paymentType, paidOnDays, booking, options) > 0)
    if (fits.length === 0) return []
  }
  const name = bestNameEvidence(booking, payerNames, nameCache)
  if (name.score < minimumNameForTips) fits = withoutTips(fits)
  if (fits.length === 0) {
    if (name.score < 0.8) return []
    fits.push(null)
  }
  return fits
    .map((amount) => scoreCandidate(booking, amount, name, dateFit(amount?.paymentType ?? null, paidOnDates, booking, options)))
    .sort((a, b) => b.confidence - a.confidence)
}

function withoutTips(fits: readonly (AmountFit | null)[]): (AmountFit | null)[] {
  return fits.filter((fit) => fit?.paymentType !== 'balance_with_tip')
}

/** Candidate readings of one transaction, and how many bookings fitted about as well as the best nameless one. */
interface Readings {
  candidates: Candidate[]
  /** Bookings whose amount-and-date reading came within the rival margin of the best (0 when few were looked at). */
  alike: number
  /** Up to two bookings (indexes) with an exact amount paid inside its window: whether amount and date single one out. */
  exact?: number[]
}

/**
 * Readings of bookings the payer shares no name with (or of a line naming nobody): their
 * confidence rests on amount and date alone, so it is worked out as a number first and only the
 * best few become candidates.
 */
function bestNameless(
  bookings: readonly MatchBooking[],
  index: CandidateIndex,
  bookingIndexes: readonly number[],
  receivedCents: number,
  payerNames: readonly PayerName[],
  paidOnDates: readonly string[],
  options: MatchingOptions,
): Readings {
  // A named payer who is someone else cannot explain an amount that fits nothing.
  const ceiling = payerNames.length > 0 ? 0.55 : 1
  const paidOnDays = dayNumbersOf(paidOnDates)
  // Confidence and booking of every reading, as numbers: only the best few are worded.
  const confidences: number[] = []
  const readingBookings: MatchBooking[] = []
  const readingFits: AmountFit[] = []
  const exact: number[] = []
  for (const at of bookingIndexes) {
    const booking = bookings[at]!
    const fits = amountFits(receivedCents, booking, options)
    if (fits.length === 0) continue
    const days = index.daysOf(at)
    for (const amount of fits) {
      if (amount.paymentType === 'balance_with_tip') continue
      const onDate = dateScoreOnDays(amount.paymentType, paidOnDays, days, options)
      if (isExactReading(amount, onDate) && exact.length < 2 && !exact.includes(at)) exact.push(at)
      const raw = weightsWithoutName.amount * amount.score + weightsWithoutName.date * onDate
      confidences.push(Math.floor(Math.min(raw, ceiling) * 1000 + 1e-9) / 1000)
      readingBookings.push(booking)
      readingFits.push(amount)
    }
  }
  // The best few in order (surest first, then by booking id), without sorting every reading.
  const before = (a: number, b: number) => confidences[b]! - confidences[a]! || compareIds(readingBookings[a]!.id, readingBookings[b]!.id)
  const best: number[] = []
  let top = -Infinity
  for (let position = 0; position < confidences.length; position++) {
    top = Math.max(top, confidences[position]!)
    if (best.length === nameslessKept && before(position, best[nameslessKept - 1]!) >= 0) continue
    let at = Math.min(best.length, nameslessKept - 1)
    while (at > 0 && before(position, best[at - 1]!) < 0) at--
    best.splice(at, 0, position)
    if (best.length > nameslessKept) best.pop()
  }
  const candidates = best.map((position) => {
    const booking = readingBookings[position]!
    const amount = readingFits[position]!
    return scoreCandidate(booking, amount, payerNames.length > 0 ? someoneElse(booking, payerNames) : noPayerNamed, dateFit(amount.paymentType, paidOnDates, booking, options))
  })
  let alike = 0
  if (confidences.length > nameslessKept) {
    const floor = top - options.rivalMargin
    const alikeBookings = new Set<string>()
    for (let position = 0; position < confidences.length; position++) {
      if (confidences[position]! >= floor) alikeBookings.add(readingBookings[position]!.id)
    }
    alike = alikeBookings.size
  }
  return { candidates, alike, exact }
}

/**
 * A payment the booking expects, paid inside its window: the amount exact, or exact less a
 * payment app's fee, or the balance once the deposit (not yet recorded) is counted.
 */
function isExactReading(amount: AmountFit, dateScore: number): boolean {
  return amount.score >= 0.9 && amount.partPayment !== true && dateScore >= 1
}

/** What a shared family name is worth when the amount and the date point at that family's booking and at no other. */
const householdNameScore = 0.8

/**
 * A spouse or a parent pays under their own first name and the family's surname: on its own that
 * is a relative, not the customer (0.55). The payment counts as the household's when the payer has
 * no booking of their own, the exact amount is paid inside its window, and either
 * - the amount fits this one booking and no other booking the payer could be paying for, or
 * - of the bookings it fits (a uniform $100 deposit fits a fortnight of them), this is the only
 *   one of the payer's family, and the family has no other booking the payment could be read as.
 */
function asHouseholdPayments(candidates: Candidate[], namelessExact: readonly number[], bookings: readonly MatchBooking[]): Candidate[] {
  const exactBookings = new Set(namelessExact.map((at) => bookings[at]!.id))
  for (const candidate of candidates) {
    if (candidate.amount && isExactReading(candidate.amount, candidate.date.score)) exactBookings.add(candidate.booking.id)
  }
  // A payer who is a customer in their own name may be paying for someone else's party.
  if (candidates.some((candidate) => candidate.name.score >= 0.95)) return candidates
  const isFamilyOnly = ({ name }: Candidate) => name.payerName !== null && name.score >= familyNameScore && name.score < householdNameScore && name.knownPayer === undefined
  // A tip is a range of amounts, read only from the family: it singles nothing out.
  const isExact = ({ amount, date }: Candidate) => amount !== null && amount.paymentType !== 'balance_with_tip' && isExactReading(amount, date.score)
  const namedExact = new Set(candidates.filter((candidate) => isExact(candidate) && candidate.name.score >= familyNameScore).map((candidate) => candidate.booking.id))
  const family = new Set(candidates.filter((candidate) => candidate.name.score >= familyNameScore).map((candidate) => candidate.booking.id))
  const singledOut = exactBookings.size === 1 ? exactBookings : namedExact.size === 1 && family.size === 1 ? namedExact : null
  if (!singledOut) return candidates
  return candidates.map((candidate) => {
    const { name, amount, date } = candidate
    if (!isFamilyOnly(candidate) || !isExact(candidate) || !singledOut.has(candidate.booking.id)) return candidate
    const why = singledOut === exactBookings ? 'the amount, on time, fits this booking and no other' : "of the bookings the amount fits on time, this is the family's only one"
    const household: NameEvidence = {
      score: householdNameScore,
      explanation: `${name.explanation}; ${why}: a household payment`,
      payerName: name.payerName,
      household: true,
    }
    return scoreCandidate(candidate.booking, amount, household, date)
  })
}

/**
 * Another transaction that could be this payment is no rival when it already has a better home:
 * another payment of the same booking (a balance also readable as paying in full), or another
 * booking it fits clearly better.
 */
function isSettledElsewhere(home: Candidate | undefined, reading: Candidate, slots: readonly string[], options: MatchingOptions): boolean {
  if (!home) return false
  if (home.booking.id === reading.booking.id) {
    const homeSlots = slotsOf(home.paymentType)
    return homeSlots.length > 0 && !homeSlots.some((slot) => slots.includes(slot))
  }
  return home.confidence >= reading.confidence + options.rivalMargin
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

const noPayerNamed: NameEvidence = { score: 0, explanation: 'the transaction names no payer', payerName: null }

/** Readings that rest on amount and date alone: enough of them to name rivals, not hundreds. */
const nameslessKept = 8

/**
 * Keeps every reading with some name evidence and the best few without: a $100 deposit fits
 * every booking made that fortnight, and beyond the first few those readings only say "and more".
 */
function keepLikelyOnes({ candidates, alike }: Readings, options: MatchingOptions): Readings {
  const nameless = candidates.filter((candidate) => candidate.name.score === 0)
  if (nameless.length <= nameslessKept) return { candidates, alike }
  nameless.sort((a, b) => b.confidence - a.confidence || compareBookingIds(a, b))
  const best = nameless[0]!.confidence
  return {
    candidates: [...candidates.filter((candidate) => candidate.name.score > 0), ...nameless.slice(0, nameslessKept)],
    alike: Math.max(alike, new Set(nameless.filter((candidate) => candidate.confidence >= best - options.rivalMargin).map((candidate) => candidate.booking.id)).size),
  }
}

/**
 * The readings anything after scoring looks at: those a person could be asked about (at the
 * review level) or that could rival one (within the rival margin of it, or the same customer's
 * other booking), and the closest one, to say why nothing fitted. The rest are dropped at once, so a large batch does not hold
 * thousands of readings per transaction.
 */
function worthKeeping({ candidates, alike }: Readings, options: MatchingOptions): Readings {
  const floor = options.reviewConfidence - options.rivalMargin
  const kept = candidates.filter((candidate) => candidate.confidence >= floor || isSamePersonReading(candidate))
  if (kept.length > 0 || candidates.length === 0) return { candidates: kept, alike }
  const closest = candidates.reduce((best, candidate) => (candidate.confidence > best.confidence || (candidate.confidence === best.confidence && compareBookingIds(candidate, best) < 0) ? candidate : best))
  return { candidates: [closest], alike }
}

interface Prepared {
  transaction: PlaidTransactionInput
  index: number
  /** Set when the transaction is not matched at all. */
  verdict: MatchOutcome | null
  candidates: Candidate[]
  alike: number
  notes: string[]
  /** What is needed to score the transaction again against a booking as it stands later. */
  receivedCents: number
  payerNames: PayerName[]
  paidOnDates: string[]
}

/** Every booking index but the named ones, ascending. */
function withoutNamed(bookingCount: number, named: readonly number[]): number[] {
  const isNamed = new Set(named)
  const rest: number[] = []
  for (let at = 0; at < bookingCount; at++) if (!isNamed.has(at)) rest.push(at)
  return rest
}

function ignored(transaction: PlaidTransactionInput, reason: string): MatchOutcome {
  return { transactionId: transaction.transaction_id, bookingId: null, paymentType: null, confidence: 1, status: 'ignored', reasons: [reason] }
}

function unmatched(transaction: PlaidTransactionInput, reasons: string[]): MatchOutcome {
  return { transactionId: transaction.transaction_id, bookingId: null, paymentType: null, confidence: 0, status: 'unmatched', reasons }
}

export function matchTransactions(
  bookings: readonly MatchBooking[],
  transactions: readonly PlaidTransactionInput[],
  { now, options, candidateSearch = 'blocked' }: MatchContext,
): MatchOutcome[] {
  const today = calendarDateInZone(now, options.timeZone)
  const nameCache: NameCache = new Map()
  const candidateIndex = new CandidateIndex(bookings, options)
  const firstIndexById = new Map<string, number>()
  transactions.forEach((transaction, index) => {
    if (!firstIndexById.has(transaction.transaction_id)) firstIndexById.set(transaction.transaction_id, index)
  })
  // A posted transaction names the pending one it replaces; the pair is one payment.
  const postedReplacing = new Map<string, PlaidTransactionInput>()
  for (const transaction of transactions) {
    const pendingId = transaction.pending_transaction_id
    if (pendingId && !transaction.pending && firstIndexById.has(pendingId)) postedReplacing.set(pendingId, transaction)
  }

  const prepared: Prepared[] = transactions.map((transaction, position): Prepared => {
    const index = position
    const base = { transaction, index, candidates: [] as Candidate[], alike: 0, notes: [] as string[], receivedCents: 0, payerNames: [] as PayerName[], paidOnDates: [] as string[] }
    if (firstIndexById.get(transaction.transaction_id) !== index) {
      return { ...base, verdict: ignored(transaction, `Duplicate of an earlier entry with transaction id ${transaction.transaction_id}`) }
    }
    const posted = postedReplacing.get(transaction.transaction_id)
    if (posted) {
      return {
        ...base,
        verdict: ignored(transaction, `Pending transaction since posted as ${posted.transaction_id}; matched there so it is not counted twice`),
      }
    }

    const replaced = transaction.pending_transaction_id ? transactions[firstIndexById.get(transaction.pending_transaction_id) ?? -1] : undefined
    const evidence = replaced ? [transaction, replaced] : [transaction]
    const notes: string[] = []
    if (replaced) notes.push(`Posted version of pending transaction ${replaced.transaction_id}; the two are one payment`)
    else if (transaction.pending_transaction_id) {
      // The pending one came in an earlier batch: whoever stored its match must move it here.
      notes.push(`Replaces pending transaction ${transaction.pending_transaction_id} from an earlier batch; move any match of that one here instead of counting both`)
    }
    const payerNames = dedupePayers(evidence.flatMap(extractPayerNames))
    const kind = classifyTransaction(transaction, payerNames)
    if (kind.kind === 'not_a_payment') {
      const verdict = ignored(transaction, kind.reason)
      return { ...base, verdict: { ...verdict, reasons: [...verdict.reasons, ...notes] } }
    }

    const currency = transaction.iso_currency_code ?? transaction.unofficial_currency_code ?? 'USD'
    if (currency !== 'USD') {
      return { ...base, verdict: unmatched(transaction, [`Received in ${currency}; bookings are priced in USD`]) }
    }

    if (transaction.pending) notes.push('Still pending at the bank')
    const paidOnDates = [...new Set(evidence.flatMap((entry) => [entry.authorized_date, entry.date]).filter((date): date is string => !!date))]
    const payerWords = payerNames.map((payer) => payer.name)
    const { named, byAmount, amountFits: fitsByAmount } = candidateIndex.candidates(kind.amountCents, paidOnDates, payerWords)
    // Comparing every booking still looks at namesakes only within the same season, as blocking does.
    const nameless = candidateSearch === 'blocked' ? byAmount : withoutNamed(bookings.length, named)
    const namelessBest = bestNameless(bookings, candidateIndex, nameless, kind.amountCents, payerNames, paidOnDates, options)
    // A namesake who cannot be the customer needs an amount and a date that fit: most of a common
    // surname's bookings are passed over here without being scored.
    const mayBeThem = customerTest(payerNames, candidateIndex)
    const namedCandidates = named.flatMap((at) => {
      const couldBeThem = mayBeThem(at)
      const worthScoring = couldBeThem || candidateSearch === 'all-pairs' || fitsByAmount.has(at) || candidateIndex.couldBePartPayment(at, kind.amountCents)
      return worthScoring ? candidatesFor(bookings[at]!, kind.amountCents, payerNames, paidOnDates, options, nameCache, couldBeThem) : []
    })
    const { candidates, alike } = worthKeeping(
      keepLikelyOnes(
        {
          candidates: [
            ...asHouseholdPayments(namedCandidates, namelessBest.exact ?? [], bookings),
            ...namelessBest.candidates,
          ],
          alike: namelessBest.alike,
        },
        options,
      ),
      options,
    )
    const rail = paymentRailNames[paymentRailOf(transaction)]
    notes.unshift(
      payerNames.length > 0
        ? `${rail} payment from ${payerNames.map((payer) => `"${payer.name}" (${payer.source.replace('_', ' ')})`).join(', ')}`
        : `${rail} deposit with no payer named`,
    )
    if (daysBetween(today, transaction.date) > 1) notes.push(`Dated ${transaction.date}, after today (${today})`)
    return { ...base, verdict: null, candidates, alike, notes, receivedCents: kind.amountCents, payerNames, paidOnDates }
  })

  const live = prepared.filter((entry) => entry.verdict === null)
  const pool: TransactionCandidates[] = live.map((entry) => ({ transactionIndex: entry.index, candidates: entry.candidates }))
  const { assigned: surest, blocked } = assignTransactions(pool, options.reviewConfidence)
  const { assigned, slotConflicts } = inDateOrder(live, surest, options, nameCache)

  // Every candidate by booking, in transaction order, to find transactions competing for a payment.
  const candidatesByBooking = new Map<string, { index: number; candidate: Candidate }[]>()
  for (const entry of live) {
    for (const candidate of entry.candidates) {
      const list = candidatesByBooking.get(candidate.booking.id) ?? []
      list.push({ index: entry.index, candidate })
      candidatesByBooking.set(candidate.booking.id, list)
    }
  }


  return prepared.map((entry) => {
    if (entry.verdict) return entry.verdict
    const candidate = assigned.get(entry.index)
    if (!candidate) return unmatched(entry.transaction, fitForStorage([...entry.notes, ...whyUnmatched(entry, blocked, transactions, options)]))

    const rivals: string[] = []
    const doubts: string[] = []
    const alternatives: string[] = []
    const otherBookings = bestPerOtherBooking(entry.candidates, candidate)
    for (const other of otherBookings) {
      const who = `booking ${other.booking.id} ("${other.booking.customerName}")`
      if (other.confidence >= candidate.confidence - options.rivalMargin) {
        rivals.push(`Rival: ${who} fits almost as well (${other.confidence})`)
      } else if (isSamePersonAgain(candidate, other)) {
        // One customer with two bookings: only the date tells them apart, and dates slip.
        rivals.push(`Rival: ${who} is the same customer's and the amount fits it too (${other.confidence})`)
      } else if (isExactBeforeATip(candidate, other)) {
        rivals.push(`Rival: ${who} is the same customer's and owes exactly this amount, while this booking reads it only with a tip (${other.confidence})`)
      } else if (namesThePayerBetter(candidate, other)) {
        // "Liam Garcia-Lopez" paying: William Garcia's booking fits by nickname, Liam Garcia-Lopez's by name.
        rivals.push(`Rival: ${who} is in the payer's own name and the amount fits it too (${other.confidence})`)
      } else if (alternatives.length < 2 && other.confidence >= options.reviewConfidence) {
        alternatives.push(`Also considered: ${who} at ${other.confidence}`)
      }
    }
    const slots = slotsOf(candidate.paymentType)
    const rivalTransactions = new Map<number, Candidate>()
    for (const option of candidatesByBooking.get(candidate.booking.id) ?? []) {
      if (option.index === entry.index || rivalTransactions.has(option.index)) continue
      if (isSettledElsewhere(assigned.get(option.index), option.candidate, slots, options)) continue
      const sameSlot = slotsOf(option.candidate.paymentType).some((slot) => slots.includes(slot))
      if (sameSlot && option.candidate.confidence >= candidate.confidence - options.rivalMargin) {
        rivalTransactions.set(option.index, option.candidate)
      }
    }
    for (const [index, rival] of rivalTransactions) {
      rivals.push(
        `Rival: transaction ${transactions[index]!.transaction_id} fits the same payment of booking ${candidate.booking.id} almost as well (${rival.confidence})`,
      )
    }
    if (candidate.amount?.assumesUnrecordedDeposit) {
      const guess = `Booking ${candidate.booking.id} has no deposit recorded before this payment, so this balance is a guess`
      // The customer's own name and exactly the balance after the deposit (a tip or an app's fee
      // aside), paid on time or late but in order: the booking is sure; only which payment it is may be.
      const sureOfTheBooking = candidate.name.score >= 0.95 && candidate.amount.score >= 0.9 && (candidate.date.score >= 1 || candidate.date.lateInOrder === true)
      if (sureOfTheBooking) alternatives.push(`${guess}; the deposit can still be matched when it comes in`)
      else doubts.push(guess)
    }
    // A spouse pays for their own household, but a company or a relative may pay for several
    // customers: when another booking fits the amount better, this payment may be for that one.
    const knownPayer = candidate.name.knownPayer
    if (knownPayer !== undefined && candidate.amount) {
      const fitsBetter = otherBookings.find((other) => other.amount !== null && other.amount.score > candidate.amount!.score && other.date.score > 0)
      if (fitsBetter) {
        doubts.push(`Booking ${fitsBetter.booking.id} ("${fitsBetter.booking.customerName}") fits the amount better; "${knownPayer}" may be paying for someone else this time`)
      }
    }
    if (slotConflicts.has(entry.index)) doubts.push(`Booking ${candidate.booking.id} already has this payment from an earlier transaction`)
    if (daysBetween(today, entry.transaction.date) > 1) doubts.push('Dated in the future')

    // With no name to go by, a payment that fits several bookings alike has no best guess to offer.
    const lookAlikes = otherBookings.filter((other) => other.confidence >= candidate.confidence - options.rivalMargin)
    if (candidate.name.score < 0.8 && lookAlikes.length >= 2) {
      const alike = Math.max(lookAlikes.length + 1, entry.alike)
      return unmatched(
        entry.transaction,
        fitForStorage([
          ...entry.notes,
          `Fits ${alike} bookings about equally (${[candidate, ...lookAlikes]
            .slice(0, maximumRivalsListed)
            .map((option) => `${option.booking.id} "${option.booking.customerName}"`)
            .join(', ')}${alike > maximumRivalsListed ? ', …' : ''}) and the payer's name does not tell them apart: pick one with Re-match`,
        ]),
      )
    }
    // A stranger's or a relative's odd sum (a part payment at best) names no booking in particular.
    if (candidate.name.score < 0.8 && candidate.amount !== null && candidate.amount.score <= 0.5) {
      return unmatched(
        entry.transaction,
        fitForStorage([
          ...entry.notes,
          `Closest: booking ${candidate.booking.id} ("${candidate.booking.customerName}") as ${candidate.paymentType} (${candidate.confidence}), but neither the payer's name nor the amount points at it: pick one with Re-match if it is a booking's`,
        ]),
      )
    }
    const blockers = [...summarised(rivals, maximumRivalsListed), ...doubts]
    const sure = candidate.confidence >= options.autoAcceptConfidence && blockers.length === 0
    const verdict = sure
      ? `Auto-accepted: confidence ${candidate.confidence} and no rival within ${options.rivalMargin}`
      : `Needs review: confidence ${candidate.confidence}${blockers.length > 0 ? ' with doubts above' : ` is below ${options.autoAcceptConfidence}`}`
    return {
      transactionId: entry.transaction.transaction_id,
      bookingId: candidate.booking.id,
      paymentType: candidate.paymentType,
      confidence: candidate.confidence,
      status: sure ? 'auto_accepted' : 'needs_review',
      reasons: fitForStorage([...entry.notes, `Booking ${candidate.booking.id}:`, ...candidate.reasons, ...blockers, ...alternatives, verdict]),
    }
  })
}

/** What a booking has received, as the batch's payments are applied one after another. */
interface Ledger {
  paidCents: number
  slots: Set<SlotKind>
}

function paidOnFirst(entry: Prepared): string {
  return [...entry.paidOnDates].sort()[0] ?? entry.transaction.date
}

/**
 * Applies the assigned payments in the order they were paid, so a deposit matched earlier in
 * the batch counts for the balance after it: each payment is read again against its booking as
 * it stands after the earlier ones ("the balance" rather than "the balance if a deposit was
 * paid"). A reading that no longer fits keeps the one the assignment chose.
 */
function inDateOrder(
  live: readonly Prepared[],
  surest: ReadonlyMap<number, Candidate>,
  options: MatchingOptions,
  nameCache: NameCache,
): { assigned: Map<number, Candidate>; slotConflicts: Set<number> } {
  const assigned = new Map<number, Candidate>()
  const slotConflicts = new Set<number>()
  const ledgers = new Map<string, Ledger>()
  const ordered = [...live].sort((a, b) => paidOnFirst(a).localeCompare(paidOnFirst(b)) || a.index - b.index)
  for (const entry of ordered) {
    const chosen = surest.get(entry.index) ?? settledByEarlierPayments(entry, ledgers, options, nameCache)
    if (!chosen) continue
    const booking = chosen.booking
    const ledger = ledgers.get(booking.id) ?? { paidCents: booking.paidCents, slots: new Set<SlotKind>() }
    ledgers.set(booking.id, ledger)
    const asItStands: MatchBooking = { ...booking, paidCents: ledger.paidCents }
    const owed = booking.totalCents - ledger.paidCents
    const fits = (candidate: Candidate) =>
      slotsOf(candidate.paymentType).every((slot) => !ledger.slots.has(slot)) && (candidate.amount?.appliedCents ?? 0) <= owed
    const reread =
      ledger.paidCents === booking.paidCents && ledger.slots.size === 0
        ? null
        : candidatesFor(asItStands, entry.receivedCents, entry.payerNames, entry.paidOnDates, options, nameCache).find(fits)
    // A household payment stays one while the amount read again still singles the booking out.
    const name = reread && chosen.name.household && reread.amount && isExactReading(reread.amount, reread.date.score) ? chosen.name : reread?.name
    const final = reread ? scoreCandidate(booking, reread.amount, name!, reread.date) : chosen
    if (!fits(final)) slotConflicts.add(entry.index)
    for (const slot of slotsOf(final.paymentType)) ledger.slots.add(slot)
    ledger.paidCents += final.amount?.appliedCents ?? 0
    assigned.set(entry.index, final)
  }
  return { assigned, slotConflicts }
}

/**
 * A payment the first reading placed nowhere, read again against the bookings that earlier
 * payments of the batch changed: after a $200 deposit, $1,230 is exactly the balance of a $1,430
 * party, though it was no payment the booking expected before.
 */
function settledByEarlierPayments(entry: Prepared, ledgers: ReadonlyMap<string, Ledger>, options: MatchingOptions, nameCache: NameCache): Candidate | undefined {
  const readings: Candidate[] = []
  const seen = new Set<string>()
  for (const { booking } of entry.candidates) {
    const ledger = ledgers.get(booking.id)
    if (!ledger || seen.has(booking.id)) continue
    seen.add(booking.id)
    const owed = booking.totalCents - ledger.paidCents
    const reread = candidatesFor({ ...booking, paidCents: ledger.paidCents }, entry.receivedCents, entry.payerNames, entry.paidOnDates, options, nameCache).find(
      (candidate) =>
        candidate.amount !== null &&
        isExactReading(candidate.amount, candidate.date.score) &&
        candidate.amount.appliedCents <= owed &&
        slotsOf(candidate.paymentType).every((slot) => !ledger.slots.has(slot)),
    )
    if (reread && reread.confidence >= options.reviewConfidence) readings.push(reread)
  }
  readings.sort((a, b) => b.confidence - a.confidence)
  // Two bookings it now fits about equally (one customer's two parties): the list's order would choose.
  if (readings.length > 1 && readings[1]!.confidence >= readings[0]!.confidence - options.rivalMargin) return undefined
  return readings[0]
}

/** A deposit with no name can fit dozens of bookings; a reader needs the first few and a count. */
const maximumRivalsListed = 5

function summarised(lines: string[], maximum: number): string[] {
  if (lines.length <= maximum) return lines
  return [...lines.slice(0, maximum), `…and ${lines.length - maximum} more rivals`]
}

/** The paymentMatches collection stores at most 50 reasons of at most 500 characters. */
function fitForStorage(reasons: string[]): string[] {
  return reasons.slice(0, 50).map((reason) => (reason.length > 500 ? `${reason.slice(0, 499)}…` : reason))
}

function dedupePayers(payers: PayerName[]): PayerName[] {
  const seen = new Set<string>()
  return payers.filter((payer) => {
    const key = payer.name.toLowerCase().replace(/[^a-z]/g, '')
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** Both bookings carry the payer's own name and the amount fits both. */
function isSamePersonAgain(chosen: Candidate, other: Candidate): boolean {
  return chosen.name.score >= 0.95 && isSamePersonReading(other)
}

/**
 * A tip is a guess at the sum: the same customer's other booking owing exactly this amount is as
 * good a reading, however early it is paid (customers settle their next party on the day of this one).
 */
function isExactBeforeATip(chosen: Candidate, other: Candidate): boolean {
  return (
    chosen.paymentType === 'balance_with_tip' &&
    chosen.name.score >= 0.95 &&
    other.name.score >= 0.95 &&
    other.amount !== null &&
    other.amount.paymentType !== 'balance_with_tip' &&
    other.amount.score >= 0.9 &&
    other.amount.partPayment !== true
  )
}

/** The other booking carries the payer's own name, the chosen one only something like it. */
function namesThePayerBetter(chosen: Candidate, other: Candidate): boolean {
  return chosen.name.score < 0.95 && isSamePersonReading(other)
}

/** A reading of a booking in the payer's own name whose amount fits and whose date is not far off. */
function isSamePersonReading(candidate: Candidate): boolean {
  return candidate.name.score >= 0.95 && candidate.amount !== null && candidate.date.score > 0
}

/** The best candidate of each other booking, surest first (ties by booking id, for stable output). */
function bestPerOtherBooking(candidates: readonly Candidate[], chosen: Candidate): Candidate[] {
  const best = new Map<string, Candidate>()
  for (const candidate of candidates) {
    if (candidate.booking.id === chosen.booking.id) continue
    const current = best.get(candidate.booking.id)
    if (!current || candidate.confidence > current.confidence) best.set(candidate.booking.id, candidate)
  }
  return [...best.values()].sort((a, b) => b.confidence - a.confidence || compareBookingIds(a, b))
}

function compareBookingIds(a: Candidate, b: Candidate): number {
  return a.booking.id < b.booking.id ? -1 : a.booking.id > b.booking.id ? 1 : 0
}

function whyUnmatched(
  entry: Prepared,
  blocked: ReturnType<typeof assignTransactions>['blocked'],
  transactions: readonly PlaidTransactionInput[],
  options: MatchingOptions,
): string[] {
  const hold = blocked.get(entry.index)
  if (hold) {
    const holder = hold.heldBy === null ? null : transactions[hold.heldBy]
    const what = `booking ${hold.candidate.booking.id} ("${hold.candidate.booking.customerName}") as ${hold.candidate.paymentType ?? 'a payment'} (${hold.candidate.confidence})`
    return [
      holder
        ? `Closest: ${what}, but that payment is already matched to transaction ${holder.transaction_id}${hold.candidate.confidence >= 0.8 ? ' — a duplicate payment?' : ''}`
        : `Closest: ${what}, but it would take the booking past what it owes`,
    ]
  }
  const closest = [...entry.candidates].sort((a, b) => b.confidence - a.confidence || compareBookingIds(a, b))[0]
  if (!closest) return ['No booking fits its amount, payer or date']
  return [
    `Closest: booking ${closest.booking.id} ("${closest.booking.customerName}") at ${closest.confidence}, below the review level ${options.reviewConfidence}`,
  ]
}
