import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Test-only modules (doubles, kits, fixtures) live in `testing/` folders beside what they serve,
 * and production code never imports them, so no bundle carries them.
 */
const root = join(import.meta.dirname, '..')
const productionRoots = ['src', 'server/src']

function productionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'testing' || entry.name === 'node_modules' ? [] : productionFiles(path)
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : []
  })
}

export function testingImports(source: string): string[] {
  return [...source.matchAll(/(?:from\s+|import\s*\(\s*|^\s*import\s+)['"]([^'"]*\/testing\/[^'"]*)['"]/gm)].map((match) => match[1]!)
}

describe('test-only modules', () => {
  it('recognises an import from a testing folder, static or dynamic', () => {
    expect(testingImports("import { fakeOsKeychain } from './testing/fake-os-keychain'")).toEqual(['./testing/fake-os-keychain'])
    expect(testingImports("const kit = await import('../services/testing/ringcentral-test-kit')")).toEqual(['../services/testing/ringcentral-test-kit'])
    expect(testingImports("import { createOsKeychain } from './os-keychain'")).toEqual([])
  })

  it('are never imported by production code', () => {
    const offenders = productionRoots.flatMap((dir) =>
      productionFiles(join(root, dir)).flatMap((file) => testingImports(readFileSync(file, 'utf8')).map((specifier) => `${relative(root, file)} → ${specifier}`)),
    )
    expect(offenders).toEqual([])
  })

  it('no longer sit in production folders', () => {
    const names = ['ringcentral-test-kit', 'fake-os-keychain', 'handler-doubles', 'test-support']
    const misplaced = productionRoots.flatMap((dir) =>
      productionFiles(join(root, dir)).filter((file) => names.some((name) => file.endsWith(`/${name}.ts`))),
    )
    expect(misplaced.map((file) => relative(root, file))).toEqual([])
  })
})
