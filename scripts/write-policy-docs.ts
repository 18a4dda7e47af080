/**
 * `npm run docs:policy`: writes the write-policy table (src/domain/sync/write-policy) between the
 * `write-policy` markers of README.md and SECURITY.md. `--check` only reports whether they match.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { writePolicyTable } from '../src/domain/sync/write-policy'

export const policyDocuments = ['README.md', 'SECURITY.md'] as const
const begin = '<!-- write-policy:begin -->'
const end = '<!-- write-policy:end -->'

/** The document with the current table between its markers. */
export function withPolicyTable(markdown: string): string {
  const from = markdown.indexOf(begin)
  const to = markdown.indexOf(end)
  if (from < 0 || to < from) throw new Error(`missing ${begin} … ${end}`)
  return `${markdown.slice(0, from + begin.length)}\n${writePolicyTable()}\n${markdown.slice(to)}`
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes('--check')
  let stale = 0
  for (const name of policyDocuments) {
    const path = fileURLToPath(new URL(`../${name}`, import.meta.url))
    const current = readFileSync(path, 'utf8')
    const next = withPolicyTable(current)
    if (next === current) continue
    stale++
    if (!check) writeFileSync(path, next)
    process.stdout.write(`${check ? 'out of date' : 'updated'}: ${name}\n`)
  }
  process.exitCode = check && stale > 0 ? 1 : 0
}
