/**
 * How fast the console starts: the size of the code it loads before the first view (the rest
 * is split per view), and the time until a newly paired console in Chromium has pulled a relay
 * holding N bookings and N bank transactions (each with its payment match) and shows all of
 * them in the Bookings and Reconciliation views. Measured against a same-run baseline (the same
 * steps on an empty relay) and at two sizes, to show how the cost grows with the data.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from '@playwright/test'
import { deriveBookingStatus } from '../../src/domain/bookings/booking-status'
import { demoBusinessProfile } from '../../src/domain/business-profile'
import { calendarDateInZone } from '../../src/domain/matching/calendar-days'
import { formatCents } from '../../src/domain/money'
import { buildReconciliationReport, reportPeriods } from '../../src/domain/payments/reconciliation-report'
import type { Booking, PaymentMatch, Transaction } from '../../src/domain/schemas'
import { serveConsoleInBrowser } from '../../src/main/web/serve'
import { buildRelayBundle } from '../../scripts/build-relay'
import { startRelayProcess } from './relay-process'
import { DeviceRegistry } from '../src/storage/device-registry'
import { openDatabase } from '../src/storage/database'
import { DocumentStore } from '../src/storage/document-store'

const root = fileURLToPath(new URL('../../', import.meta.url))
const rendererDir = join(root, 'out/renderer')
export const consolePullTargetMs = 5_000

/** The JS and CSS `index.html` loads before any view, against everything the renderer ships. */
export function initialBundleSize(): { initialBytes: number; totalBytes: number; files: string[] } {
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8')
  const files = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]!)
  const initialBytes = files.reduce((sum, file) => sum + statSync(join(rendererDir, file)).size, 0)
  const assets = readdirSync(join(rendererDir, 'assets')).filter((file) => /\.(js|css)$/.test(file))
  const totalBytes = assets.reduce((sum, file) => sum + statSync(join(rendererDir, 'assets', file)).size, 0)
  return { initialBytes, totalBytes, files }
}

interface Seeded {
  dataDir: string
  pairingCode: string
  /** What the Reconciliation report must show once everything is pulled. */
  report: { review: string; unmatched: string } | null
}

const statuses: PaymentMatch['status'][] = ['auto_accepted', 'auto_accepted', 'auto_accepted', 'needs_review', 'needs_review', 'unmatched', 'accepted', 'ignored']
const firstNames = ['Maria', 'James', 'Aiko', 'Robert', 'Priya', 'Luis', 'Grace', 'Omar', 'Elena', 'Kenji']
const lastNames = ['Garcia', 'Okafor', 'Tanaka', 'Nguyen', 'Whitfield', 'Patel', 'Kim', 'Haddad', 'Rossi', 'Chen']

