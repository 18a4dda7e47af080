/**
 * A made-up catering business's bookings and bank feed, with the truth about every bank line,
 * for the matcher's labelled set (`npm run eval:match`) and its scale benchmark.
 *
 * The feed is written the way real people pay: mostly the customer, sometimes a spouse, a parent,
 * a company or a friend; nicknames, initials, surname-first lines, names a bank cut short; app
 * fees, tips, round-ups, a deposit of the wrong size; checks that name nobody; pending lines that
 * post under a new id; and the rest of a business account — supplies, payouts, own transfers,
 * refunds and strangers. Descriptions come from the descriptor corpus, the customer's name put in
 * place of the one written there, so a split of the corpus is a split of the feed.
 *
 * Deterministic: the same seed gives the same business.
 */
import type { MatchBooking, PlaidTransactionInput } from '../../../src/domain/matching'
import type { PaymentType } from '../../../src/domain/schemas'
import { descriptorCorpus, type DescriptorCase } from './descriptor-corpus'

export interface TransactionLabel {
  transactionId: string
  /** The booking the money is for, or null. */
  bookingId: string | null
  paymentType: PaymentType | null
  kind: 'customer_payment' | 'money_out' | 'not_a_payment' | 'stranger'
  /** The line names whoever paid (a person reading it could tell). */
  payerNamed: boolean
  /** Who paid, relative to the customer. */
  payer: 'customer' | 'nickname' | 'couple' | 'spouse' | 'parent' | 'company' | 'friend' | 'nobody' | 'other'
  /** A pending line later replaced by its posted version (counts once, as the posted one). */
  replacedBy: string | null
}

export interface SyntheticBusiness {
  bookings: MatchBooking[]
  transactions: PlaidTransactionInput[]
  labels: TransactionLabel[]
  /** For the relay: the names the owner has already accepted per booking's customer. */
  now: string
}

export interface BusinessOptions {
  seed: number
  bookings: number
  /** The first booking day; bookings arrive at `bookingsPerDay`. */
  startDate?: string
  bookingsPerDay?: number
  /** Which part of the descriptor corpus writes the feed. */
  split?: 'dev' | 'held_out' | 'all'
  /** Noise lines (money out, payouts, strangers) per booking. */
  noisePerBooking?: number
  /**
   * Each booking's household is drawn once: the same spouse, parent, company or friend pays
   * again (often both the deposit and the balance), a spouse or parent may carry another surname,
   * couples pay from a joint account ("ROBERT & JANE SMITH"), and some banks cut a long name. Family pays more often here:
   * the set that measures what learning "also pays as" from the owner is worth.
   */
  households?: boolean
}

/** mulberry32: small, fast, good enough to draw test data from a seed. */
function random(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (probability: number) => next() < probability,
  }
}
type Random = ReturnType<typeof random>

