/**
 * Work claims on SQLite (the `WorkClaims` contract in ./contracts.ts): one guarded upsert takes a
 * key only when nobody holds it or the holder's lease is over.
 */
import { randomBytes } from 'node:crypto'
import type { WorkClaims } from './contracts'
import { writeTransaction, type RelayDatabase } from './database'

/** Leases over for this long are deleted when a claim is taken (a relay stopped mid-way). */
export const staleClaimMs = 24 * 60 * 60 * 1000

export function workClaimsOnSqlite(db: RelayDatabase): WorkClaims {
  const take = db.prepare(
    `INSERT INTO work_claims (key, holder, leased_until) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET holder = excluded.holder, leased_until = excluded.leased_until WHERE work_claims.leased_until <= ?`,
  )
  const clear = db.prepare('DELETE FROM work_claims WHERE leased_until < ?')
  const release = db.prepare('DELETE FROM work_claims WHERE key = ? AND holder = ?')
  return {
    async claim(key, now, leaseMs) {
      const token = randomBytes(12).toString('base64url')
      const taken = writeTransaction(db, () => {
        clear.run(new Date(now.getTime() - staleClaimMs).toISOString())
        return take.run(key, token, new Date(now.getTime() + leaseMs).toISOString(), now.toISOString()).changes === 1
      })
      return taken ? token : null
    },
    async release(key, token) {
      release.run(key, token)
    },
  }
}
