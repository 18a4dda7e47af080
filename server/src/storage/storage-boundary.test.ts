import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * `storage/` owns every query: services ask its repositories questions by name, so the relay
 * can move to another engine by changing this folder alone. Tests are exempt (they may seed or
 * inspect tables directly).
 */
const serverSrc = join(import.meta.dirname, '..')
const storageDir = import.meta.dirname

const sqlPatterns: [string, RegExp][] = [
  ['a prepared statement', /\.prepare\s*\(/],
  ['raw SQL run on the database', /\.exec\s*\(\s*['"`]/],
  ['a pragma', /\.pragma\s*\(/],
  ['a JSON path query', /\bjson_(?:extract|each|set|array_length)\s*\(/i],
  ['a SELECT', /['"`][^'"`]*\bSELECT\b[^'"`]*\bFROM\b/],
  ['an INSERT', /\bINSERT\s+(?:OR\s+\w+\s+)?INTO\b/],
  ['an UPDATE', /\bUPDATE\s+\w+\s+SET\b/],
  ['a DELETE', /\bDELETE\s+FROM\b/],
  ['a schema change', /\b(?:CREATE|DROP|ALTER)\s+(?:TABLE|INDEX)\b/],
  ['the SQLite driver', /from\s+['"]better-sqlite3['"]/],
  ['the PostgreSQL driver', /from\s+['"]pg['"]/],
]

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return path === storageDir ? [] : sourceFiles(path)
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : []
  })
}

export function sqlFindings(source: string): string[] {
  return source.split('\n').flatMap((line, index) => sqlPatterns.filter(([, pattern]) => pattern.test(line)).map(([what]) => `line ${index + 1}: ${what}`))
}

describe('storage boundary', () => {
  it('recognises queries however they are written', () => {
    expect(sqlFindings("db.prepare('SELECT 1 FROM t')")).toEqual(['line 1: a prepared statement', 'line 1: a SELECT'])
    expect(sqlFindings('const rows = this.db\n  .prepare(\n    `SELECT id FROM documents WHERE json_extract(body, \'$.x\') = ?`')).toEqual([
      'line 2: a prepared statement',
      'line 3: a JSON path query',
      'line 3: a SELECT',
    ])
    expect(sqlFindings("db.exec(`CREATE TABLE t (x)`)")).toEqual(['line 1: raw SQL run on the database', 'line 1: a schema change'])
    expect(sqlFindings("  'INSERT OR IGNORE INTO sms_opt_outs (phone) VALUES (?)',")).toEqual(['line 1: an INSERT'])
    expect(sqlFindings("import Database from 'better-sqlite3'")).toEqual(['line 1: the SQLite driver'])
    expect(sqlFindings("import pg from 'pg'")).toEqual(['line 1: the PostgreSQL driver'])
    // Regular expressions and prose are not queries.
    expect(sqlFindings("const m = /^Bearer\\s+(\\S+)$/i.exec(header)\n// select the newest call, then update it")).toEqual([])
  })

  it('finds no SQL in server/src outside storage/', () => {
    const offenders = sourceFiles(serverSrc).flatMap((file) =>
      sqlFindings(readFileSync(file, 'utf8')).map((finding) => `${relative(serverSrc, file)} ${finding}`),
    )
    expect(offenders).toEqual([])
  })

  it('never switches a statement to another mode or iterates it, so statements can be shared (database.ts)', () => {
    const everyFile = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name)
        if (entry.isDirectory()) return everyFile(path)
        return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : []
      })
    const modes = /\.(?:pluck|raw|expand|safeIntegers|iterate)\s*\(/
    const offenders = everyFile(serverSrc).filter((file) => modes.test(readFileSync(file, 'utf8'))).map((file) => relative(serverSrc, file))
    expect(offenders).toEqual([])
  })
})