const givenNames: readonly [string, string[]][] = [
  ['Robert', ['Bob', 'Rob', 'Bobby']], ['Elizabeth', ['Liz', 'Beth', 'Betsy']], ['William', ['Bill', 'Will']], ['Katherine', ['Kate', 'Katie']],
  ['Michael', ['Mike']], ['Jennifer', ['Jen', 'Jenny']], ['Christopher', ['Chris']], ['Margaret', ['Maggie', 'Peggy']], ['Daniel', ['Dan', 'Danny']],
  ['Patricia', ['Pat', 'Trish']], ['Anthony', ['Tony']], ['Rebecca', ['Becky']], ['Joseph', ['Joe']], ['Samantha', ['Sam']], ['Thomas', ['Tom']],
  ['Victoria', ['Vicky', 'Tori']], ['Richard', ['Rick', 'Rich']], ['Alexandra', ['Alex', 'Lexi']], ['Nicholas', ['Nick']], ['Deborah', ['Debbie', 'Deb']],
  ['Maria', []], ['Priya', []], ['Wei', []], ['Minh', []], ['Aisha', []], ['Carlos', []], ['Yuki', []], ['Olga', []], ['Kwame', []], ['Fatima', []],
  ['Hiroshi', []], ['Sofia', []], ['Diego', []], ['Anh', []], ['Jamal', []], ['Ngozi', []], ['Raj', []], ['Mei', []], ['Ivan', []], ['Leila', []],
  ['Grace', []], ['Ethan', []], ['Olivia', []], ['Noah', []], ['Emma', []], ['Liam', []], ['Ava', []], ['Lucas', []], ['Mia', []], ['Jasmine', []],
]
const spouseNames = ['Jane', 'John', 'Linda', 'Mark', 'Susan', 'David', 'Karen', 'Paul', 'Lisa', 'Steven', 'Hana', 'Arjun', 'Lan', 'Jorge', 'Ines']
const surnames = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez',
  'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark',
  'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green',
  'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts', 'Patel', 'Chen', 'Wang', 'Kim', 'Tran', 'Le',
  'Pham', 'Huang', 'Singh', 'Okafor', 'Adeyemi', 'Kowalski', 'Novak', 'Schmidt', 'Müller', "O'Brien", 'McDonald', 'Fitzgerald',
  'Williamson', 'Christopherson', 'Vanderbilt', 'Garcia-Lopez', 'de la Cruz', 'Nakamura', 'Tanaka', 'Yamamoto', 'Ivanova', 'Haddad',
]
const companies = ['Bayside Dental Group', 'Harbor View HOA', 'Acme Events LLC', 'Greenfield PTA', 'Summit Realty Inc', 'Oak Grove Church', 'Pinecrest Tech']
const suppliers = ['RESTAURANT DEPOT', 'COSTCO WHSE #0423', 'BAY PROPANE', 'SYSCO', 'SHELL OIL 57442', 'HOME DEPOT #6612', 'UHAUL']

const allShapes = descriptorCorpus
type Rail = DescriptorCase['rail']

/** Shapes that can carry a name for this rail family, and those that name nobody. */
function shapesFor(split: BusinessOptions['split']) {
  const inSplit = allShapes.filter((shape) => split === 'all' || shape.split === split)
  // Plaid-field shapes carry the name outside the description; they are rendered as such below.
  const named = inSplit.filter((shape) => shape.payer !== null && shape.description.includes(shape.payer))
  const structured = inSplit.filter((shape) => shape.payer !== null && !shape.description.includes(shape.payer))
  // Checks and branch deposits name nobody; own-account transfers and payouts are not customers.
  const nobody = inSplit.filter((shape) => shape.payer === null && (shape.rail === 'check' || /^DEPOSIT ID/i.test(shape.description)))
  return { named, structured, nobody }
}

function asWritten(shape: DescriptorCase, first: string, last: string): string {
  const payer = shape.payer!
  // A company (no first name) is written as it is.
  const full = first === '' ? last : payer.includes(',') ? `${last}, ${first}` : `${first} ${last}`
  return payer === payer.toUpperCase() ? full.toUpperCase() : full
}

let transactionCounter = 0

function plaidLine(
  id: string,
  cents: number,
  date: string,
  fields: Partial<PlaidTransactionInput>,
): PlaidTransactionInput {
  return {
    transaction_id: id,
    account_id: 'acc_business_checking',
    amount: -cents / 100,
    iso_currency_code: 'USD',
    unofficial_currency_code: null,
    date,
    authorized_date: date,
    name: null,
    merchant_name: null,
    original_description: null,
    payment_channel: 'other',
    pending: false,
    pending_transaction_id: null,
    counterparties: [],
    personal_finance_category: { primary: 'TRANSFER_IN', detailed: 'TRANSFER_IN_ACCOUNT_TRANSFER' },
    payment_meta: { payer: null, payee: null, by_order_of: null, payment_processor: null, reason: null },
    transaction_type: 'special',
    ...fields,
  }
}

