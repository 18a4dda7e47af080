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
