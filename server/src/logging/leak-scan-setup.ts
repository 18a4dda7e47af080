/**
 * Vitest global setup: the whole unit run gets its own temporary folder (every test's data folder
 * is made with `os.tmpdir()`, so relays started by tests, in process or as `npm run relay`, write
 * their logs under it). At the end, every log file there is scanned for canaries, personal data
 * and credentials; a leak fails the run and keeps the folder for inspection.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { findLeaks } from './leak-scan'

function logFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.log'))
    .map((entry) => join(entry.parentPath, entry.name))
}

// Each test project runs this setup, possibly from a module of its own: the first one's folder and
// scan serve them all. The mark lives in this process only; a run started by a child never inherits it.
const runStarted = Symbol.for('switchboard.leak-scan.run')
const processMarks = globalThis as typeof globalThis & { [runStarted]?: boolean }

export default function setup(): () => void {
  if (processMarks[runStarted]) return () => {}
  processMarks[runStarted] = true
  const previousTmpDir = process.env.TMPDIR
  const runDir = mkdtempSync(join(tmpdir(), 'switchboard-unit-run-'))
  // Test workers are started after this and inherit it.
  process.env.TMPDIR = runDir
  return () => {
    processMarks[runStarted] = false
    if (previousTmpDir === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = previousTmpDir
    const files = logFilesUnder(runDir)
    const leaks = files.flatMap((file) => findLeaks(readFileSync(file, 'utf8')).map((kind) => `${kind} in ${relative(runDir, file)}`))
    if (leaks.length > 0) {
      // Vitest reports an error thrown here but does not fail the run for it on its own.
      process.exitCode = 1
      throw new Error(`Personal data or secrets in the relay logs written by the tests (kept in ${runDir}):\n  ${leaks.join('\n  ')}`)
    }
    process.stdout.write(`Log privacy scan: ${files.length} relay log file(s) written by the tests hold no canary, personal data or secret.\n`)
    rmSync(runDir, { recursive: true, force: true })
  }
}
