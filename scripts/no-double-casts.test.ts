import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Untyped values (documents a device pushed, provider payloads, SDK objects whose declared types
 * leave out what is used) are narrowed by checking them (a schema, a type guard), never by a
 * double cast through `unknown`, which tells the compiler to stop checking. The console's RxDB
 * storage plugin is left out: it adapts RxDB's own generic storage types to each other.
 */
const root = join(import.meta.dirname, '..')
const productionRoots = ['server/src', 'src', 'scripts']
const exempt = ['src/renderer/src/db/persisted-memory-storage.ts']

function productionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'testing' || entry.name === 'node_modules' ? [] : productionFiles(path)
    return /\.tsx?$/.test(entry.name) && !/\.(test|spec)\.tsx?$/.test(entry.name) ? [path] : []
  })
}

export function doubleCasts(source: string): number[] {
  return source.split('\n').flatMap((line, index) => (/\bas\s+unknown\s+as\b/.test(line) && !/^\s*(\/\/|\*)/.test(line) ? [index + 1] : []))
}

describe('no double casts', () => {
  it('recognises a cast through unknown, however it is spaced, and not prose', () => {
    expect(doubleCasts('const booking = document as unknown as Booking')).toEqual([1])
    expect(doubleCasts('const a = 1\nconst b = (x as  unknown\tas Y)')).toEqual([2])
    expect(doubleCasts('// never `as unknown as` here\nconst c = value as Booking')).toEqual([])
  })

  it('finds none in the relay, the console (domain, main, preload, renderer) or the scripts', () => {
    const offenders = productionRoots.flatMap((dir) =>
      productionFiles(join(root, dir))
        .filter((file) => !exempt.includes(relative(root, file)))
        .flatMap((file) => doubleCasts(readFileSync(file, 'utf8')).map((line) => `${relative(root, file)}:${line}`)),
    )
    expect(offenders).toEqual([])
  })
})
