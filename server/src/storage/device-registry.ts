/**
 * Paired consoles and their one-time pairing codes on SQLite (the `DeviceStore` contract in
 * `contracts.ts`). Codes and tokens are random, and only their SHA-256 is stored: a copy of the
 * database cannot be used to pair or to act as a device. What does not depend on the engine (the
 * codes, tokens and digests) is exported for the PostgreSQL store.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto'
import { PairingError, type Device, type DeviceRole, type DeviceStore } from './contracts'
import type { RelayDatabase } from './database'
import { groupCommitOf } from './group-commit'

export { PairingError, type Device, type DeviceRole } from './contracts'

/** Crockford-style alphabet: no 0/O, 1/I/L or U, so a code read aloud or retyped survives. */
const codeAlphabet = '23456789ABCDEFGHJKMNPQRSTVWXYZ'
/**
 * 30^16 ≈ 4.3 × 10^23 codes (78 bits): a guesser making a million attempts a second for a code's
 * whole ten minutes has about one chance in 700 million million of finding it.
 */
export const pairingCodeLength = 16
const codeGroup = 4
export const pairingCodeLifetimeMs = 10 * 60 * 1000

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')

/** A new code: its digest to store, the code as shown once, and when it expires. */
export function newPairingCode(created: Date): { codeHash: string; code: string; expiresAt: string } {
  const raw = Array.from({ length: pairingCodeLength }, () => codeAlphabet[randomInt(codeAlphabet.length)]).join('')
  const expiresAt = new Date(created.getTime() + pairingCodeLifetimeMs).toISOString()
  return { codeHash: sha256(raw), code: raw.match(new RegExp(`.{${codeGroup}}`, 'g'))!.join('-'), expiresAt }
}

/** A new device's id and bearer token (only the token's digest is stored). */
export function newDeviceCredentials(): { deviceId: string; token: string; tokenHash: string } {
  const token = `sbd_${randomBytes(32).toString('base64url')}`
  return { deviceId: `dev_${randomBytes(9).toString('base64url')}`, token, tokenHash: sha256(token) }
}

/** Whether a bearer token could be one of ours at all (anything else is not looked up). */
export const isDeviceTokenShaped = (token: string) => token.startsWith('sbd_') && token.length <= 200

/** Activity is recorded at most once a minute; every request would be a write otherwise. */
export const isLastSeenStale = (lastSeenAt: string | null, nowIso: string) => !lastSeenAt || Date.parse(nowIso) - Date.parse(lastSeenAt) > 60_000

/** Accepts codes typed with any case, spaces or dashes. */
export function normalisePairingCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '')
}

export interface DeviceRow {
  id: string
  name: string
  role: DeviceRole
  created_at: string
  last_seen_at: string | null
  revoked_at: string | null
}

export const toDevice = (row: DeviceRow): Device => ({
  id: row.id,
  name: row.name,
  role: row.role,
  createdAt: row.created_at,
  lastSeenAt: row.last_seen_at,
  revokedAt: row.revoked_at,
})

export class DeviceRegistry implements DeviceStore {
  constructor(
    private readonly db: RelayDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A new single-use code, shown once as `XXXX-XXXX-XXXX-XXXX`; valid for ten minutes. */
  async createPairingCode(role: DeviceRole): Promise<{ code: string; expiresAt: string }> {
    return this.createPairingCodeNow(role)
  }

  /** The same, at once: for tools that work on a relay's SQLite file in-process (the e2e harness). */
  createPairingCodeNow(role: DeviceRole): { code: string; expiresAt: string } {
    const created = this.now()
    const { codeHash, code, expiresAt } = newPairingCode(created)
    this.db.prepare('INSERT INTO pairing_codes (code_hash, role, created_at, expires_at) VALUES (?, ?, ?, ?)').run(codeHash, role, created.toISOString(), expiresAt)
    return { code, expiresAt }
  }

  /** The new device is on disk (group commit) before its token is handed out. */
  pair(code: string, name: string): Promise<{ token: string; deviceId: string; role: DeviceRole }> {
    const codeHash = sha256(normalisePairingCode(code))
    const nowIso = this.now().toISOString()
    return groupCommitOf(this.db).run(() => {
      const row = this.db
        .prepare('SELECT role, expires_at, used_at FROM pairing_codes WHERE code_hash = ?')
        .get(codeHash) as { role: DeviceRole; expires_at: string; used_at: string | null } | undefined
      if (!row || row.used_at !== null || row.expires_at <= nowIso) throw new PairingError()
      const { deviceId, token, tokenHash } = newDeviceCredentials()
      this.db.prepare('INSERT INTO devices (id, name, role, token_hash, created_at) VALUES (?, ?, ?, ?, ?)').run(deviceId, name, row.role, tokenHash, nowIso)
      this.db.prepare('UPDATE pairing_codes SET used_at = ?, device_id = ? WHERE code_hash = ?').run(nowIso, deviceId, codeHash)
      return { token, deviceId, role: row.role }
    })
  }

  async authenticate(token: string): Promise<Device | null> {
    if (!isDeviceTokenShaped(token)) return null
    const row = this.db
      .prepare('SELECT id, name, role, created_at, last_seen_at, revoked_at FROM devices WHERE token_hash = ?')
      .get(sha256(token)) as DeviceRow | undefined
    if (!row || row.revoked_at !== null) return null
    const nowIso = this.now().toISOString()
    if (isLastSeenStale(row.last_seen_at, nowIso)) {
      this.db.prepare('UPDATE devices SET last_seen_at = ? WHERE id = ?').run(nowIso, row.id)
      row.last_seen_at = nowIso
    }
    return toDevice(row)
  }

  async list(): Promise<Device[]> {
    return (
      this.db
        .prepare('SELECT id, name, role, created_at, last_seen_at, revoked_at FROM devices ORDER BY created_at, id')
        .all() as DeviceRow[]
    ).map(toDevice)
  }

  async revokedAmong(deviceIds: readonly string[]): Promise<Set<string>> {
    if (deviceIds.length === 0) return new Set()
    const placeholders = deviceIds.map(() => '?').join(', ')
    const active = this.db.prepare(`SELECT id FROM devices WHERE revoked_at IS NULL AND id IN (${placeholders})`).all(...deviceIds) as { id: string }[]
    const live = new Set(active.map((row) => row.id))
    return new Set(deviceIds.filter((id) => !live.has(id)))
  }

  async revoke(deviceId: string): Promise<boolean> {
    const result = this.db
      .prepare('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(this.now().toISOString(), deviceId)
    return result.changes === 1
  }
}
