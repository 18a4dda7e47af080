import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PlaidItemStore } from './plaid-item-store'
import { openDatabase } from './database'
import { loadOrCreateKey, SecretBox, SecretBoxError } from './secret-box'

const accessToken = `access-sandbox-${crypto.randomUUID()}`

describe('secrets at rest', () => {
  it('keeps the Plaid access token out of the database in clear, and reads it back', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'secret-box-'))
    const db = openDatabase(dataDir)
    const items = new PlaidItemStore(db)
    items.link('item_1', accessToken)
    expect(items.get('item_1')?.accessToken).toBe(accessToken)
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.close()
    const dump = readFileSync(join(dataDir, 'relay.sqlite')).toString('latin1')
    expect(dump).not.toContain(accessToken)
    expect(dump).toContain('item_1')
    expect(statSync(join(dataDir, 'relay.key')).mode & 0o077).toBe(0)
  })

  it('refuses a tampered token, or one moved to another row', () => {
    const db = openDatabase(mkdtempSync(join(tmpdir(), 'secret-box-')))
    const items = new PlaidItemStore(db)
    items.link('item_1', accessToken)
    items.link('item_2', 'access-sandbox-other')
    const sealed = (db.prepare("SELECT access_token FROM plaid_items WHERE item_id = 'item_1'").get() as { access_token: string }).access_token
    db.prepare("UPDATE plaid_items SET access_token = ? WHERE item_id = 'item_2'").run(sealed)
    expect(() => items.get('item_2')).toThrow(SecretBoxError)
    const bytes = Buffer.from(sealed.slice(3), 'base64')
    bytes[bytes.length - 1]! ^= 1
    db.prepare("UPDATE plaid_items SET access_token = ? WHERE item_id = 'item_1'").run(`v1:${bytes.toString('base64')}`)
    expect(() => items.get('item_1')).toThrow(/altered, moved, or the relay key changed/)
  })

  it('fails to open with a different key', () => {
    const box = new SecretBox(loadOrCreateKey(join(mkdtempSync(join(tmpdir(), 'k1-')), 'relay.key')))
    const other = new SecretBox(loadOrCreateKey(join(mkdtempSync(join(tmpdir(), 'k2-')), 'relay.key')))
    const sealed = box.seal('refresh-token', 'ringcentral')
    expect(box.open(sealed, 'ringcentral')).toBe('refresh-token')
    expect(() => other.open(sealed, 'ringcentral')).toThrow(SecretBoxError)
  })
})
