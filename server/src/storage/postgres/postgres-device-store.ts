/**
 * Paired consoles and pairing codes on PostgreSQL (the `DeviceStore` contract in
 * `../contracts.ts`). Every relay on the database sees a pairing or a revocation at once; a code
 * is spent by one guarded UPDATE, so two relays racing with the same code pair one console.
 */
import { PairingError, type Device, type DeviceRole, type DeviceStore } from '../contracts'
import {
  isDeviceTokenShaped,
  isLastSeenStale,
  newDeviceCredentials,
  newPairingCode,
  normalisePairingCode,
  sha256,
  toDevice,
  type DeviceRow,
} from '../device-registry'
import { durably, inTransaction, type PostgresDatabase } from './postgres-database'

const deviceColumns = 'id, name, role, created_at, last_seen_at, revoked_at'

export class PostgresDeviceStore implements DeviceStore {
  constructor(
    private readonly db: PostgresDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async createPairingCode(role: DeviceRole): Promise<{ code: string; expiresAt: string }> {
    const created = this.now()
    const { codeHash, code, expiresAt } = newPairingCode(created)
    await durably(this.db, 'INSERT INTO pairing_codes (code_hash, role, created_at, expires_at) VALUES ($1, $2, $3, $4)', [codeHash, role, created.toISOString(), expiresAt])
    return { code, expiresAt }
  }

  pair(code: string, name: string): Promise<{ token: string; deviceId: string; role: DeviceRole }> {
    const codeHash = sha256(normalisePairingCode(code))
    const nowIso = this.now().toISOString()
    return inTransaction(this.db, async (client) => {
      // Spending the code first: a second relay's UPDATE waits for this one and then finds it used.
      const spent = await client.query<{ role: DeviceRole }>(
        'UPDATE pairing_codes SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING role',
        [nowIso, codeHash],
      )
      const role = spent.rows[0]?.role
      if (!role) throw new PairingError()
      const { deviceId, token, tokenHash } = newDeviceCredentials()
      await client.query('INSERT INTO devices (id, name, role, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)', [deviceId, name, role, tokenHash, nowIso])
      await client.query('UPDATE pairing_codes SET device_id = $1 WHERE code_hash = $2', [deviceId, codeHash])
      return { token, deviceId, role }
    })
  }

  async authenticate(token: string): Promise<Device | null> {
    if (!isDeviceTokenShaped(token)) return null
    const { rows } = await this.db.sql.query<DeviceRow>(`SELECT ${deviceColumns} FROM devices WHERE token_hash = $1`, [sha256(token)])
    const row = rows[0]
    if (!row || row.revoked_at !== null) return null
    const nowIso = this.now().toISOString()
    if (isLastSeenStale(row.last_seen_at, nowIso)) {
      await this.db.sql.query('UPDATE devices SET last_seen_at = $1 WHERE id = $2', [nowIso, row.id])
      row.last_seen_at = nowIso
    }
    return toDevice(row)
  }

  async list(): Promise<Device[]> {
    const { rows } = await this.db.sql.query<DeviceRow>(`SELECT ${deviceColumns} FROM devices ORDER BY created_at, id`)
    return rows.map(toDevice)
  }

  async revokedAmong(deviceIds: readonly string[]): Promise<Set<string>> {
    if (deviceIds.length === 0) return new Set()
    const { rows } = await this.db.sql.query<{ id: string }>('SELECT id FROM devices WHERE revoked_at IS NULL AND id = ANY($1)', [[...deviceIds]])
    const live = new Set(rows.map((row) => row.id))
    return new Set(deviceIds.filter((id) => !live.has(id)))
  }

  async revoke(deviceId: string): Promise<boolean> {
    const result = await this.db.sql.query('UPDATE devices SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [this.now().toISOString(), deviceId])
    return result.rowCount === 1
  }
}
