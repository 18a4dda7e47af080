/**
 * The owner's reconciliation queue against a real relay: bookings come from another owner device
 * through the sync API, transactions and matches are seeded as the relay records them; the
 * console decides with the keyboard and the relay moves the booking money.
 */
import { expect, test } from './fixtures'
import { createPairingCode, pairedRelayClient, relayFacts } from './relay-client'
import { ConsoleShell } from './pages/console-shell'

type Doc = Record<string, unknown> & { id: string }

const now = () => new Date().toISOString()
const today = () => new Date().toISOString().slice(0, 10)

function booking(id: string, customerName: string, overrides: Record<string, unknown> = {}): Doc {
  return {
    id, updatedAt: now(), customerId: null, customerName, customerPhone: null, customerEmail: null,
    eventDate: '2027-01-16', eventTime: '17:00', adults: 30, kids: 0, address: null, zip: '94539',
    subtotalCents: 165000, travelFeeCents: 0, totalCents: 165000, depositCents: 10000, paidCents: 0,
    status: 'confirmed', notes: '', createdAt: now(), _deleted: false, ...overrides,
  }
}

function transaction(id: string, amountCents: number, description: string): Doc {
  return {
    id, updatedAt: now(), accountId: 'acc_sandbox_checking', amountCents, currency: 'USD', date: today(), authorizedDate: null,
    description, merchantName: null, counterpartyName: null, paymentChannel: 'other', pending: false, pendingTransactionId: null,
    removed: false, _deleted: false,
  }
}

function paymentMatch(transactionId: string, fields: Record<string, unknown>): Doc {
  return {
    id: `pm_${transactionId}`, updatedAt: now(), transactionId, bookingId: null, paymentType: null, confidence: 0,
    status: 'unmatched', reasons: [], decidedBy: null, decidedAt: null, _deleted: false, ...fields,
  }
}

const created = (documents: Doc[]) => documents.map((newDocumentState) => ({ assumedMasterState: null, newDocumentState }))