/** A bank line paying `cents`, written in one of the split's shapes by `payer` (first, last) or by nobody. */
function paymentLine(rng: Random, shapes: ReturnType<typeof shapesFor>, id: string, cents: number, date: string, payer: [string, string] | null) {
  if (!payer || shapes.named.length === 0) {
    const shape = rng.pick(shapes.nobody.length > 0 ? shapes.nobody : allShapes.filter((entry) => entry.payer === null && entry.rail === 'check'))
    return plaidLine(id, cents, date, { original_description: shape.description, name: shape.description, ...(shape.checkNumber ? { check_number: String(rng.int(1000, 9999)) } : {}) })
  }
  const [first, last] = payer
  if (shapes.structured.length > 0 && rng.chance(0.08)) {
    const shape = rng.pick(shapes.structured)
    const name = [first, last].filter(Boolean).join(' ')
    return plaidLine(id, cents, date, {
      original_description: shape.description,
      name: shape.name ?? shape.description,
      merchant_name: shape.merchantName ? name : null,
      counterparties: (shape.counterparties ?? []).map((party) => (party.name === shape.payer ? { ...party, name } : party)),
      payment_meta: {
        payer: shape.paymentMeta?.payer ? name.toUpperCase() : null,
        payee: null,
        by_order_of: shape.paymentMeta?.by_order_of ? name.toUpperCase() : null,
        payment_processor: null,
        reason: null,
      },
    })
  }
  const shape = rng.pick(shapes.named)
  const description = shape.description.replace(shape.payer!, asWritten(shape, first, last))
  const processor = ({ zelle: 'Zelle', venmo: 'Venmo', cash_app: 'Cash App', paypal: 'PayPal' } as Partial<Record<Rail, string>>)[shape.rail] ?? null
  return plaidLine(id, cents, date, {
    original_description: description,
    // Plaid's cleaned name is often the same line, sometimes only the app.
    name: rng.chance(0.3) && processor ? processor : description,
    counterparties: processor ? [{ name: processor, type: 'payment_app' }] : [],
    payment_meta: { payer: null, payee: null, by_order_of: null, payment_processor: processor, reason: null },
  })
}

/** One payment in twelve arrives less a payment app's 2.75 % business fee. */
function withAppFee(rng: Random, sentCents: number): number {
  return rng.chance(1 / 12) ? Math.round(sentCents * 0.9725) : sentCents
}

/** A name cut as a fixed-width bank field cuts it, keeping at least four letters of the surname. */
function cutToWidth([first, last]: [string, string], width: number): [string, string] {
  const room = Math.max(width - (first === '' ? 0 : first.length + 1), 4)
  return [first, last.slice(0, room)]
}

/** A booking's household: who besides the customer pays, drawn once per booking. */
function householdOf(rng: Random, given: string, surname: string) {
  const spouseFirst = rng.pick(spouseNames)
  // A spouse or a parent does not always carry the customer's surname.
  const spouse: [string, string] = [spouseFirst, rng.chance(0.7) ? surname : rng.pick(surnames)]
  const parent: [string, string] = [rng.pick(spouseNames), rng.chance(0.6) ? surname : rng.pick(surnames)]
  const company: [string, string] = ['', rng.pick(companies)]
  const friend: [string, string] = [rng.pick(spouseNames), rng.pick(surnames)]
  return {
    who(roll: number, nicknames: readonly string[]): { payer: TransactionLabel['payer']; name: [string, string] | null } {
      if (roll < 0.45) return { payer: 'customer', name: [given, surname] }
      if (roll < 0.55 && nicknames.length > 0) return { payer: 'nickname', name: [nicknames[Math.floor(roll * 1000) % nicknames.length]!, surname] }
      if (roll < 0.62) return { payer: 'couple', name: [`${given} & ${spouseFirst}`, surname] }
      if (roll < 0.76) return { payer: 'spouse', name: spouse }
      if (roll < 0.82) return { payer: 'parent', name: parent }
      if (roll < 0.88) return { payer: 'company', name: company }
      if (roll < 0.92) return { payer: 'friend', name: friend }
      if (roll < 0.96) return { payer: 'nobody', name: null }
      return { payer: 'customer', name: [given[0]!, surname] }
    },
  }
}

const day = 86_400_000
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * day).toISOString().slice(0, 10)

