import { chmodSync, mkdirSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from './database'
import { restrictDataDir } from './private-files'

const modeOf = (path: string) => statSync(path).mode & 0o777

describe.skipIf(process.platform === 'win32')('private data folder', () => {
  it('creates the folder 0700 and the database, its WAL and SHM 0600, whatever the umask', () => {
    const previous = process.umask(0o000)
    try {
      const dataDir = join(mkdtempSync(join(tmpdir(), 'private-')), 'data')
      const db = openDatabase(dataDir)
      db.prepare("INSERT INTO audit_log (at, kind, detail) VALUES ('2026-11-01', 'probe', '{}')").run()
      expect(modeOf(dataDir)).toBe(0o700)
      for (const file of ['relay.sqlite', 'relay.sqlite-wal', 'relay.sqlite-shm', 'relay.key']) {
        expect([file, modeOf(join(dataDir, file))]).toEqual([file, 0o600])
      }
      db.close()
    } finally {
      process.umask(previous)
    }
  })

  it('narrows wider permissions found in the folder and reports each change', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'private-'))
    chmodSync(dataDir, 0o755)
    writeFileSync(join(dataDir, 'relay.sqlite'), '')
    chmodSync(join(dataDir, 'relay.sqlite'), 0o664)
    writeFileSync(join(dataDir, 'relay.key'), 'k', { mode: 0o400 })
    mkdirSync(join(dataDir, 'logs'), { mode: 0o777 })
    chmodSync(join(dataDir, 'logs'), 0o777)
    writeFileSync(join(dataDir, 'logs', 'relay.log'), '')
    chmodSync(join(dataDir, 'logs', 'relay.log'), 0o644)
    // A link to a file elsewhere is not the relay's to change.
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'elsewhere-')), 'shared.txt')
    writeFileSync(elsewhere, '')
    chmodSync(elsewhere, 0o644)
    symlinkSync(elsewhere, join(dataDir, 'link.txt'))

    const corrections = restrictDataDir(dataDir)
    expect(corrections.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: '.', from: '0755', to: '0700' },
      { path: 'logs', from: '0777', to: '0700' },
      { path: 'logs/relay.log', from: '0644', to: '0600' },
      { path: 'relay.sqlite', from: '0664', to: '0600' },
    ])
    expect(modeOf(join(dataDir, 'relay.key'))).toBe(0o400)
    expect(modeOf(elsewhere)).toBe(0o644)
    // A second start finds nothing to change.
    expect(restrictDataDir(dataDir)).toEqual([])
  })
})
