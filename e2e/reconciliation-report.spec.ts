/**
 * The owner's reconciliation report against a real relay: bank lines come from the Plaid sandbox
 * through the relay's webhook and matcher, a cash payment is recorded through the sync API as a
 * console would, and the CSV files the console downloads are checked row by row against what the
 * relay holds.
 */
import { readFileSync } from 'node:fs'
import { calendarDateInZone } from '../src/domain/matching/calendar-days'
import { readSandboxAddresses } from '../server/src/demo/scenario-player'
import { sandboxControl } from '../server/sandbox/control-client'
import { buildPlaidTransaction } from '../server/sandbox/plaid/payloads'
import { expect, test } from './fixtures'
import { ConsoleShell } from './pages/console-shell'
import { createPairingCode, pairedRelayClient, relayFacts } from './relay-client'

type Doc = Record<string, unknown> & { id: string }

const zone = 'America/Los_Angeles'
const dayMs = 86_400_000
const localDay = (offsetDays = 0) => calendarDateInZone(new Date(Date.now() + offsetDays * dayMs).toISOString(), zone)

/** RFC 4180 rows, as a spreadsheet reads them. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') (field += '"'), index++
      else if (char === '"') quoted = false
      else field += char
    } else if (char === '"') quoted = true
    else if (char === ',') row.push(field), (field = '')
    else if (char === '\n') row.push(field.replace(/\r$/, '')), rows.push(row), (row = []), (field = '')
    else field += char
  }
  return rows
}

function booking(id: string, customerName: string, overrides: Record<string, unknown> = {}): Doc {
  return {
    id, updatedAt: new Date().toISOString(), customerId: null, customerName, customerPhone: null, customerEmail: null,
    eventDate: localDay(10), eventTime: '17:00', adults: 30, kids: 0, address: null, zip: '94539', subtotalCents: 165000,
    travelFeeCents: 0, totalCents: 165000, depositCents: 10000, paidCents: 0, status: 'confirmed', notes: '',
    createdAt: new Date(Date.now() - dayMs).toISOString(), _deleted: false, ...overrides,
  }
}

test('exports the report and the matched lines as CSV that agree with the relay', async ({ page, consoleUrl, relay }) => {
  const observer = await pairedRelayClient(relay)
  const created = (documents: Doc[]) => documents.map((newDocumentState) => ({ assumedMasterState: null, newDocumentState }))
  // A paid deposit is a fact only the relay records (a device may not push paidCents).
  await relayFacts(relay).put('bookings', [booking('bk_lopez', 'Maria Lopez'), booking('bk_ortiz', 'Luis Ortiz', { paidCents: 10000, status: 'deposit_paid', eventDate: localDay(0) })])

  // The bank feed, through the sandbox's Plaid and the relay's webhook and matcher.
  const sandbox = readSandboxAddresses(relay.dataDir)
  expect(sandbox?.plaidItemId, 'the relay runs on its built-in sandbox with a linked bank').toBeTruthy()
  const plaid = sandboxControl(sandbox!.urls).plaid
  await plaid.transactions({
    item_id: sandbox!.plaidItemId!,
    added: [
      buildPlaidTransaction({ transactionId: 'txn_lopez', amount: -100, date: localDay(0), name: 'Zelle payment from MARIA LOPEZ Conf# 8BC1F2' }),
      buildPlaidTransaction({ transactionId: 'txn_check', amount: -25, date: localDay(0), name: 'MOBILE DEPOSIT' }),
      buildPlaidTransaction({ transactionId: 'txn_propane', amount: 42, date: localDay(0), name: 'BAY PROPANE' }),
    ],
  } as never)
  await plaid.fireWebhook({ item_id: sandbox!.plaidItemId!, initial_update_complete: true, historical_update_complete: true } as never)

  // A cash balance recorded as an owner console does; the relay checks it and counts the money.
  const now = new Date().toISOString()
  expect(
    await observer.push('paymentMatches', created([{
      id: 'pm_manual_e2e_cash', updatedAt: now, transactionId: 'manual_e2e_cash', bookingId: 'bk_ortiz', paymentType: 'balance', confidence: 1,
      status: 'accepted', reasons: [], decidedBy: 'Owner phone', decidedAt: now, _deleted: false,
      manualPayment: { method: 'cash', amountCents: 155000, receivedOn: localDay(0), payer: 'Luis Ortiz', checkNumber: null, note: 'paid at the party' },
    }])),
  ).toEqual([])
  const relayMatch = async (id: string) => (await observer.documents<Doc>('paymentMatches')).find((match) => match.id === id)
  await expect.poll(async () => (await relayMatch('pm_txn_lopez'))?.status, { timeout: 20_000 }).toBe('auto_accepted')
  await expect.poll(async () => (await relayMatch('pm_txn_check'))?.status, { timeout: 20_000 }).toBe('unmatched')

  await page.goto(consoleUrl)
  const shell = new ConsoleShell(page)
  await shell.pair(createPairingCode(relay, 'owner'))
  await shell.nav('Reconciliation').click()
  await expect(page.getByTestId('report-matched')).toContainText('$1,650.00', { timeout: 20_000 })
  await expect(page.getByTestId('report-rail-zelle')).toContainText('$100.00 in 1 payment')
  await expect(page.getByTestId('report-rail-cash_check')).toContainText('$1,550.00 in 1 payment')

  // What the relay holds, to check every exported row against.
  const [matches, transactions, bookings] = await Promise.all([
    observer.documents<Doc>('paymentMatches'),
    observer.documents<Doc>('transactions'),
    observer.documents<Doc>('bookings'),
  ])
  const month = localDay(0).slice(0, 7)
  const expected = matches
    .filter((match) => match.status === 'auto_accepted' || match.status === 'accepted')
    .map((match) => ({ match, transaction: transactions.find((entry) => entry.id === match.transactionId)!, booking: bookings.find((entry) => entry.id === match.bookingId)! }))
    .filter(({ transaction }) => transaction && !transaction.removed && (transaction.date as string).startsWith(month))
    .map(({ match, transaction, booking }) => [
      transaction.date as string,
      (-(transaction.amountCents as number) / 100).toFixed(2),
      match.bookingId as string,
      booking.customerName as string,
      booking.eventDate as string,
      (match.confidence as number).toFixed(3),
    ])
    .sort((a, b) => a[0]!.localeCompare(b[0]!) || a[1]!.localeCompare(b[1]!))
  expect(expected).toHaveLength(2)

  const [linesDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export matched lines (CSV)' }).click()])
  expect(linesDownload.suggestedFilename()).toMatch(/^matched-payments_\d{4}-\d{2}-01_to_\d{4}-\d{2}-\d{2}\.csv$/)
  const lines = parseCsv(readFileSync((await linesDownload.path())!, 'utf8'))
  expect(lines[0]).toEqual(['Date', 'Payer', 'Rail', 'Amount', 'Booking', 'Customer', 'Event date', 'Type', 'Confidence', 'Decision'])
  const exported = lines.slice(1).map((row) => [row[0]!, row[3]!, row[4]!, row[5]!, row[6]!, row[8]!]).sort((a, b) => a[0]!.localeCompare(b[0]!) || a[1]!.localeCompare(b[1]!))
  expect(exported).toEqual(expected)
  const byBooking = new Map(lines.slice(1).map((row) => [row[4], row]))
  expect(byBooking.get('bk_lopez')).toEqual([localDay(0), 'MARIA LOPEZ', 'Zelle', '100.00', 'bk_lopez', 'Maria Lopez', localDay(10), 'deposit', expect.any(String), 'auto-accepted'])
  expect(byBooking.get('bk_ortiz')).toEqual([localDay(0), 'Luis Ortiz', 'Cash / check', '1550.00', 'bk_ortiz', 'Luis Ortiz', localDay(0), 'balance', '1.000', 'recorded by Test observer (cash)'])  // the relay names the device that pushed it, whatever it claims

  const [reportDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export report (CSV)' }).click()])
  const report = parseCsv(readFileSync((await reportDownload.path())!, 'utf8'))
  const row = (label: string) => report.find((entry) => entry[0] === label)
  expect(row('Zelle')).toEqual(['Zelle', '1', '100.00'])
  expect(row('Cash / check')).toEqual(['Cash / check', '1', '1550.00'])
  expect(row('Total')).toEqual(['Total', '2', '1650.00'])
  // The mobile deposit nobody placed, and the balance still owed on Maria's booking, as the relay has them.
  const check = transactions.find((entry) => entry.id === 'txn_check')!
  expect(row('txn_check')).toEqual(['txn_check', check.date, check.description, '25.00', 'unmatched'])
  const lopez = bookings.find((entry) => entry.id === 'bk_lopez')!
  expect(lopez.paidCents).toBe(10000)
  const periodEnd = report[0]![1]!.split(' to ')[1]!
  if ((lopez.eventDate as string) <= periodEnd) expect(row('bk_lopez')).toEqual(['bk_lopez', 'Maria Lopez', lopez.eventDate, '1650.00', '100.00', '1550.00'])
  else expect(row('bk_lopez')).toBeUndefined()
  expect(row('bk_ortiz')).toBeUndefined() // paid in full by the cash balance
})