export function syntheticBusiness(options: BusinessOptions): SyntheticBusiness {
  const rng = random(options.seed)
  const shapes = shapesFor(options.split ?? 'all')
  const start = options.startDate ?? '2026-01-05'
  const perDay = options.bookingsPerDay ?? 14
  const bookings: MatchBooking[] = []
  const transactions: PlaidTransactionInput[] = []
  const labels: TransactionLabel[] = []
  const prefix = `s${options.seed}_`
  transactionCounter = 0
  const nextId = () => `${prefix}tx_${(transactionCounter++).toString(36)}`

  const add = (transaction: PlaidTransactionInput, label: Omit<TransactionLabel, 'transactionId' | 'replacedBy'>) => {
    // One payment in twenty shows up pending first, then posts under a new id.
    if (label.kind === 'customer_payment' && rng.chance(0.05)) {
      const pendingId = nextId()
      transactions.push({ ...transaction, transaction_id: pendingId, pending: true, date: addDays(transaction.date, -1) })
      labels.push({ ...label, transactionId: pendingId, replacedBy: transaction.transaction_id })
      transaction = { ...transaction, pending_transaction_id: pendingId }
    }
    transactions.push(transaction)
    labels.push({ ...label, transactionId: transaction.transaction_id, replacedBy: null })
  }

  for (let index = 0; index < options.bookings; index++) {
    const [given, nicknames] = rng.pick(givenNames)
    const surname = rng.pick(surnames)
    const middle = rng.chance(0.1) ? ` ${rng.pick(['A', 'J', 'Marie', 'Lee'])}` : ''
    const bookedOn = addDays(start, Math.floor(index / perDay))
    const createdAt = `${bookedOn}T${String(rng.int(15, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00.000Z`
    const eventDate = addDays(bookedOn, rng.int(5, 75))
    const adults = rng.int(10, 60)
    const kids = rng.chance(0.4) ? rng.int(1, 12) : 0
    const totalCents = Math.max(55000, adults * 5500 + kids * 3000) + (rng.chance(0.3) ? rng.int(1, 35) * 200 : 0)
    const depositCents = rng.chance(0.1) ? 20000 : 10000
    const paidByCard = rng.chance(0.15)
    const booking: MatchBooking = {
      id: `${prefix}bk_${index.toString(36)}`,
      customerName: `${given}${middle} ${surname}`,
      customerPhone: null,
      customerEmail: null,
      createdAt,
      eventDate,
      totalCents,
      depositCents,
      paidCents: paidByCard ? depositCents : 0,
      status: paidByCard ? 'deposit_paid' : 'confirmed',
    }
    bookings.push(booking)

    // Who pays: mostly the customer (often under a nickname), sometimes family, a company or a friend.
    const household = options.households ? householdOf(rng, given, surname) : null
    let lastPayer: ReturnType<typeof who> | null = null
    const who = (): { payer: TransactionLabel['payer']; name: [string, string] | null } => {
      if (household) {
        // Whoever paid the deposit often pays the balance too.
        if (lastPayer && rng.chance(0.6)) return lastPayer
        lastPayer = household.who(rng.next(), nicknames)
        // Some banks print the sender in a fixed width and cut the rest: "CHRISTOPHER WILLIAMSO".
        if (lastPayer.name && rng.chance(0.12)) lastPayer = { ...lastPayer, name: cutToWidth(lastPayer.name, 16) }
        return lastPayer
      }
      const roll = rng.next()
      if (roll < 0.58) return { payer: 'customer', name: [given, surname] }
      if (roll < 0.7 && nicknames.length > 0) return { payer: 'nickname', name: [rng.pick(nicknames), surname] }
      if (roll < 0.78) return { payer: 'spouse', name: [rng.pick(spouseNames), surname] }
      if (roll < 0.81) return { payer: 'parent', name: [rng.pick(spouseNames), surname] }
      if (roll < 0.84) return { payer: 'company', name: ['', rng.pick(companies)] }
      if (roll < 0.87) return { payer: 'friend', name: [rng.pick(spouseNames), rng.pick(surnames)] }
      if (roll < 0.93) return { payer: 'nobody', name: null }
      return { payer: 'customer', name: [given[0]!, surname] }
    }
    const label = (payer: TransactionLabel['payer'], paymentType: PaymentType, name: [string, string] | null) => ({
      bookingId: booking.id,
      paymentType,
      kind: 'customer_payment' as const,
      payerNamed: name !== null,
      payer,
    })
    const cancelled = rng.chance(0.04)
    if (cancelled) continue
    const payFull = !paidByCard && rng.chance(0.06)
    if (payFull) {
      const { payer, name } = who()
      const on = addDays(bookedOn, rng.int(0, 5))
      add(paymentLine(rng, shapes, nextId(), totalCents, on, name), label(payer, 'full', name))
      continue
    }
    let paid = booking.paidCents
    if (!paidByCard && rng.chance(0.93)) {
      const { payer, name } = who()
      // Some pay twice the deposit; a payment app's business account keeps a fee of what was sent.
      const depositSent = rng.chance(0.04) ? depositCents * 2 : depositCents
      const on = addDays(bookedOn, rng.chance(0.9) ? rng.int(0, 6) : rng.int(8, 16))
      add(paymentLine(rng, shapes, nextId(), withAppFee(rng, depositSent), on, name), label(payer, 'deposit', name))
      paid += depositSent
    }
    if (Date.parse(eventDate) > Date.parse(addDays(start, Math.ceil(options.bookings / perDay) + 30))) continue
    if (rng.chance(0.9)) {
      const { payer, name } = who()
      const balance = totalCents - paid
      const tipped = rng.chance(0.3)
      const tip = tipped ? Math.round((balance * rng.pick([10, 15, 18, 20, 25])) / 100) : 0
      const on = addDays(eventDate, rng.chance(0.9) ? rng.int(-1, 3) : rng.int(5, 12))
      add(paymentLine(rng, shapes, nextId(), withAppFee(rng, balance + tip), on, name), label(payer, tipped ? 'balance_with_tip' : 'balance', name))
    }
  }

  // The rest of a business account: supplies, payouts, own transfers, refunds, strangers.
  const days = Math.ceil(options.bookings / perDay) + 75
  const noise = Math.round(options.bookings * (options.noisePerBooking ?? 0.5))
  for (let index = 0; index < noise; index++) {
    const on = addDays(start, rng.int(0, days))
    const roll = rng.next()
    const id = nextId()
    if (roll < 0.45) {
      const supplier = rng.pick(suppliers)
      transactions.push({ ...plaidLine(id, -rng.int(2000, 90000), on, { name: supplier, original_description: `${supplier} ${on.slice(5).replace('-', '/')} PURCHASE` }), personal_finance_category: { primary: 'GENERAL_MERCHANDISE', detailed: 'GENERAL_MERCHANDISE_SUPERSTORES' } })
      labels.push({ transactionId: id, bookingId: null, paymentType: null, kind: 'money_out', payerNamed: false, payer: 'other', replacedBy: null })
    } else if (roll < 0.65) {
      const line = rng.pick(['STRIPE TRANSFER ST-K2J4H1 HIBACHI AT HOME', 'VENMO CASHOUT PPD ID: 5264681992', 'CASH APP*CASH OUT', 'PAYPAL TRANSFER PPD ID: PAYPALSD11', 'Online Transfer from SAV ...4821', 'INTEREST PAYMENT', 'SQUARE INC DES:SQ261120 ID:T3B4 INDN:HIBACHI KING CO ID:9424300002 CCD'])
      transactions.push(plaidLine(id, rng.int(1000, 300000), on, { name: line, original_description: line }))
      labels.push({ transactionId: id, bookingId: null, paymentType: null, kind: 'not_a_payment', payerNamed: false, payer: 'other', replacedBy: null })
    } else {
      // Someone who is not a customer: a friend paying back, a refund from a shop, a rebate.
      const name: [string, string] = [rng.pick(spouseNames), rng.pick(surnames)]
      transactions.push(paymentLine(rng, shapes, id, rng.int(1500, 40000), on, name))
      labels.push({ transactionId: id, bookingId: null, paymentType: null, kind: 'stranger', payerNamed: true, payer: 'other', replacedBy: null })
    }
  }
  const lastDay = addDays(start, days + 5)
  return { bookings, transactions, labels, now: `${lastDay}T12:00:00.000Z` }
}
