/**
 * Durability under crashes: the real relay process (`npm run relay`) takes concurrent signed
 * webhook deliveries and sync pushes, and is killed with SIGKILL at a random moment, then started
 * again on the same data folder, 20 times. Every request it answered 2xx must have been kept:
 * each acknowledged webhook is in the inbox by its provider event id, and each acknowledged push
 * is in the documents with the content that was pushed.
 *
 * The kill moments come from a seed printed at the start; `DURABILITY_SEED=<n>` replays a run.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type Sandbox } from '../sandbox/index'
import { buildInstantSmsNotification } from '../sandbox/ringcentral/payloads'
import { DeviceRegistry } from '../src/storage/device-registry'
import { canaries } from '../src/logging/leak-scan'
import { openDatabase } from '../src/storage/database'
import { DocumentStore } from '../src/storage/document-store'

const root = fileURLToPath(new URL('../../', import.meta.url))
// tsx as a loader inside the relay's own Node process: its CLI would run the relay in a child
// process, which a SIGKILL to the CLI would leave running.
const withTsx = ['--import', 'tsx']
const relayCli = join(root, 'server/src/cli/relay.ts')

const crashes = 20
/**
 * When each kill comes, once the relay is answering the load: from at once to well into it
 * (counted from its first few acknowledgements, so a slow start on a busy machine still gets
 * killed mid-load rather than before any request).
 */
const killDelayMs = fc.integer({ min: 0, max: 800 })
const acknowledgementsBeforeKillWindow = 3
/** Texts come from a few dozen numbers (one thread each), the canary number among them. */
const texterNumbers = [canaries.phone, ...Array.from({ length: 40 }, (_, index) => `+1415555${String(100 + index).padStart(4, '0')}`)]
const seed = Number(process.env.DURABILITY_SEED ?? Date.now() % 2 ** 31)

interface Acknowledged {
  stripeEvents: string[]
  ringCentralEvents: string[]
  /** New customers: id → the notes they were pushed with. */
  pushedCustomers: Map<string, string>
  /** Edits of one long-lived customer per editor, in the order sent. */
  edits: Map<string, { notes: string; isAcknowledged: boolean }[]>
  /** Requests sent that got no 2xx (refused connection, reset, or an error status). */
  unanswered: number
}

function acknowledgedCount(acknowledged: Acknowledged): number {
  const edits = [...acknowledged.edits.values()].flat().filter((attempt) => attempt.isAcknowledged).length
  return acknowledged.stripeEvents.length + acknowledged.ringCentralEvents.length + acknowledged.pushedCustomers.size + edits
}

type CustomerFields = Record<string, unknown> & { id: string }

function customer(id: string, notes: string): CustomerFields {
  const at = new Date().toISOString()
  return { id, updatedAt: at, name: canaries.customerName, phone: null, email: null, notes, smsOptOut: false, createdAt: at, _deleted: false }
}

let sandbox: Sandbox
/** What each editor last knew of its customer on the relay, carried across crashes. */
const editorMasters = new Map<string, CustomerFields | null>()
let dataDir: string
let env: Record<string, string>

beforeAll(async () => {
  sandbox = await startSandbox()
  dataDir = mkdtempSync(join(tmpdir(), 'relay-durability-'))
  env = {
    PATH: process.env.PATH ?? '',
    TMPDIR: tmpdir(),
    // With its app credentials the relay runs RingCentral "live" against the simulator, so it keeps
    // this sandbox's Verification-Token instead of starting an embedded sandbox of its own.
    ...sandbox.relayEnv({ withRingCentralCredentials: true }),
    RELAY_HOST: '127.0.0.1',
    RELAY_DATA_DIR: dataDir,
  }
})

afterAll(async () => {
  // A failed assertion mid-run must not leave a relay behind.
  if (latestRelay && latestRelay.child.exitCode === null && latestRelay.child.signalCode === null) {
    latestRelay.child.kill('SIGKILL')
    await latestRelay.exited
  }
  await sandbox?.close()
})

interface RunningRelay {
  child: ChildProcess
  url: string
  exited: Promise<void>
}

let latestRelay: RunningRelay | undefined