/** A relay data folder holding the business, `count` bookings and `count` transactions with matches. */
async function seedRelay(count: number, now: Date): Promise<Seeded> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-console-'))
  const db = openDatabase(dataDir)
  const documents = new DocumentStore(db)
  const settings = demoBusinessProfile(now.toISOString())
  const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10)
  const today = calendarDateInZone(now.toISOString(), settings.timeZone)
  const matches: PaymentMatch[] = []
  const transactions = new Map<string, Transaction>()
  const bookings: Booking[] = []
  documents.transaction(() => {
    documents.put('settings', settings)
    for (let i = 0; i < count; i++) {
      const adults = 10 + (i % 40)
      const name = `${firstNames[i % 10]} ${lastNames[Math.floor(i / 10) % 10]} ${i}`
      const totalCents = adults * 5500
      // Deposit paid, quoted, or paid in full: facts the relay's lifecycle has nothing to add to,
      // so it does not rewrite them while the console pulls.
      const kind = i % 3
      const facts: Omit<Booking, 'updatedAt' | 'status'> = {
        id: `bk_${i}`,
        customerId: null,
        customerName: name,
        customerPhone: `+1408555${String(i % 10_000).padStart(4, '0')}`,
        customerEmail: null,
        eventDate: day((i % 730) - 365),
        eventTime: i % 2 === 0 ? '12:00' : '17:00',
        adults,
        kids: i % 5,
        address: null,
        zip: '94539',
        subtotalCents: totalCents,
        travelFeeCents: 0,
        totalCents,
        depositCents: 10_000,
        paidCents: kind === 0 ? 10_000 : kind === 2 ? totalCents : 0,
        notes: '',
        createdAt: new Date(now.getTime() - (i % 400) * 86_400_000).toISOString(),
        quotedAt: now.toISOString(),
        confirmedAt: kind === 1 ? null : now.toISOString(),
      }
      const booking = { ...facts, status: deriveBookingStatus(facts, today) }
      documents.put('bookings', booking)
      bookings.push({ ...booking, updatedAt: '' })
      const transaction: Transaction = {
        id: `tx_${i}`,
        updatedAt: '',
        accountId: 'acc_bench',
        amountCents: -(2_000 + (i % 200) * 500),
        currency: 'USD',
        date: day(-(i % 60)),
        authorizedDate: null,
        description: `Zelle payment from ${name.toUpperCase()}`,
        merchantName: null,
        counterpartyName: name,
        paymentChannel: 'other',
        pending: false,
        pendingTransactionId: null,
        removed: false,
      }
      documents.put('transactions', transaction, { ownerOnly: true })
      transactions.set(transaction.id, transaction)
      const status = statuses[i % statuses.length]!
      const match: PaymentMatch = {
        id: `pm_${i}`,
        updatedAt: '',
        transactionId: transaction.id,
        bookingId: status === 'unmatched' || status === 'ignored' ? null : booking.id,
        paymentType: status === 'unmatched' || status === 'ignored' ? null : 'deposit',
        confidence: status === 'auto_accepted' ? 0.95 : 0.6,
        status,
        reasons: ['Name on the payment matches the booking', 'Amount fits the deposit'],
        decidedBy: status === 'accepted' ? 'Owner console' : null,
        decidedAt: status === 'accepted' ? now.toISOString() : null,
      }
      documents.put('paymentMatches', match, { ownerOnly: true })
      matches.push(match)
    }
  })
  const pairingCode = (await new DeviceRegistry(db).createPairingCode('owner')).code
  db.close()
  if (count === 0) return { dataDir, pairingCode, report: null }
  // The figures the Reconciliation view's report shows for this month once everything is pulled.
  const report = buildReconciliationReport({ matches, transactions: [...transactions.values()], bookings, period: reportPeriods(today).thisMonth, timeZone: settings.timeZone })
  const unmatched = report.unmatched.filter((deposit) => deposit.status !== 'needs_review')
  const shown = (figure: { count: number; cents: number }) => `${figure.count} (${formatCents(figure.cents)})`
  return {
    dataDir,
    pairingCode,
    report: { review: shown(report.waitingForReview), unmatched: shown({ count: unmatched.length, cents: unmatched.reduce((sum, deposit) => sum + deposit.amountCents, 0) }) },
  }
}


/**
 * A relay that has just started works through its bookings once (statuses, scheduled texts),
 * answering requests meanwhile (it steps aside for the event loop every 20 ms, so a prompt
 * `/healthz` no longer says it is done). A console paired in real life meets a relay past that,
 * so the clock starts once the relay has used under 20 ms of CPU in half a second (Linux's
 * /proc; elsewhere, once `/healthz` answers promptly five times in a row).
 */