test.describe('reconciliation', () => {
  test('accepts with the keyboard, undoes, re-matches — and the relay moves the booking money', async ({ page, consoleUrl, relay }) => {
    const observer = await pairedRelayClient(relay)
    expect(await observer.push('bookings', created([booking('bk_chen', 'David Chen'), booking('bk_lopez', 'Maria Lopez', { eventDate: '2027-02-06' })]))).toEqual([])
    // Bank transactions and the matcher's proposals are the relay's facts, not a device's.
    const facts = relayFacts(relay)
    await facts.put('transactions', [
      transaction('txn_chen', -9950, 'Zelle payment from DAVID CHEN Conf# 8BC1F2'),
      transaction('txn_mystery', -2500, 'Mobile deposit'),
      transaction('txn_propane', 4200, 'Bay Propane'),
    ])
    await facts.put('paymentMatches', [
          paymentMatch('txn_chen', {
            bookingId: 'bk_chen', paymentType: 'deposit', confidence: 0.85, status: 'needs_review',
            reasons: ['Amount 0.70: $99.50 is within $1 of the deposit ($100.00)'],
          }),
          paymentMatch('txn_mystery', { reasons: ['No booking fits its amount, payer or date'] }),
          paymentMatch('txn_propane', { status: 'ignored', confidence: 1, reasons: ['Money out'], decidedBy: 'matcher', decidedAt: now() }),
    ])

    await page.goto(consoleUrl)
    await new ConsoleShell(page).pair(createPairingCode(relay, 'owner'))
    await new ConsoleShell(page).nav('Reconciliation').click()

    // Review first, then unmatched; money out stays hidden until asked for.
    const rows = page.locator('tr.match-row')
    await expect(rows).toHaveCount(2)
    await expect(rows.nth(0)).toHaveAttribute('data-testid', 'match-txn_chen')
    await expect(rows.nth(0)).toContainText('$99.50')
    await expect(rows.nth(0)).toContainText('David Chen')
    await expect(rows.nth(0)).toContainText('85 %')
    await expect(rows.nth(1)).toHaveAttribute('data-testid', 'match-txn_mystery')
    await expect(page.getByTestId('report-review')).toContainText('1')
    await page.getByLabel('Show ignored').check()
    await expect(page.getByTestId('match-txn_propane')).toBeVisible()
    await page.getByLabel('Show ignored').uncheck()

    // Accept with the keyboard.
    await page.getByTestId('match-txn_chen').click()
    await page.keyboard.press('a')
    await expect(page.getByTestId('match-txn_chen')).toContainText('Accepted')
    const relayMatch = async (id: string) => (await observer.documents<Doc>('paymentMatches')).find((m) => m.id === id)
    const relayBooking = async (id: string) => (await observer.documents<Doc>('bookings')).find((b) => b.id === id)
    await expect.poll(async () => (await relayMatch('pm_txn_chen'))?.status, { timeout: 15_000 }).toBe('accepted')
    expect((await relayMatch('pm_txn_chen'))?.decidedBy).toBe('Owner laptop')
    await expect.poll(async () => (await relayBooking('bk_chen'))?.paidCents, { timeout: 15_000 }).toBe(9950)
    expect((await relayBooking('bk_chen'))?.status).toBe('deposit_paid')

    // Undo puts the match back and the relay takes the money off again.
    await page.getByRole('button', { name: 'Undo' }).click()
    await expect(page.getByTestId('match-txn_chen')).toContainText('Needs review')
    await expect.poll(async () => (await relayMatch('pm_txn_chen'))?.status, { timeout: 15_000 }).toBe('needs_review')
    await expect.poll(async () => (await relayBooking('bk_chen'))?.paidCents, { timeout: 15_000 }).toBe(0)

    // Re-match the unmatched deposit: ↓ to it, M, search, pick.
    await page.getByTestId('match-txn_chen').click()
    await page.keyboard.press('ArrowDown')
    await expect(page.getByTestId('match-txn_mystery')).toHaveAttribute('aria-selected', 'true')
    await page.keyboard.press('m')
    const panel = page.getByRole('region', { name: 'Re-match payment' })
    await panel.getByLabel('Search open bookings').fill('lopez')
    await panel.getByLabel('Payment for').selectOption('balance')
    await expect(panel.getByRole('listitem')).toHaveCount(1)
    await panel.getByRole('button', { name: 'Match here' }).click()
    await expect.poll(async () => (await relayMatch('pm_txn_mystery'))?.bookingId, { timeout: 15_000 }).toBe('bk_lopez')
    await expect.poll(async () => (await relayBooking('bk_lopez'))?.paidCents, { timeout: 15_000 }).toBe(2500)
  })

  test('money is always accounted for: reject, re-match with warnings, undo, reversals — and the list reads as people do', async ({ page, consoleUrl, relay }) => {
    // A whole session of decisions, each waiting for the relay: more steps than most tests.
    test.slow()
    const observer = await pairedRelayClient(relay)
    const facts = relayFacts(relay)
    // Robert's deposit is already paid by card; Priya's is not.
    await facts.put('bookings', [
      booking('bk_okafor', 'Robert Okafor', { customerPhone: '+15105550142', paidCents: 10000, status: 'deposit_paid' }),
      booking('bk_patel', 'Priya Patel', { eventDate: '2027-02-06' }),
    ])
    await facts.put('transactions', [
      transaction('txn_venmo', -10000, 'VENMO PAYMENT 1023 ROBERT OKAFOR'),
      transaction('txn_zelle', -9950, 'Zelle payment from PRIYA PATEL Conf# 77AA'),
      transaction('txn_mystery', -2500, 'Mobile deposit'),
    ])
    await facts.put('paymentMatches', [
      // The matcher's weak guess: Robert's money on Priya's deposit.
      paymentMatch('txn_venmo', {
        bookingId: 'bk_patel', paymentType: 'deposit', confidence: 0.62, status: 'needs_review',
        reasons: ['Booking bk_patel:', 'Name 0.00: payer "ROBERT OKAFOR" vs "Priya Patel"', 'Amount 1.00: exactly the deposit'],
      }),
      paymentMatch('txn_zelle', {
        bookingId: 'bk_patel', paymentType: 'deposit', confidence: 0.85, status: 'needs_review',
        reasons: ['Booking bk_patel:', 'Amount 0.70: $99.50 is within $1 of the deposit ($100.00)'],
      }),
      paymentMatch('txn_mystery', { reasons: ['No booking fits its amount, payer or date'] }),
    ])
    const relayMatch = async (id: string) => (await observer.documents<Doc>('paymentMatches')).find((m) => m.id === id)
    const relayBooking = async (id: string) => (await observer.documents<Doc>('bookings')).find((b) => b.id === id)

    await page.goto(consoleUrl)
    const shell = new ConsoleShell(page)
    await shell.pair(createPairingCode(relay, 'owner'))
    await shell.nav('Reconciliation').click()
    const rows = page.locator('tr.match-row')
    await expect(rows).toHaveCount(3)
    const order = async () => rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-testid')))
    const before = await order()
    expect(before).toEqual(['match-txn_venmo', 'match-txn_zelle', 'match-txn_mystery'])

    // The payer by name, the rail beside it; "Why?" in sentences, no ids or scores.
    const venmo = page.getByTestId('match-txn_venmo')
    await expect(venmo.getByTestId('payer')).toContainText('Robert Okafor')
    await expect(venmo.getByTestId('payer')).toContainText('Venmo')
    await venmo.click()
    const why = page.getByTestId('why-txn_venmo')
    await expect(why).toContainText('Paid by Robert Okafor, who is not Priya Patel.')
    await expect(why).not.toContainText('bk_')
    await expect(why).not.toContainText('0.00:')

    // Every deposit counted once: $199.50 waiting + $25.00 unmatched = $224.50.
    await expect(page.getByTestId('report-review')).toHaveText('2 ($199.50)')
    await expect(page.getByTestId('report-unmatched')).toHaveText('1 ($25.00)')
    await expect(page.getByTestId('report-deposits')).toContainText('Bank deposits in the period: $224.50 (3) = $0.00 matched + $199.50 waiting + $25.00 unmatched')

    // Reject: the money goes back to Unmatched, the booking cleared; the list keeps its order and
    // the selection moves on to the next row needing review.
    await page.keyboard.press('r')
    await expect(venmo).toContainText('Unmatched')
    await expect(venmo).toContainText('rejected by Owner laptop')
    await expect(venmo).not.toContainText('Priya Patel')
    await expect(page.getByTestId('report-review')).toHaveText('1 ($99.50)')
    await expect(page.getByTestId('report-unmatched')).toHaveText('2 ($125.00)')
    await expect(page.getByTestId('match-txn_zelle')).toHaveAttribute('aria-selected', 'true')
    expect(await order()).toEqual(before)
    await expect.poll(async () => (await relayMatch('pm_txn_venmo'))?.status, { timeout: 15_000 }).toBe('rejected')
    expect((await relayMatch('pm_txn_venmo'))?.bookingId).toBeNull()

    // Re-match to Robert, found by his phone as the console writes it, with Enter. Booking it as a
    // deposit warns (his deposit is paid); what it reads as there is the balance.
    await venmo.click()
    await page.keyboard.press('m')
    const panel = page.getByRole('region', { name: 'Re-match payment' })
    await panel.getByLabel('Payment for').selectOption('deposit')
    await panel.getByLabel('Search open bookings').fill('(510) 555-0142')
    await expect(panel.getByRole('listitem')).toHaveCount(1)
    await panel.getByLabel('Search open bookings').press('Enter')
    await expect(panel.getByTestId('rematch-confirm')).toContainText(
      'Robert Okafor has already paid the $100.00 deposit ($100.00 received so far): this would count a second deposit.',
    )
    await panel.getByRole('button', { name: 'Choose again' }).click()
    await panel.getByLabel('Payment for').selectOption('')
    await expect(panel.getByTestId('rematch-type')).toHaveText('as balance')
    await panel.getByLabel('Search open bookings').press('Enter')
    await expect(panel).toHaveCount(0)
    await expect.poll(async () => (await relayMatch('pm_txn_venmo'))?.bookingId, { timeout: 15_000 }).toBe('bk_okafor')
    expect((await relayMatch('pm_txn_venmo'))?.paymentType).toBe('balance')
    await expect.poll(async () => (await relayBooking('bk_okafor'))?.paidCents, { timeout: 15_000 }).toBe(20000)
    // The relay reads it again for Robert: the reasons and confidence are his, not Priya's.
    await expect.poll(async () => ((await relayMatch('pm_txn_venmo'))?.reasons as string[] | undefined)?.[0], { timeout: 15_000 }).toBe(
      'Placed on this booking by Owner laptop.',
    )
    const reread = Number((await relayMatch('pm_txn_venmo'))?.confidence)
    expect(reread).not.toBe(0.62)
    await expect(venmo).toContainText(`${Math.round(reread * 100)} %`)
    await venmo.click()
    await expect(why).toContainText("Paid by Robert Okafor, the booking's customer.")

    // Accept Priya's Zelle, then undo it: her timeline shows the money and its reversal.
    await page.getByTestId('match-txn_zelle').click()
    await page.keyboard.press('a')
    await expect.poll(async () => (await relayBooking('bk_patel'))?.paidCents, { timeout: 15_000 }).toBe(9950)
    await page.getByRole('button', { name: 'Undo' }).click()
    await expect.poll(async () => (await relayBooking('bk_patel'))?.paidCents, { timeout: 15_000 }).toBe(0)
    await expect
      .poll(async () => (((await relayBooking('bk_patel'))?.timeline ?? []) as { text: string }[]).map((entry) => entry.text).filter((text) => text.includes('Zelle')), {
        timeout: 15_000,
      })
      .toEqual([
        '$99.50 received by Zelle (deposit, accepted by Owner laptop).',
        'Reversed: $99.50 received by Zelle (deposit, accepted by Owner laptop) no longer counts on this booking — the acceptance was undone; it waits for review.',
      ])
    await shell.nav('Bookings').click()
    await page.getByTestId('booking-bk_patel').getByRole('button', { name: 'Priya Patel' }).click()
    await expect(page.getByTestId('booking-page').getByRole('list', { name: 'Timeline' })).toContainText('Reversed: $99.50 received by Zelle')
  })

  test('tells a front-desk console that reconciliation is the owner’s', async ({ page, consoleUrl, relay }) => {
    await page.goto(consoleUrl)
    const shell = new ConsoleShell(page)
    await shell.nav('Settings').click()
    await page.getByLabel('Pairing code').fill(createPairingCode(relay, 'frontdesk'))
    await page.getByLabel('Name for this console').fill('Front desk')
    await page.getByRole('button', { name: 'Pair', exact: true }).click()
    await expect(page.getByTestId('pairing-summary')).toContainText('Front desk')
    await shell.nav('Reconciliation').click()
    await expect(page.getByRole('heading', { name: "For the owner's console only" })).toBeVisible()
  })
})