async function startRelay(port: number): Promise<RunningRelay> {
  const child = spawn(process.execPath, [...withTsx, relayCli], { cwd: root, env: { ...env, RELAY_PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  latestRelay = { child, url: '', exited }
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { url?: string }
        if (entry.url) resolve(entry.url)
      } catch {
        // not a log line
      }
    })
    void exited.then(() => reject(new Error(`the relay exited before it was ready:\n${stderr}`)))
  })
  // Keep draining its output so a full pipe never blocks it.
  child.stdout!.resume()
  return { child, url, exited }
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<Response | null> {
  try {
    return await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, signal: AbortSignal.timeout(10_000) })
  } catch {
    return null // refused, reset by the kill, or too slow: not acknowledged
  }
}

/** Keeps sending until `stop()` says the relay is gone; records what was acknowledged. */
async function driveLoad(relay: RunningRelay, deviceToken: string, round: number, acknowledged: Acknowledged, isStopped: () => boolean) {
  const stripeSender = async () => {
    while (!isStopped()) {
      // The simulator builds and signs the event as Stripe does and reports our answer.
      const { event, deliveries } = await sandbox.stripe.checkoutCompleted({ amountTotal: 10_000, webhookUrl: `${relay.url}/webhooks/stripe` })
      const status = deliveries.at(-1)?.status ?? 0
      if (status >= 200 && status < 300) acknowledged.stripeEvents.push(event.id)
      else acknowledged.unanswered += 1
    }
  }
  const ringCentralSender = async () => {
    while (!isStopped()) {
      const from = texterNumbers[Math.floor(Math.random() * texterNumbers.length)]!
      const notification = buildInstantSmsNotification({ from, text: canaries.customerText })
      const response = await post(`${relay.url}/webhooks/ringcentral`, JSON.stringify(notification), {
        'verification-token': sandbox.secrets.ringCentral.verificationToken,
        'user-agent': 'RingCentral-Webhook/8.3',
      })
      if (response?.ok) acknowledged.ringCentralEvents.push(notification.uuid)
      else acknowledged.unanswered += 1
    }
  }
  const push = async (rows: { assumedMasterState: CustomerFields | null; newDocumentState: CustomerFields }[]) => {
    const response = await post(`${relay.url}/sync/customers/push`, JSON.stringify(rows), { authorization: `Bearer ${deviceToken}` })
    if (!response?.ok) return null
    // The conflicting master documents: none means the relay says the edit is applied.
    return (await response.json()) as CustomerFields[]
  }
  const creator = async () => {
    while (!isStopped()) {
      const created = customer(`cus_new_${randomUUID()}`, `created in round ${round}: ${randomUUID()}`)
      const conflicts = await push([{ assumedMasterState: null, newDocumentState: created }])
      if (conflicts?.length === 0) acknowledged.pushedCustomers.set(created.id, created.notes as string)
      else acknowledged.unanswered += 1
    }
  }
  // Edits one customer over and over, as a console does: each edit assumes the last state the
  // relay confirmed (or sent back as a conflict).
  const editor = (customerId: string) => async () => {
    const attempts = acknowledged.edits.get(customerId) ?? []
    acknowledged.edits.set(customerId, attempts)
    let master = editorMasters.get(customerId) ?? null
    while (!isStopped()) {
      const edited = { ...(master ?? customer(customerId, '')), notes: `edited in round ${round}: ${randomUUID()}` }
      const attempt = { notes: edited.notes, isAcknowledged: false }
      attempts.push(attempt)
      const conflicts = await push([{ assumedMasterState: master, newDocumentState: edited }])
      if (conflicts?.length === 0) {
        attempt.isAcknowledged = true
        master = edited
      } else {
        if (conflicts?.[0]) master = conflicts[0]
        acknowledged.unanswered += 1
      }
      editorMasters.set(customerId, master)
    }
  }
  await Promise.all([
    stripeSender(),
    stripeSender(),
    ringCentralSender(),
    ringCentralSender(),
    creator(),
    editor('cus_edited_1')(),
    editor('cus_edited_2')(),
  ])
}

