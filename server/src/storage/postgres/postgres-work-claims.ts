/**
 * Work claims on PostgreSQL (the `WorkClaims` contract in ../contracts.ts): one guarded upsert
 * takes a key only when nobody holds it or the holder's lease is over, whichever relay asks.
 */
import { randomBytes } from 'node:crypto'
import type { WorkClaims } from '../contracts'
import { staleClaimMs } from '../work-claims'
import { durably, type PostgresDatabase } from './postgres-database'

export class PostgresWorkClaims implements WorkClaims {
  constructor(private readonly db: PostgresDatabase) {}

  async claim(key: string, now: Date, leaseMs: number): Promise<string | null> {
    const token = randomBytes(12).toString('base64url')
    await durably(this.db, 'DELETE FROM work_claims WHERE leased_until < $1', [new Date(now.getTime() - staleClaimMs).toISOString()])
    const { rowCount } = await durably(
      this.db,
      `INSERT INTO work_claims (key, holder, leased_until) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET holder = excluded.holder, leased_until = excluded.leased_until WHERE work_claims.leased_until <= $4`,
      [key, token, new Date(now.getTime() + leaseMs).toISOString(), now.toISOString()],
    )
    return rowCount === 1 ? token : null
  }

  async release(key: string, token: string): Promise<void> {
    await durably(this.db, 'DELETE FROM work_claims WHERE key = $1 AND holder = $2', [key, token])
  }
}
