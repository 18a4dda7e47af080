/**
 * Runs the real `match` command line (architecture §7) on fixture files and on broken input.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../../../src/domain/business-profile'
import { demoBusinessNotice } from './business-option'

const repoRoot = resolve(import.meta.dirname, '../../..')
const fixtures = join(import.meta.dirname, 'fixtures')
const bookingsFixture = join(fixtures, 'match-bookings.json')
const transactionsFixture = join(fixtures, 'match-transactions.json')
const scratch = mkdtempSync(join(tmpdir(), 'match-cli-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Each run starts tsx afresh (a few seconds on a busy machine), so tests run them side by side. */
function runMatch(args: string[]): Promise<CliResult> {
  return new Promise((resolveRun) => {
    execFile(
      process.execPath,
      ['node_modules/tsx/dist/cli.mjs', 'server/src/cli/match.ts', ...args],
      { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0
        resolveRun({ code, stdout, stderr })
      },
    )
  })
}
const slow = { timeout: 90_000 }

function writeScratch(name: string, content: unknown): string {
  const path = join(scratch, name)
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
  return path
}

const fixtureBookings = JSON.parse(readFileSync(bookingsFixture, 'utf8')) as Record<string, unknown>[]
const fixtureTransactions = JSON.parse(readFileSync(transactionsFixture, 'utf8')) as Record<string, unknown>[]
const now = ['--now', '2026-12-01T00:00:00Z']

interface Outcome {
  transactionId: string
  bookingId: string | null
  paymentType: string | null
  confidence: number
  status: string
  reasons: string[]
}

