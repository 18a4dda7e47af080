/**
 * Paired consoles and their one-time pairing codes. Codes and tokens are random, and only their
 * SHA-256 is stored: a copy of the database cannot be used to pair or to act as a device.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto'
import type { RelayDatabase } from './database'

export type DeviceRole = 'owner' | 'frontdesk'

export interface Device {
  id: string
  name: string
  role: DeviceRole
  createdAt: string
  lastSeenAt: string | null
  revokedAt: string | null
}

export class PairingError extends Error {
  constructor() {
    super('That pairing code is unknown, already used or expired. Ask the owner to run "npm run relay -- pair" for a new one.')
    this.name = 'PairingError'
  }
}

/** Crockford-style alphabet: no 0/O, 1/I/L or U, so a code read aloud or retyped survives. */
const codeAlphabet = '23456789ABCDEFGHJKMNPQRSTVWXYZ'
/**
 * 30^16 ≈ 4.3 × 10^23 codes (78 bits): a guesser making a million attempts a second for a code's
 * whole ten minutes has about one chance in 700 million million of finding it.
 */
export const pairingCodeLength = 16
const codeGroup = 4
export const pairingCodeLifetimeMs = 10 * 60 * 1000

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')

/** Accepts codes typed with any case, spaces or dashes. */
export function normalisePairingCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '')
}

interface DeviceRow {
  id: string
  name: string
  role: DeviceRole
  created_at: string
  last_seen_at: string | null
  revoked_at: string | null
}

const toDevice = (row: DeviceRow): Device => ({
  id: row.id,
  name: row.name,
  role: row.role,
  createdAt: row.created_at,
  lastSeenAt: row.last_seen_at,
  revokedAt: row.revoked_at,
})

export class DeviceRegistry {
  constructor(
    private readonly db: RelayDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A new single-use code, shown once as `XXXX-XXXX-XXXX-XXXX`; valid for ten minutes. */
  createPairingCode(role: DeviceRole): { code: string; expiresAt: string } {
    const raw = Array.from({ length: pairingCodeLength }, () => codeAlphabet[randomInt(codeAlphabet.length)]).join('')
    const created = this.now()
    const expiresAt = new Date(created.getTime() + pairingCodeLifetimeMs).toISOString()
    this.db
      .prepare('INSERT INTO pairing_codes (code_hash, role, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(sha256(raw), role, created.toISOString(), expiresAt)
    return { code: raw.match(new RegExp(`.{${codeGroup}}`, 'g'))!.join('-'), expiresAt }
  }

  /** Exchanges a code for a device token. The code is spent even if two consoles race for it. */
  pair(code: string, name: string): { token: string; deviceId: string; role: DeviceRole } {
    const codeHash = sha256(normalisePairingCode(code))
    const nowIso = this.now().toISOString()
    return this.db.transaction(() => {
      const row = this.db
        .prepare('SELECT role, expires_at, used_at FROM pairing_codes WHERE code_hash = ?')
        .get(codeHash) as { role: DeviceRole; expires_at: string; used_at: string | null } | undefined
      if (!row || row.used_at !== null || row.expires_at <= nowIso) throw new PairingError()
      const deviceId = `dev_${randomBytes(9).toString('base64url')}`
      const token = `sbd_${randomBytes(32).toString('base64url')}`
      this.db
        .prepare('INSERT INTO devices (id, name, role, token_hash, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(deviceId, name, row.role, sha256(token), nowIso)
      this.db.prepare('UPDATE pairing_codes SET used_at = ?, device_id = ? WHERE code_hash = ?').run(nowIso, deviceId, codeHash)
      return { token, deviceId, role: row.role }
    })()
  }

  /** The device a bearer token belongs to, or null when unknown or revoked. */
  authenticate(token: string): Device | null {
    if (!token.startsWith('sbd_') || token.length > 200) return null
    const row = this.db
      .prepare('SELECT id, name, role, created_at, last_seen_at, revoked_at FROM devices WHERE token_hash = ?')
      .get(sha256(token)) as DeviceRow | undefined
    if (!row || row.revoked_at !== null) return null
    const nowIso = this.now().toISOString()
    // Record activity at most once a minute; every request would be a write otherwise.
    if (!row.last_seen_at || Date.parse(nowIso) - Date.parse(row.last_seen_at) > 60_000) {
      this.db.prepare('UPDATE devices SET last_seen_at = ? WHERE id = ?').run(nowIso, row.id)
      row.last_seen_at = nowIso
    }
    return toDevice(row)
  }

  list(): Device[] {
    return (
      this.db
        .prepare('SELECT id, name, role, created_at, last_seen_at, revoked_at FROM devices ORDER BY created_at, id')
        .all() as DeviceRow[]
    ).map(toDevice)
  }

  /** Which of these devices are revoked (or gone): their open streams must close. */
  revokedAmong(deviceIds: readonly string[]): Set<string> {
    if (deviceIds.length === 0) return new Set()
    const placeholders = deviceIds.map(() => '?').join(', ')
    const active = this.db.prepare(`SELECT id FROM devices WHERE revoked_at IS NULL AND id IN (${placeholders})`).all(...deviceIds) as { id: string }[]
    const live = new Set(active.map((row) => row.id))
    return new Set(deviceIds.filter((id) => !live.has(id)))
  }

  /** Revokes a device; its token stops working at once. False when there is no such device. */
  revoke(deviceId: string): boolean {
    const result = this.db
      .prepare('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
      .run(this.now().toISOString(), deviceId)
    return result.changes === 1
  }
}
