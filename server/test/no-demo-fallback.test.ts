/**
 * The demo business exists only in demo mode: no production module may reach for its profile
 * as a stand-in for the owner's settings. Only the demo itself (seeding it on the built-in
 * sandbox) and the command-line tools (which use it without `--settings`, and say so) may.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))
const allowed = new Set(['src/domain/business-profile.ts', 'server/src/cli/business-option.ts'])
const allowedFolders = ['server/src/demo/']

function productionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : productionFiles(path)
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$|test-support\.ts$/.test(entry.name) ? [path] : []
  })
}

describe('no demo data outside demo mode', () => {
  it('keeps the demo business profile out of every production module but the demo and the command-line tools', () => {
    const offenders = [...productionFiles(join(root, 'src')), ...productionFiles(join(root, 'server/src'))]
      .map((file) => relative(root, file).split('\\').join('/'))
      .filter((file) => !allowed.has(file) && !allowedFolders.some((folder) => file.startsWith(folder)))
      .filter((file) => /business-profile['"]|demoBusinessProfile/.test(readFileSync(join(root, file), 'utf8')))
    expect(offenders).toEqual([])
  })
})