describe('match CLI', () => {
  let run: CliResult
  let outcomes: Outcome[]
  let byId: Map<string, Outcome>
  beforeAll(async () => {
    run = await runMatch(['--bookings', bookingsFixture, '--transactions', transactionsFixture, ...now])
    outcomes = JSON.parse(run.stdout || '[]') as Outcome[]
    byId = new Map(outcomes.map((outcome) => [outcome.transactionId, outcome]))
  }, 90_000)

  it('prints one §7 entry per transaction, in input order, and exits 0', () => {
    expect(run.stderr).toBe(`${demoBusinessNotice('match')}\n`)
    expect(run.code).toBe(0)
    expect(outcomes.map((outcome) => outcome.transactionId)).toEqual(fixtureTransactions.map((t) => t.transaction_id))
    for (const outcome of outcomes) {
      expect(Object.keys(outcome).sort()).toEqual(['bookingId', 'confidence', 'paymentType', 'reasons', 'status', 'transactionId'])
      expect(['auto_accepted', 'needs_review', 'unmatched', 'ignored']).toContain(outcome.status)
      expect(outcome.confidence).toBeGreaterThanOrEqual(0)
      expect(outcome.confidence).toBeLessThanOrEqual(1)
      if (outcome.status === 'auto_accepted') expect(outcome.confidence).toBeGreaterThanOrEqual(0.9)
    }
  })

  it('matches the customer payments in the fixture', () => {
    expect(byId.get('tx_deposit_bob')).toMatchObject({ bookingId: 'bk_robert', paymentType: 'deposit', status: 'auto_accepted' })
    expect(byId.get('tx_liz_tip')).toMatchObject({ bookingId: 'bk_liz', paymentType: 'balance_with_tip', status: 'auto_accepted' })
    expect(byId.get('tx_posted_balance')).toMatchObject({ bookingId: 'bk_robert', paymentType: 'balance', status: 'auto_accepted' })
  })

  it('ignores money out, payouts, cash-outs and a pending transaction that has posted', () => {
    for (const id of ['tx_venmo_cashout', 'tx_stripe_payout', 'tx_supplies', 'tx_pending_balance']) {
      expect(byId.get(id), id).toMatchObject({ status: 'ignored', bookingId: null, paymentType: null })
    }
  })

  it('sends a payment that fits two identical bookings to review', () => {
    const maria = byId.get('tx_maria_deposit')
    expect(maria?.status).toBe('needs_review')
    expect(['bk_twin_a', 'bk_twin_b']).toContain(maria?.bookingId)
  })

  it("matches with the business's own settings from --settings, silently", slow, async () => {
    // A business whose customers never tip: the tipped balance no longer fits a payment.
    const settings = writeScratch('settings.json', { ...demoBusinessProfile('2026-11-01T00:00:00.000Z'), tipPercentRange: { min: 0, max: 1 } })
    const own = await runMatch(['--bookings', bookingsFixture, '--transactions', transactionsFixture, ...now, '--settings', settings])
    expect(own.stderr).toBe('')
    const liz = (JSON.parse(own.stdout) as Outcome[]).find((outcome) => outcome.transactionId === 'tx_liz_tip')
    expect(liz).toMatchObject({ bookingId: 'bk_liz', paymentType: null, status: 'needs_review' })

    const broken = await runMatch(['--bookings', bookingsFixture, '--transactions', transactionsFixture, '--settings', writeScratch('bad-settings.json', { id: 'business' })])
    expect(broken.code).toBe(1)
    expect(broken.stderr).toMatch(/--settings file ".*" is not a settings document/)
    expect(broken.stdout).toBe('')
  })

  it('gives the same answer whatever order the bookings are in', slow, async () => {
    const reversed = writeScratch('reversed-bookings.json', [...fixtureBookings].reverse())
    const again = await runMatch(['--bookings', reversed, '--transactions', transactionsFixture, ...now])
    expect(JSON.parse(again.stdout)).toEqual(outcomes)
  })

  it('prints an empty array for no transactions', slow, async () => {
    const empty = writeScratch('empty.json', [])
    const result = await runMatch(['--bookings', bookingsFixture, '--transactions', empty, ...now])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual([])
  })

  describe('bad input', () => {
    /** Runs every case at once; each must exit with `code` and explain itself on stderr only. */
    const expectFailures = async (code: number, cases: [string[], RegExp][]) => {
      const results = await Promise.all(cases.map(([args]) => runMatch(args)))
      results.forEach((result, index) => {
        const [args, message] = cases[index]!
        expect(result.code, args.join(' ')).toBe(code)
        expect(result.stdout).toBe('')
        expect(result.stderr).toMatch(message)
      })
    }

    it('exits 2 with usage for missing or unknown arguments and a bad --now', slow, async () => {
      await expectFailures(2, [
        [['--bookings', bookingsFixture], /--transactions/],
        [['--bookings', bookingsFixture, '--transactions', transactionsFixture, '--colour'], /colour/],
        [['--bookings', bookingsFixture, '--transactions', transactionsFixture, '--now', 'tomorrow'], /--now/],
      ])
    })

    it('exits 1 for a missing file or invalid JSON, naming the file', slow, async () => {
      const broken = writeScratch('broken.json', '[{"id": ')
      await expectFailures(1, [
        [['--bookings', join(scratch, 'nope.json'), '--transactions', transactionsFixture], /nope\.json/],
        [['--bookings', bookingsFixture, '--transactions', broken], /broken\.json.*not valid JSON/],
      ])
    })

    it('names the bad field of a booking', slow, async () => {
      const badTotal = writeScratch('bad-total.json', [fixtureBookings[0], { ...fixtureBookings[1], totalCents: '880.00' }])
      const badStatus = writeScratch('bad-status.json', [{ ...fixtureBookings[0], status: 'booked' }])
      const missingName = writeScratch('missing-name.json', [{ ...fixtureBookings[0], customerName: undefined }])
      await expectFailures(1, [
        [['--bookings', badTotal, '--transactions', transactionsFixture], /bookings\[1\]\.totalCents/],
        [['--bookings', badStatus, '--transactions', transactionsFixture], /bookings\[0\]\.status.*deposit_paid/],
        [['--bookings', missingName, '--transactions', transactionsFixture], /bookings\[0\]\.customerName is missing/],
      ])
    })

    it('names the bad field of a transaction', slow, async () => {
      const { amount: _amount, ...noAmount } = fixtureTransactions[0]!
      const missing = writeScratch('no-amount.json', [fixtureTransactions[1], noAmount])
      const badDate = writeScratch('bad-date.json', [{ ...fixtureTransactions[0], date: '11/04/2026' }])
      await expectFailures(1, [
        [['--bookings', bookingsFixture, '--transactions', missing], /transactions\[1\]\.amount is missing/],
        [['--bookings', bookingsFixture, '--transactions', badDate], /transactions\[0\]\.date/],
      ])
    })

    it('refuses a file that is not an array, and repeated booking ids', slow, async () => {
      const object = writeScratch('object.json', { added: fixtureTransactions })
      const twice = writeScratch('twice.json', [fixtureBookings[0], fixtureBookings[0]])
      await expectFailures(1, [
        [['--bookings', bookingsFixture, '--transactions', object], /must hold a JSON array/],
        [['--bookings', twice, '--transactions', transactionsFixture], /bk_robert.*more than once/],
      ])
    })
  })
})