async function waitUntilSettled(url: string, relayPid: number | undefined): Promise<void> {
  let prompt = 0
  const cpu: { at: number; ms: number }[] = []
  for (const deadline = Date.now() + 300_000; Date.now() < deadline; ) {
    const asked = performance.now()
    const ok = await fetch(`${url}/healthz`).then((response) => response.ok, () => false)
    prompt = ok && performance.now() - asked < 100 ? prompt + 1 : 0
    const used = relayPid === undefined ? null : cpuMsOf(relayPid)
    if (used === null) {
      if (prompt >= 5) return
    } else {
      const now = performance.now()
      cpu.push({ at: now, ms: used })
      const windowStart = cpu.find((sample) => sample.at >= now - 500)
      if (ok && windowStart && now - cpu[0]!.at >= 500 && used - windowStart.ms < 20) return
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** CPU time (ms) one process has used so far, from /proc (Linux), or null elsewhere. */
function cpuMsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return null
  }
}

/**
 * CPU time (ms) used so far by the browser's processes, the relay and this process (which hosts
 * the console's main-process services), read from Linux's /proc; null elsewhere. Unlike the wall
 * time it hardly moves when other work shares the machine, so the two together tell a slow
 * console from a busy machine.
 */
function cpuMs(browserFlag: string, relayPid: number | undefined): { browser: number; relay: number; host: number } | null {
  if (!existsSync('/proc/self/stat')) return null
  const processes = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        const ticks = Number(fields[11]) + Number(fields[12])
        return [{ pid: Number(pid), parent: Number(fields[1]), ticks, command: readFileSync(`/proc/${pid}/cmdline`, 'utf8') }]
      } catch {
        return [] // ended meanwhile
      }
    })
  const tick = 10 // ms: Linux reports CPU time in 1/100 s
  const browserRoot = processes.find((each) => each.command.includes(browserFlag))
  const inBrowser = new Set(browserRoot ? [browserRoot.pid] : [])
  for (let grew = true; grew; ) {
    grew = false
    for (const each of processes) {
      if (!inBrowser.has(each.pid) && inBrowser.has(each.parent)) {
        inBrowser.add(each.pid)
        grew = true
      }
    }
  }
  const sum = (match: (each: (typeof processes)[number]) => boolean) => processes.filter(match).reduce((total, each) => total + each.ticks * tick, 0)
  return { browser: sum((each) => inBrowser.has(each.pid)), relay: sum((each) => each.pid === relayPid), host: sum((each) => each.pid === process.pid) }
}

/** Tags the benchmark's browser so its processes can be found among others on the machine. */
const browserFlag = `--switchboard-console-bench=${process.pid}`

interface ConsoleTiming {
  /** When the console showed every booking, then the whole report, by the page's own clock. */
  bookingsMs: number
  totalMs: number
  /** When the status bar first said "Synced": the pull, before either view is opened. */
  syncedMs: number
  /** When the harness noticed the report (its polling and clicks add to this). */
  observedMs: number
  cpu: { browser: number; relay: number; host: number } | null
}

/** What each view must show once the whole relay is pulled. */
interface Expected {
  bookingRows: number | null
  review: string | null
  unmatched: string | null
}

/**
 * A script run in the page before its own: notes the moment (epoch ms) the console first says
 * "Synced", then shows every booking, then the exact report, and tells the harness at once, which
 * then clicks on like a user who acts as soon as the screen changes. Playwright's own polling
 * slows to every 500 ms while it waits, so it would notice each step up to half a second late and
 * time the harness, not the console. (Plain
 * JavaScript text: the benchmark's own TypeScript is compiled with helpers the page lacks.)
 */
function recordWhenShown(expected: Expected): string {
  return `(() => {
    const expected = ${JSON.stringify(expected)}
    const shown = {}
    window.__consoleShown = shown
    const textOf = (selector) => document.querySelector(selector)?.textContent ?? null
    const hasEmptyState = (title) => [...document.querySelectorAll('.empty-state h2')].some((heading) => heading.textContent === title)
    const check = () => {
      const now = performance.timeOrigin + performance.now()
      const reach = (milestone) => {
        shown[milestone] = now
        window.__consoleMilestone?.(milestone)
      }
      if (shown.synced === undefined && document.querySelector('[data-testid="sync-status"][data-sync="synced"]')) reach('synced')
      if (shown.bookings === undefined) {
        const ready = expected.bookingRows === null
          ? hasEmptyState('No bookings yet')
          : document.querySelector('[aria-label="Bookings"][aria-rowcount="' + expected.bookingRows + '"]') !== null
        if (ready) reach('bookings')
      }
      if (shown.bookings !== undefined && shown.reconciliation === undefined) {
        const ready = expected.review === null
          ? hasEmptyState('No bank transactions yet')
          : textOf('[data-testid="report-review"]') === expected.review && textOf('[data-testid="report-unmatched"]') === expected.unmatched
        if (ready) reach('reconciliation')
      }
    }
    new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true })
  })()`
}

