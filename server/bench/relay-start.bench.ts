/**
 * A relay restarting on a large business: how long until it listens (webhooks and consoles are
 * answered), until it has worked through its bookings (statuses, scheduled texts: its CPU goes
 * quiet) and how long `/healthz` took at worst meanwhile, for an empty data folder (the baseline)
 * and for 1,000 and 10,000 bookings.
 * The relay runs from its bundle in a process of its own, as `npm run relay` does.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { buildRelayBundle } from '../../scripts/build-relay'
import { deriveBookingStatus } from '../../src/domain/bookings'
import { demoBusinessProfile } from '../../src/domain/business-profile'
import type { Booking } from '../../src/domain/schemas'
import { openDatabase } from '../src/storage/database'
import { DocumentStore } from '../src/storage/document-store'
import { startRelayProcess } from './relay-process'

const sizes = [0, 1_000, 10_000]

function seededDataDir(count: number): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-relay-start-'))
  const db = openDatabase(dataDir)
  const documents = new DocumentStore(db)
  const now = new Date()
  const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10)
  documents.transaction(() => {
    documents.put('settings', demoBusinessProfile(now.toISOString()))
    for (let i = 0; i < count; i++) {
      const adults = 10 + (i % 40)
      const totalCents = adults * 5_500
      const facts: Omit<Booking, 'updatedAt' | 'status'> = {
        id: `bk_${i}`, customerId: null, customerName: `Guest ${i}`, customerPhone: `+1408555${String(i % 10_000).padStart(4, '0')}`, customerEmail: null,
        // A year back to a year ahead: past parties to complete, coming ones with texts to plan.
        eventDate: day((i % 730) - 365), eventTime: i % 2 === 0 ? '12:00' : '17:00', adults, kids: 0, address: null, zip: '94539',
        subtotalCents: totalCents, travelFeeCents: 0, totalCents, depositCents: 10_000, paidCents: i % 3 === 0 ? 10_000 : 0, notes: '',
        createdAt: new Date(now.getTime() - (i % 400) * 86_400_000).toISOString(), quotedAt: now.toISOString(), confirmedAt: i % 3 === 1 ? null : now.toISOString(),
      }
      documents.put('bookings', { ...facts, status: deriveBookingStatus(facts, day(0)) })
    }
  })
  db.close()
  return dataDir
}

interface StartTiming {
  listeningMs: number
  /** Until the relay's CPU goes quiet: its bookings worked through. */
  caughtUpMs: number
  /** The slowest `/healthz` answer while it caught up: what a webhook or a console waits. */
  slowestAnswerMs: number
}

/** CPU seconds a process has used so far, from /proc (Linux), or null elsewhere. */
function cpuSecondsOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return null
  }
}

async function timeStart(bundle: string, dataDir: string): Promise<StartTiming> {
  const started = performance.now()
  const { url, child } = await startRelayProcess(dataDir, { bundle, stderr: 'ignore' })
  try {
    const listeningMs = performance.now() - started
    // Ask /healthz every 100 ms until the relay has used under 20 ms of CPU in the last 500 ms.
    let slowestAnswerMs = 0
    const cpu: { at: number; seconds: number }[] = []
    for (const deadline = Date.now() + 300_000; Date.now() < deadline; ) {
      const asked = performance.now()
      await fetch(`${url}/healthz`).catch(() => undefined)
      slowestAnswerMs = Math.max(slowestAnswerMs, performance.now() - asked)
      const seconds = cpuSecondsOf(child.pid!)
      if (seconds === null) break
      cpu.push({ at: performance.now(), seconds })
      const windowStart = cpu.find((sample) => sample.at >= performance.now() - 500)
      if (windowStart && performance.now() - cpu[0]!.at >= 500 && seconds - windowStart.seconds < 0.02) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    return { listeningMs, caughtUpMs: (cpu.at(-1)?.at ?? performance.now()) - started, slowestAnswerMs }
  } finally {
    child.kill('SIGINT')
    await new Promise((resolve) => child.once('exit', resolve))
  }
}

export async function relayStartBenchmark(): Promise<void> {
  const bundle = await buildRelayBundle()
  process.stdout.write('relay restart: until it listens, until its CPU goes quiet (its bookings worked through), and the slowest /healthz answer meanwhile\n')
  let baseline: StartTiming | null = null
  for (const count of sizes) {
    const dataDir = seededDataDir(count)
    try {
      const timing = await timeStart(bundle, dataDir)
      baseline ??= timing
      const label = count === 0 ? 'baseline  empty relay' : `candidate ${count.toLocaleString('en-US')} bookings`
      const ratio = count === 0 ? '' : `; ratio ${(timing.listeningMs / baseline.listeningMs).toFixed(2)}x / ${(timing.caughtUpMs / baseline.caughtUpMs).toFixed(2)}x baseline`
      process.stdout.write(
        `  ${label}: listening ${(timing.listeningMs / 1000).toFixed(2)} s, caught up ${(timing.caughtUpMs / 1000).toFixed(2)} s, slowest answer meanwhile ${timing.slowestAnswerMs.toFixed(0)} ms${ratio}\n`,
      )
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