describe('the relay killed with SIGKILL during webhook ingest and sync', () => {
  it(`keeps every acknowledged webhook and push across ${crashes} crashes`, async () => {
    process.stdout.write(`Durability seed ${seed} (replay with DURABILITY_SEED=${seed})\n`)
    const delays = fc.sample(killDelayMs, { seed, numRuns: crashes })

    const acknowledged: Acknowledged = { stripeEvents: [], ringCentralEvents: [], pushedCustomers: new Map(), edits: new Map(), unanswered: 0 }
    const pairingDb = openDatabase(dataDir)
    const { code } = await new DeviceRegistry(pairingDb).createPairingCode('owner')
    pairingDb.close()

    let relay = await startRelay(0)
    const port = Number(new URL(relay.url).port)
    const paired = await post(`${relay.url}/devices/pair`, JSON.stringify({ code, name: 'durability console' }), {})
    expect(paired?.status).toBe(201)
    const { token } = (await paired!.json()) as { token: string }

    for (const [round, delay] of delays.entries()) {
      if (round > 0) relay = await startRelay(port)
      let killed = false
      const load = driveLoad(relay, token, round, acknowledged, () => killed)
      const before = acknowledgedCount(acknowledged)
      await expect.poll(() => acknowledgedCount(acknowledged) - before, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(acknowledgementsBeforeKillWindow)
      await new Promise((resolve) => setTimeout(resolve, delay))
      relay.child.kill('SIGKILL')
      await relay.exited
      killed = true
      await load
    }

    // It starts again after the last crash, and then its storage is read directly.
    relay = await startRelay(port)
    relay.child.kill('SIGTERM')
    await relay.exited

    const db = openDatabase(dataDir)
    try {
      const stored = (provider: string) =>
        new Set((db.prepare('SELECT event_id FROM webhook_events WHERE provider = ?').all(provider) as { event_id: string }[]).map((row) => row.event_id))
      const documents = new DocumentStore(db)
      const missingStripe = acknowledged.stripeEvents.filter((id) => !stored('stripe').has(id))
      const missingRingCentral = acknowledged.ringCentralEvents.filter((id) => !stored('ringcentral').has(id))
      const missingPushes = [...acknowledged.pushedCustomers].filter(([id, notes]) => documents.get('customers', id)?.notes !== notes)
      // An edited customer holds its last acknowledged edit, or a later one the crash cut off
      // before its answer (applied but never confirmed); never an older one.
      const lostEdits = [...acknowledged.edits].flatMap(([id, attempts]) => {
        const lastAcknowledged = attempts.findLastIndex((attempt) => attempt.isAcknowledged)
        if (lastAcknowledged === -1) return []
        const acceptable = attempts.slice(lastAcknowledged).map((attempt) => attempt.notes)
        const notes = documents.get('customers', id)?.notes
        return acceptable.includes(notes as string) ? [] : [{ id, expected: attempts[lastAcknowledged]!.notes, found: notes }]
      })
      const acknowledgedEdits = [...acknowledged.edits.values()].flat().filter((attempt) => attempt.isAcknowledged).length

      process.stdout.write(
        `Acknowledged across ${crashes} crashes: ${acknowledged.stripeEvents.length} Stripe and ` +
          `${acknowledged.ringCentralEvents.length} RingCentral webhooks, ${acknowledged.pushedCustomers.size} new customers and ` +
          `${acknowledgedEdits} edits pushed ` +
          `(${acknowledged.unanswered} requests not acknowledged)\n`,
      )
      // Every kind of request was acknowledged (each round waited for acknowledgements before its
      // kill), and some requests really were cut off by the crashes.
      expect(acknowledged.stripeEvents.length).toBeGreaterThan(0)
      expect(acknowledged.ringCentralEvents.length).toBeGreaterThan(0)
      expect(acknowledged.pushedCustomers.size).toBeGreaterThan(0)
      expect(acknowledgedEdits).toBeGreaterThan(0)
      expect(acknowledgedCount(acknowledged)).toBeGreaterThanOrEqual(crashes * acknowledgementsBeforeKillWindow)
      expect(acknowledged.unanswered).toBeGreaterThan(0)
      expect({ missingStripe, missingRingCentral, missingPushes, lostEdits }).toEqual({
        missingStripe: [],
        missingRingCentral: [],
        missingPushes: [],
        lostEdits: [],
      })
    } finally {
      db.close()
    }
  }, 480_000)
})
