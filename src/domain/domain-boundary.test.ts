import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * src/domain is shared by the relay and the console, so it may import only other domain
 * modules and side-effect-free libraries. Test files are exempt: they may use test tools.
 */
const allowedPackages = new Set([
  'typebox',
  'chrono-node',
  '@date-fns/tz',
  'zipcodes',
  'fuzzball',
  'libphonenumber-js',
  'compromise',
  'tinyld',
  '@nlpjs/lang-en-min',
  'double-metaphone',
])
const domainDir = import.meta.dirname

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : []
  })
}

function forbiddenImports(file: string, source: string): string[] {
  const specifiers = [
    ...source.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g),
    ...source.matchAll(/(?:import|require)\s*\(\s*['"]([^'"]+)['"]/g),
    ...source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
  ].map((match) => match[1]!)
  return specifiers.filter((specifier) => {
    if (specifier.startsWith('.')) {
      return relative(domainDir, join(dirname(file), specifier)).startsWith('..')
    }
    const [scopeOrName, name] = specifier.split('/')
    const packageName = specifier.startsWith('@') ? `${scopeOrName}/${name}` : scopeOrName!
    return !allowedPackages.has(packageName)
  })
}

describe('domain boundary', () => {
  it('flags frameworks, Node built-ins and code outside the domain', () => {
    const file = join(domainDir, 'pricing', 'quote.ts')
    const source = [
      "import { Type } from 'typebox'",
      "import { formatCents } from '../money'",
      "import Fastify from 'fastify'",
      "import { readFileSync } from 'node:fs'",
      "import { useStore } from '../../renderer/src/stores/app'",
      "const electron = require('electron')",
      "import 'rxdb'",
    ].join('\n')
    expect(forbiddenImports(file, source)).toEqual([
      'fastify',
      'node:fs',
      '../../renderer/src/stores/app',
      'electron',
      'rxdb',
    ])
  })

  it('holds for every module in src/domain', () => {
    const offenders = sourceFiles(domainDir).flatMap((file) =>
      forbiddenImports(file, readFileSync(file, 'utf8')).map(
        (specifier) => `${relative(domainDir, file)} imports ${specifier}`,
      ),
    )
    expect(offenders).toEqual([])
  })
})
