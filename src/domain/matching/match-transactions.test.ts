import { describe, expect, it } from 'vitest'
import type { MatchBooking, PlaidTransactionInput } from './input'
import { matchTransactions, type MatchOutcome } from './match-transactions'
import { matchingOptionsFromSettings } from './options'
import { aBooking, aZellePayment, demoMatchingOptions } from './testing/test-support'

const now = '2026-12-10T18:00:00.000Z'
const match = (bookings: MatchBooking[], transactions: PlaidTransactionInput[]) =>
  matchTransactions(bookings, transactions, { now, options: demoMatchingOptions })
const only = (bookings: MatchBooking[], transaction: PlaidTransactionInput): MatchOutcome => match(bookings, [transaction])[0]!

// Robert Smith booked on Nov 2 (Los Angeles) for Nov 28: $1,650 total, $100 deposit.
const robert = aBooking()
const deposited = aBooking({ paidCents: 10000, status: 'deposit_paid' })

describe('matchTransactions: realistic cases', () => {
  it('auto-accepts a $100 deposit two days after booking from a nickname payer', () => {
    const outcome = only([robert], aZellePayment('BOB SMITH', 100, '2026-11-04'))
    expect(outcome).toMatchObject({ bookingId: 'bk_smith', paymentType: 'deposit', status: 'auto_accepted' })
    expect(outcome.confidence).toBeGreaterThanOrEqual(0.9)
    expect(outcome.reasons.join('\n')).toMatch(/nickname/)
    expect(outcome.reasons.some((reason) => reason.startsWith('Name '))).toBe(true)
    expect(outcome.reasons.some((reason) => reason.startsWith('Amount '))).toBe(true)
    expect(outcome.reasons.some((reason) => reason.startsWith('Date '))).toBe(true)
  })

  it("suggests a relative's payment only when its amount and date both fit, as for a stranger", () => {
    // Jane Smith paying a $100 deposit three days after Robert booked, while Ann Smith's $100
    // deposit is due that week too: a family member of two bookings, for review.
    const ann = aBooking({ id: 'bk_smith_ann', customerName: 'Ann Smith', createdAt: '2026-11-03T18:00:00.000Z', customerPhone: null })
    const onTime = only([robert, ann], aZellePayment('JANE SMITH', 100, '2026-11-05'))
    expect(onTime).toMatchObject({ status: 'needs_review' })
    expect(onTime.reasons.join('\n')).not.toMatch(/household payment/)
    // The same $100 a month after the party fits no window: it is nobody's deposit.
    const monthsLater = only([robert], aZellePayment('JANE SMITH', 100, '2027-01-06'))
    expect(monthsLater).toMatchObject({ bookingId: null, status: 'unmatched' })
    // Robert himself that late is still worth a look.
    const himself = only([robert], aZellePayment('ROBERT SMITH', 100, '2027-01-06'))
    expect(himself.bookingId).toBe('bk_smith')
  })

  it('auto-accepts a known payer, but leaves for review a payment another booking fits better', () => {
    // Robert's balance ($1,550) has been paid before by his office manager's company.
    const robertsCompany = aBooking({ paidCents: 10000, status: 'deposit_paid', alsoPaysAs: ['SUMMIT REALTY INC'] })
    const ownBalance = only([robertsCompany], aZellePayment('SUMMIT REALTY INC', 1550, '2026-11-28'))
    expect(ownBalance).toMatchObject({ bookingId: 'bk_smith', paymentType: 'balance', status: 'auto_accepted' })
    // $1,860 reads as Robert's balance plus a 20 % tip, or exactly what Maria Chen owes on her party that day.
    const maria = aBooking({ id: 'bk_chen', customerName: 'Maria Chen', totalCents: 196000, paidCents: 10000, status: 'deposit_paid', customerPhone: null })
    const outcome = only([robertsCompany, maria], aZellePayment('SUMMIT REALTY INC', 1860, '2026-11-28'))
    expect(outcome).toMatchObject({ bookingId: 'bk_smith', status: 'needs_review' })
    expect(outcome.reasons.join('\n')).toMatch(/bk_chen.*fits the amount better; "SUMMIT REALTY INC" may be paying for someone else/)
  })

  it("auto-accepts the customer's own exact deposit paid late but before the party", () => {
    const late = only([robert], aZellePayment('ROBERT SMITH', 100, '2026-11-20'))
    expect(late).toMatchObject({ bookingId: 'bk_smith', paymentType: 'deposit', status: 'auto_accepted' })
    expect(late.reasons.join('\n')).toMatch(/paid late but in order/)
    // A relative paying that late is left for a person.
    expect(only([robert], aZellePayment('JANE SMITH', 100, '2026-11-20')).status).not.toBe('auto_accepted')
  })

  it('matches surname-first order, an initial and a typo', () => {
    for (const payer of ['SMITH ROBERT', 'R SMITH', 'Robret Smith']) {
      const outcome = only([robert], aZellePayment(payer, 100, '2026-11-04'))
      expect(outcome, payer).toMatchObject({ bookingId: 'bk_smith', paymentType: 'deposit', status: 'auto_accepted' })
    }
  })

  it('auto-accepts the balance two days after the event with a 20 % tip', () => {
    const outcome = only([deposited], aZellePayment('ROBERT SMITH', 1860, '2026-11-30'))
    expect(outcome).toMatchObject({ bookingId: 'bk_smith', paymentType: 'balance_with_tip', status: 'auto_accepted' })
    expect(outcome.reasons.join('\n')).toMatch(/20\.0 % tip/)
  })

  it('counts a larger deposit earlier in the batch for the balance after it', () => {
    // Robert put down $200, not $100: what he then owes is $1,450, which no reading of the booking alone expects.
    const outcomes = match([robert], [aZellePayment('ROBERT SMITH', 200, '2026-11-03'), aZellePayment('ROBERT SMITH', 1450, '2026-11-28')])
    expect(outcomes.map((outcome) => [outcome.bookingId, outcome.paymentType, outcome.status])).toEqual([
      ['bk_smith', 'deposit', 'auto_accepted'],
      ['bk_smith', 'balance', 'auto_accepted'],
    ])
    expect(outcomes[1]!.reasons.join('\n')).toMatch(/exactly the balance \(\$1,450\.00\)/)
  })

  it('places no such balance when it now fits two of the customer\'s bookings alike, whatever their order', () => {
    // Maria Garcia put $200 down on each of her two $1,650 parties; $1,450 is now what either owes.
    const partyA = aBooking({ id: 'bk_garcia_a', customerName: 'Maria Garcia', createdAt: '2026-11-03T18:00:00.000Z', eventDate: '2026-11-27' })
    const partyB = aBooking({ id: 'bk_garcia_b', customerName: 'Maria Garcia', createdAt: '2026-11-12T18:00:00.000Z', eventDate: '2026-11-29' })
    const payments = [aZellePayment('MARIA GARCIA', 200, '2026-11-04'), aZellePayment('MARIA GARCIA', 200, '2026-11-13'), aZellePayment('MARIA GARCIA', 1450, '2026-11-29')]
    for (const bookings of [[partyA, partyB], [partyB, partyA]]) {
      expect(match(bookings, payments)[2]!.status).not.toBe('auto_accepted')
    }
  })

  it('matches a deposit and a balance from one batch to the same booking', () => {
    const outcomes = match([robert], [aZellePayment('BOB SMITH', 100, '2026-11-04'), aZellePayment('BOB SMITH', 1550, '2026-11-28')])
    expect(outcomes.map((outcome) => [outcome.paymentType, outcome.status])).toEqual([
      ['deposit', 'auto_accepted'],
      ['balance', 'auto_accepted'],
    ])
  })

  it('auto-accepts a relative when the exact amount, on time, fits their family booking and no other', () => {
    const maria = aBooking({ id: 'bk_chen', customerName: 'Maria Chen', totalCents: 120000, paidCents: 10000, status: 'deposit_paid', customerPhone: null })
    // $1,550 is what Robert owes on the day of his party; Maria owes $1,100 that day.
    const balance = only([deposited, maria], aZellePayment('JANE SMITH', 1550, '2026-11-29'))
    expect(balance).toMatchObject({ bookingId: 'bk_smith', paymentType: 'balance', status: 'auto_accepted' })
    expect(balance.confidence).toBeGreaterThanOrEqual(0.9)
    expect(balance.reasons.join('\n')).toMatch(/family member.*household payment/)
    // When Maria owes $1,550 too, the amount alone fits two parties, but only one of them is a Smith's.
    const mariaAlike = { ...maria, totalCents: 165000 }
    const surnameTells = only([deposited, mariaAlike], aZellePayment('JANE SMITH', 1550, '2026-11-29'))
    expect(surnameTells).toMatchObject({ bookingId: 'bk_smith', status: 'auto_accepted' })
    expect(surnameTells.reasons.join('\n')).toMatch(/household payment/)
    // The same goes for a uniform $100 deposit due on several bookings that week.
    const maria100 = aBooking({ id: 'bk_chen', customerName: 'Maria Chen', createdAt: '2026-11-03T18:00:00.000Z', customerPhone: null })
    expect(only([robert, maria100], aZellePayment('JANE SMITH', 100, '2026-11-05'))).toMatchObject({ bookingId: 'bk_smith', paymentType: 'deposit', status: 'auto_accepted' })
    // A second Smith booking the amount could also be paying (Ann's $1,300 balance plus a 19 % tip) leaves it to a person.
    const annLater = aBooking({ id: 'bk_smith_ann', customerName: 'Ann Smith', totalCents: 140000, paidCents: 10000, status: 'deposit_paid', customerPhone: null })
    expect(only([deposited, mariaAlike, annLater], aZellePayment('JANE SMITH', 1550, '2026-11-29')).status).toBe('needs_review')
    // A balance plus a tip is a range of amounts, so it singles out nothing.
    expect(only([deposited, maria], aZellePayment('JANE SMITH', 1860, '2026-11-29')).status).toBe('needs_review')
  })

  it('suggests no booking for a stranger or a relative paying an odd sum', () => {
    // $371.68 is no payment Robert's booking expects: at best a part payment, from someone who is not him.
    const outcome = only([robert], aZellePayment('LINDA SMITH', 371.68, '2026-11-05'))
    expect(outcome).toMatchObject({ bookingId: null, status: 'unmatched' })
    expect(outcome.reasons.join('\n')).toMatch(/Closest: booking bk_smith .*neither the payer's name nor the amount points at it/)
    // From Robert himself, on time, the same sum is a larger deposit.
    expect(only([robert], aZellePayment('ROBERT SMITH', 371.68, '2026-11-05'))).toMatchObject({ bookingId: 'bk_smith', paymentType: 'deposit' })
  })

  it('does not count a later payment of the same booking as a rival for its deposit', () => {
    // Victoria's $2,874 three days after her party is her balance, and could also be read as paying
    // in full (her deposit included); it is her balance, so it does not compete for her deposit.
    const victoria = aBooking({ customerName: 'Victoria Rodriguez', createdAt: '2026-01-12T18:00:00.000Z', eventDate: '2026-01-28', totalCents: 297400 })
    const outcomes = matchTransactions([victoria], [aZellePayment('V RODRIGUEZ', 100, '2026-01-15'), aZellePayment('VICTORIA RODRIGUEZ', 2874, '2026-01-31')], {
      now: '2026-03-10T18:00:00.000Z',
      options: demoMatchingOptions,
    })
    expect(outcomes.map((outcome) => [outcome.paymentType, outcome.status])).toEqual([
      ['deposit', 'auto_accepted'],
      ['balance', 'auto_accepted'],
    ])
    expect(outcomes[0]!.reasons.join('\n')).not.toMatch(/Rival: transaction/)
  })

  it('offers no best guess when a relative fits several of the family\'s bookings alike', () => {
    // Three Smiths booked that week; Jane Smith's $100 could be any of their deposits.
    const family = ['Robert Smith', 'Ann Smith', 'Carl Smith'].map((customerName, at) => aBooking({ id: `bk_smith_${at}`, customerName, customerPhone: null }))
    const outcome = only(family, aZellePayment('JANE SMITH', 100, '2026-11-04'))
    expect(outcome).toMatchObject({ bookingId: null, status: 'unmatched' })
    expect(outcome.reasons.join('\n')).toMatch(/Fits 3 bookings about equally .*bk_smith_0.*bk_smith_1.*bk_smith_2.*pick one with Re-match/)
    // With two of them, a person is still shown the likelier one.
    expect(only(family.slice(0, 2), aZellePayment('JANE SMITH', 100, '2026-11-04')).status).toBe('needs_review')
  })

  it('does not auto-accept when the spouse pays for one of two family bookings', () => {
    const janes = aBooking({ id: 'bk_jane', customerName: 'Jane Smith', eventDate: '2026-12-19', createdAt: '2026-11-10T17:00:00Z', totalCents: 110000, paidCents: 10000 })
    // Jane pays the balance of Robert's party, on the day of Robert's party.
    const outcome = match([deposited, janes], [aZellePayment('JANE SMITH', 1550, '2026-11-28')])[0]!
    expect(outcome.bookingId).toBe('bk_smith')
    expect(outcome.status).toBe('needs_review')
    expect(outcome.reasons.join('\n')).toMatch(/family member/)
  })

  it('sends a payment that fits two near-identical bookings to review', () => {
    const twin = aBooking({ id: 'bk_smith_2', customerName: 'Rob Smith' })
    const outcome = only([robert, twin], aZellePayment('ROBERT SMITH', 100, '2026-11-04'))
    expect(outcome.status).toBe('needs_review')
    expect(outcome.bookingId).not.toBeNull()
    expect(outcome.reasons.join('\n')).toMatch(/Rival: booking/)
  })

  it('sends an initial that fits two customers of one family to review', () => {
    const rachel = aBooking({ id: 'bk_rachel', customerName: 'Rachel Smith' })
    expect(only([robert, rachel], aZellePayment('R SMITH', 100, '2026-11-04')).status).toBe('needs_review')
  })

  it('flags a second identical deposit instead of giving the booking two deposits', () => {
    const outcomes = match([robert], [aZellePayment('ROBERT SMITH', 100, '2026-11-04'), aZellePayment('ROBERT SMITH', 100, '2026-11-05')])
    expect(outcomes.filter((outcome) => outcome.bookingId === 'bk_smith')).toHaveLength(1)
    expect(outcomes[0]!.status).toBe('needs_review')
    expect(outcomes[1]!.status).toBe('unmatched')
    expect(outcomes[1]!.reasons.join('\n')).toMatch(/duplicate payment/)
  })

  it('ignores a Venmo cash-out and a Stripe payout', () => {
    const venmoCashout = aZellePayment('X', 842.5, '2026-11-29', {
      transaction_id: 'tx_venmo_cashout',
      name: 'VENMO CASHOUT',
      original_description: 'VENMO CASHOUT PPD ID: 5264681992',
      counterparties: [{ name: 'Venmo', type: 'payment_app' }],
      payment_meta: null,
    })
    const stripePayout = aZellePayment('X', 1650, '2026-11-30', {
      transaction_id: 'tx_stripe_payout',
      name: 'STRIPE',
      original_description: 'STRIPE TRANSFER ST-Q7R8S9T0 HIBACHI AT HOME',
      counterparties: [{ name: 'Stripe', type: 'payment_app' }],
      personal_finance_category: { primary: 'TRANSFER_IN', detailed: 'TRANSFER_IN_ACCOUNT_TRANSFER' },
      payment_meta: null,
    })
    for (const outcome of match([robert], [venmoCashout, stripePayout])) {
      expect(outcome).toMatchObject({ status: 'ignored', bookingId: null, paymentType: null })
    }
  })

  it('ignores money going out even when it looks like a booking amount', () => {
    const refundToCustomer = aZellePayment('ROBERT SMITH', 100, '2026-11-04', { amount: 100, name: 'Zelle payment to ROBERT SMITH' })
    expect(only([robert], refundToCustomer)).toMatchObject({ status: 'ignored', bookingId: null })
  })

  it('re-links a posted transaction to the pending one it replaces and counts it once', () => {
    const pending = aZellePayment('BOB SMITH', 100, '2026-11-04', { transaction_id: 'tx_pending', pending: true })
    const posted = aZellePayment('BOB SMITH', 100, '2026-11-05', { transaction_id: 'tx_posted', pending_transaction_id: 'tx_pending' })
    const [pendingOutcome, postedOutcome] = match([robert], [pending, posted])
    expect(pendingOutcome).toMatchObject({ transactionId: 'tx_pending', status: 'ignored', bookingId: null })
    expect(pendingOutcome!.reasons.join('\n')).toMatch(/tx_posted/)
    expect(postedOutcome).toMatchObject({ transactionId: 'tx_posted', bookingId: 'bk_smith', status: 'auto_accepted' })
    expect(postedOutcome!.reasons.join('\n')).toMatch(/tx_pending/)
  })

  it('says which earlier pending transaction a posted one replaces when that one is not in the batch', () => {
    const posted = aZellePayment('BOB SMITH', 100, '2026-11-05', { transaction_id: 'tx_posted', pending_transaction_id: 'tx_seen_yesterday' })
    expect(only([robert], posted).reasons.join('\n')).toMatch(/Replaces pending transaction tx_seen_yesterday/)
  })

  it('uses the pending transaction’s payer when the posted one lost it', () => {
    const pending = aZellePayment('BOB SMITH', 100, '2026-11-04', { transaction_id: 'tx_pending', pending: true })
    const posted = aZellePayment('X', 100, '2026-11-05', {
      transaction_id: 'tx_posted',
      pending_transaction_id: 'tx_pending',
      name: 'ZELLE INCOMING',
      original_description: 'ZELLE INCOMING',
    })
    expect(match([robert], [pending, posted])[1]).toMatchObject({ bookingId: 'bk_smith', status: 'auto_accepted' })
  })

  it('does not auto-accept a deposit with no payer named, even if the amount fits', () => {
    const check = aZellePayment('X', 100, '2026-11-04', { name: 'MOBILE DEPOSIT', original_description: 'MOBILE DEPOSIT', counterparties: [] })
    const outcome = only([robert], check)
    expect(outcome.status).toBe('needs_review')
    expect(outcome.confidence).toBeLessThan(0.9)
  })

  it('leaves a stranger’s payment unmatched or for review, never auto-accepted', () => {
    const outcome = only([robert], aZellePayment('MARIA GARCIA', 100, '2026-11-04'))
    expect(['unmatched', 'needs_review']).toContain(outcome.status)
    expect(outcome.confidence).toBeLessThan(0.6)
  })

  it('reports a named customer whose amount fits nothing for review, without a payment type', () => {
    const outcome = only([deposited], aZellePayment('ROBERT SMITH', 400, '2026-11-28'))
    expect(outcome).toMatchObject({ bookingId: 'bk_smith', paymentType: null, status: 'needs_review' })
  })

  it('does not auto-accept a balance paid a week before the event', () => {
    const outcome = only([deposited], aZellePayment('ROBERT SMITH', 1550, '2026-11-20'))
    expect(outcome.bookingId).toBe('bk_smith')
    expect(outcome.status).toBe('needs_review')
  })

  it("auto-accepts a balance that assumes a deposit nobody recorded only from the customer's own name, in order", () => {
    const byInitial = only([robert], aZellePayment('R SMITH', 1550, '2026-11-28'))
    expect(byInitial).toMatchObject({ bookingId: 'bk_smith', paymentType: 'balance', status: 'needs_review' })
    expect(byInitial.reasons.join('\n')).toMatch(/no deposit recorded/)
    // Three months after the party it is no longer in order.
    expect(only([robert], aZellePayment('ROBERT SMITH', 1550, '2027-02-28')).status).not.toBe('auto_accepted')
    // The customer's own name and exactly the balance after the deposit: the booking is sure, the guess is noted,
    // on the day, a week late, or with a tip.
    for (const [dollars, date, type] of [[1550, '2026-11-28', 'balance'], [1550, '2026-12-06', 'balance'], [1860, '2026-11-29', 'balance_with_tip']] as const) {
      const sure = only([robert], aZellePayment('ROBERT SMITH', dollars, date))
      expect(sure, `${dollars} on ${date}`).toMatchObject({ bookingId: 'bk_smith', paymentType: type, status: 'auto_accepted' })
      expect(sure.reasons.join('\n')).toMatch(/no deposit recorded.*can still be matched/)
    }
  })

  it('holds back a nickname reading when another booking is in the payer\'s own name and fits too', () => {
    const william = aBooking({ id: 'bk_william', customerName: 'William Garcia', createdAt: '2026-11-02T18:30:00.000Z' })
    // Liam booked ten days earlier: his deposit window has passed, but not by much.
    const liam = aBooking({ id: 'bk_liam', customerName: 'Liam Garcia-Lopez', createdAt: '2026-10-23T18:30:00.000Z' })
    const outcome = only([william, liam], aZellePayment('LIAM GARCIA-LOPEZ', 100, '2026-11-03'))
    expect(outcome.status).toBe('needs_review')
    // Liam's deposit, late but in order and in his own name, is a rival as strong as the nickname reading.
    expect(outcome.reasons.join('\n')).toMatch(/bk_liam.*(payer's own name|fits almost as well)|payer's own name.*bk_liam|bk_william.*payer's own name/s)
  })

  it('never auto-accepts against a cancelled booking', () => {
    const outcome = only([aBooking({ status: 'cancelled' })], aZellePayment('ROBERT SMITH', 100, '2026-11-04'))
    expect(outcome.status).not.toBe('auto_accepted')
  })

  it('honours a stricter auto-accept level from the options', () => {
    const strict = matchingOptionsFromSettings({ timeZone: 'America/Los_Angeles', tipPercentRange: { min: 5, max: 50 } }, { autoAcceptConfidence: 0.99 })
    const outcome = matchTransactions([robert], [aZellePayment('R SMITH', 100, '2026-11-04')], { now, options: strict })[0]!
    expect(outcome.status).toBe('needs_review')
  })

  it('does not auto-accept a transaction dated after now', () => {
    const outcome = matchTransactions([robert], [aZellePayment('ROBERT SMITH', 100, '2026-11-04')], {
      now: '2026-11-01T18:00:00Z',
      options: demoMatchingOptions,
    })[0]!
    expect(outcome.status).toBe('needs_review')
    expect(outcome.reasons).toContain('Dated in the future')
  })

  it('offers no guess for a deposit with no payer named that fits dozens of bookings alike', () => {
    const lookalikes = Array.from({ length: 60 }, (_, index) => aBooking({ id: `bk_${String(index).padStart(2, '0')}`, customerName: `Guest ${index}` }))
    const check = aZellePayment('X', 100, '2026-11-04', { name: 'MOBILE DEPOSIT', original_description: 'MOBILE DEPOSIT', counterparties: [] })
    const outcome = only(lookalikes, check)
    expect(outcome).toMatchObject({ status: 'unmatched', bookingId: null, paymentType: null })
    expect(outcome.reasons.join('\n')).toMatch(/Fits 60 bookings about equally \(bk_00 "Guest 0", bk_01 "Guest 1", .*…\).*Re-match/)
  })

  it('sends a payment to review when the customer has another booking it fits too', () => {
    const older = aBooking({ id: 'bk_older', createdAt: '2026-10-22T18:00:00.000Z', eventDate: '2026-12-20' })
    const newer = aBooking({ id: 'bk_newer', createdAt: '2026-11-02T18:00:00.000Z' })
    const outcome = only([older, newer], aZellePayment('ROBERT SMITH', 100, '2026-11-04'))
    expect(outcome).toMatchObject({ status: 'needs_review', bookingId: 'bk_newer' })
    // The older booking's deposit would be late but in order: as strong a reading, or at least the same customer's.
    expect(outcome.reasons.join('\n')).toMatch(/bk_older.*(same customer's|fits almost as well)/)
  })

  it("leaves for review the exact balance of the customer's later booking, paid early on the earlier party's day", () => {
    // Robert's Nov 28 party owes $1,550; his Dec 19 party ($1,800, $100 down) owes $1,700. $1,700
    // on Nov 28 reads as the first balance plus a 9.7 % tip, or as the second balance paid weeks early.
    const first = aBooking({ id: 'bk_first', paidCents: 10000, status: 'deposit_paid' })
    const second = aBooking({ id: 'bk_second', createdAt: '2026-11-10T18:00:00.000Z', eventDate: '2026-12-19', totalCents: 180000, paidCents: 10000, status: 'deposit_paid' })
    const outcome = only([first, second], aZellePayment('ROBERT SMITH', 1700, '2026-11-28'))
    expect(outcome.status).toBe('needs_review')
    expect(outcome.reasons.join('\n')).toMatch(/bk_second.*same customer's and owes exactly this amount/)
    // Without the second booking the tip reading stands.
    expect(only([first], aZellePayment('ROBERT SMITH', 1700, '2026-11-28'))).toMatchObject({ bookingId: 'bk_first', status: 'auto_accepted' })
  })

  it('ignores a repeated transaction id so the money is not counted twice', () => {
    const payment = aZellePayment('ROBERT SMITH', 100, '2026-11-04')
    const outcomes = match([robert], [payment, { ...payment }])
    expect(outcomes[0]!.status).toBe('auto_accepted')
    expect(outcomes[1]).toMatchObject({ status: 'ignored', bookingId: null })
  })
})
