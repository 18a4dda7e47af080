/**
 * `npm run check:electron`: Electronegativity over the built app (`out/`, what actually ships).
 * Fails on any file it could not parse, any high-severity finding, and any medium finding that
 * is not suppressed with a written reason in electronegativity-suppressions.json.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

interface Issue {
  id: string
  file: string
  location?: { line?: number }
  severity: { name?: string } | string
  confidence: { name?: string } | string
  description: string
}
interface Suppression {
  check: string
  file: string
  reason: string
}

const root = fileURLToPath(new URL('../', import.meta.url))
const require = createRequire(import.meta.url)
const electronegativity = require('@doyensec/electronegativity') as { default?: Run } & Run
type Run = (options: Record<string, unknown>, forCli: boolean) => Promise<{ issues: Issue[]; errors: { file: string; message: string; tolerable: boolean }[] }>
const run = electronegativity.default ?? electronegativity

/**
 * A bundled chunk's name carries a content hash (`ReconciliationView-0Zh-ACFf.js`) that changes with
 * any edit to it; suppressions name the chunk without it, so a rebuild does not drop the reason.
 */
function withoutContentHash(file: string): string {
  return file.replace(/^(renderer\/assets\/[A-Za-z]+)-[A-Za-z0-9_-]{8}(\.(?:js|css))$/, '$1$2')
}

const suppressions = JSON.parse(readFileSync(`${root}scripts/electronegativity-suppressions.json`, 'utf8')) as Suppression[]
const name = (value: { name?: string } | string) => (typeof value === 'string' ? value : (value.name ?? '?'))
const electronVersion = (JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { devDependencies: Record<string, string> })
  .devDependencies.electron!.replace(/^[^\d]*/, '')

async function main(): Promise<number> {
  if (!existsSync(`${root}out/main/index.js`)) {
    process.stderr.write('Build the app first (npm run build): the check scans what ships, in out/.\n')
    return 2
  }
  for (const suppression of suppressions) {
    if (suppression.file !== withoutContentHash(suppression.file)) throw new Error(`Suppression of ${suppression.check} names ${suppression.file}: leave out the content hash`)
    if (suppression.reason.trim().length < 20) throw new Error(`Suppression of ${suppression.check} needs a written reason`)
  }
  const result = await run(
    { input: `${root}out`, isRelative: true, isVerbose: false, customScan: [], electronVersionOverride: electronVersion },
    false,
  )
  const parseFailures = result.errors.filter((error) => !error.tolerable)
  const findings = result.issues.map((issue) => {
    const file = issue.file.replace(/^out\//, '')
    const suppression = suppressions.find((s) => s.check === issue.id && s.file === withoutContentHash(file))
    return { ...issue, file, severityName: name(issue.severity), suppression }
  })
  const blocking = findings.filter(
    (finding) => finding.severityName === 'HIGH' || (finding.severityName === 'MEDIUM' && !finding.suppression),
  )

  for (const finding of findings) {
    const status = blocking.includes(finding) ? 'FAIL' : finding.suppression ? 'suppressed' : 'ok (low)'
    process.stdout.write(
      `${status.padEnd(10)} ${finding.severityName.padEnd(6)} ${finding.id} ${finding.file}:${finding.location?.line ?? '?'} — ${finding.description}\n`,
    )
    if (finding.suppression) process.stdout.write(`           reason: ${finding.suppression.reason}\n`)
  }
  for (const failure of parseFailures) process.stdout.write(`FAIL       could not parse ${failure.file}: ${failure.message}\n`)
  const high = findings.filter((f) => f.severityName === 'HIGH').length
  process.stdout.write(
    `Electronegativity: ${findings.length} findings (${high} high, ${blocking.length} blocking), ${parseFailures.length} files not parsed.\n`,
  )
  return blocking.length === 0 && parseFailures.length === 0 ? 0 : 1
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error.message}\n`)
    process.exit(1)
  },
)