async function timeConsole(browser: Browser, count: number): Promise<ConsoleTiming> {
  const seeded = await seedRelay(count, new Date())
  const relay = await startRelayProcess(seeded.dataDir)
  await waitUntilSettled(relay.url, relay.child.pid)
  const host = await serveConsoleInBrowser({
    PATH: process.env.PATH,
    SWITCHBOARD_RELAY_URL: relay.url,
    SWITCHBOARD_PAIRING_CODE: seeded.pairingCode,
    SWITCHBOARD_RELAY_POLL_MS: '1000',
  })
  // A fresh browser profile: nothing pulled yet.
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.addInitScript({
    content: recordWhenShown({ bookingRows: count === 0 ? null : count + 1, review: seeded.report?.review ?? null, unmatched: seeded.report?.unmatched ?? null }),
  })
  const milestones = new Map<string, { reached: Promise<void>; reach(): void }>()
  const milestone = (name: string) => {
    let entry = milestones.get(name)
    if (!entry) {
      let reach = () => {}
      const reachedPromise = new Promise<void>((resolve) => (reach = resolve))
      milestones.set(name, (entry = { reached: reachedPromise, reach }))
    }
    return entry
  }
  const reached = (name: string) =>
    Promise.race([
      milestone(name).reached,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`The console did not reach "${name}" within 120 s`)), 120_000).unref()),
    ])
  await page.exposeBinding('__consoleMilestone', (_source, name: string) => milestone(name).reach())
  // `CONSOLE_BENCH_PROFILE=dir` keeps the renderer's CPU profile of each run (open it in DevTools).
  const profileDir = process.env.CONSOLE_BENCH_PROFILE
  const profiler = profileDir ? await context.newCDPSession(page) : null
  if (profiler) {
    await profiler.send('Profiler.enable')
    await profiler.send('Profiler.start')
  }
  try {
    const cpuBefore = cpuMs(browserFlag, relay.child.pid)
    const startedAt = Date.now()
    const started = performance.now()
    await page.goto(host.url)
    const nav = (label: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: label, exact: true })
    await reached('synced')
    await nav('Bookings').click()
    if (count > 0) await page.getByRole('group', { name: 'Show as' }).getByRole('button', { name: 'List' }).click({ timeout: 120_000 })
    await reached('bookings')
    // Each step also as Playwright sees it, so the page's script cannot claim more than is shown.
    if (count === 0) await page.getByText('No bookings yet').waitFor({ timeout: 120_000 })
    else await page.locator(`[aria-label="Bookings"][aria-rowcount="${count + 1}"]`).waitFor({ timeout: 120_000 })
    await nav('Reconciliation').click()
    await reached('reconciliation')
    if (!seeded.report) {
      await page.getByText('No bank transactions yet').waitFor({ timeout: 120_000 })
    } else {
      // Exact counts and sums: only right once every match and transaction has been pulled.
      const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\$]/g, '\\$&')}$`)
      await page.getByTestId('report-review').filter({ hasText: exactly(seeded.report.review) }).waitFor({ timeout: 120_000 })
      await page.getByTestId('report-unmatched').filter({ hasText: exactly(seeded.report.unmatched) }).waitFor({ timeout: 120_000 })
    }
    const observedMs = performance.now() - started
    const shown = await page.evaluate(() => (globalThis as unknown as { __consoleShown: { synced?: number; bookings?: number; reconciliation?: number } }).__consoleShown)
    if (shown.synced === undefined || shown.bookings === undefined || shown.reconciliation === undefined) throw new Error(`The page did not record when it showed the views: ${JSON.stringify(shown)}`)
    const cpuAfter = cpuMs(browserFlag, relay.child.pid)
    if (profiler && profileDir) {
      const { profile } = await profiler.send('Profiler.stop')
      writeFileSync(join(profileDir, `console-${count}.cpuprofile`), JSON.stringify(profile))
    }
    const cpu =
      cpuBefore && cpuAfter
        ? { browser: cpuAfter.browser - cpuBefore.browser, relay: cpuAfter.relay - cpuBefore.relay, host: cpuAfter.host - cpuBefore.host }
        : null
    return { syncedMs: shown.synced - startedAt, bookingsMs: shown.bookings - startedAt, totalMs: shown.reconciliation - startedAt, observedMs, cpu }
  } finally {
    await context.close()
    await host.close()
    await new Promise((resolve) => {
      relay.child.once('exit', resolve)
      relay.child.kill('SIGTERM')
    })
    rmSync(seeded.dataDir, { recursive: true, force: true })
  }
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`
const cpuLine = (cpu: ConsoleTiming['cpu']) =>
  cpu ? `\n    CPU: browser ${seconds(cpu.browser)}, console services and Playwright ${seconds(cpu.host)}, relay ${seconds(cpu.relay)}` : ''
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`

/** `CONSOLE_BENCH_SIZES=10000` runs one size (after the baseline); the default shows the growth. */
const defaultSizes = process.env.CONSOLE_BENCH_SIZES ? process.env.CONSOLE_BENCH_SIZES.split(',').map(Number) : [1_000, 10_000]

export async function consolePullBenchmark(sizes: readonly number[] = defaultSizes): Promise<void> {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    process.stdout.write('Building the console (npm run build) for the console benchmarks…\n')
    spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'ignore' })
  }
  const bundle = initialBundleSize()
  process.stdout.write(
    `console initial bundle (loaded before any view)\n` +
      `  initial ${kib(bundle.initialBytes)} of ${kib(bundle.totalBytes)} shipped (${((100 * bundle.initialBytes) / bundle.totalBytes).toFixed(0)} %): ${bundle.files.join(', ')}\n`,
  )

  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(chromiumPath)) {
    process.stdout.write(`console pull: skipped, no Chromium at ${chromiumPath} (set CHROMIUM_PATH)\n`)
    return
  }
  await buildRelayBundle()
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', browserFlag],
  })
  try {
    const baseline = await timeConsole(browser, 0)
    process.stdout.write(
      `console pull: a newly paired console shows Bookings and Reconciliation (target under ${seconds(consolePullTargetMs)} at 10,000 + 10,000)\n` +
        `  load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores (wall times stretch under load; CPU times much less)\n` +
        `  times are when the page shows each view complete; "harness" is when Playwright noticed (its polling and clicks add to it)\n` +
        `  baseline  empty relay: synced ${seconds(baseline.syncedMs)}, bookings ${seconds(baseline.bookingsMs)}, both views ${seconds(baseline.totalMs)} (harness ${seconds(baseline.observedMs)})${cpuLine(baseline.cpu)}\n`,
    )
    let previous: { count: number; totalMs: number } | null = null
    for (const count of sizes) {
      const result = await timeConsole(browser, count)
      const growth = previous ? `, ${(result.totalMs / previous.totalMs).toFixed(2)}x the ${previous.count.toLocaleString('en-US')} run for ${(count / previous.count).toFixed(0)}x the data` : ''
      const verdict = count >= 10_000 ? (result.totalMs < consolePullTargetMs ? ' (within target)' : ' (OVER TARGET)') : ''
      process.stdout.write(
        `  candidate ${count.toLocaleString('en-US')} bookings + ${count.toLocaleString('en-US')} transactions: synced ${seconds(result.syncedMs)}, bookings ${seconds(result.bookingsMs)}, ` +
          `both views ${seconds(result.totalMs)}${verdict} (harness ${seconds(result.observedMs)})${cpuLine(result.cpu)}\n` +
          `  ratio ${(result.totalMs / baseline.totalMs).toFixed(2)}x baseline${growth}\n`,
      )
      previous = { count, totalMs: result.totalMs }
    }
  } finally {
    await browser.close()
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await consolePullBenchmark()
}
