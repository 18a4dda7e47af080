import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { AuditLog, auditTrailOnSqlite } from '../../storage/audit-log'
import type { AuditTrail } from '../../storage/contracts'
import { openDatabase, type RelayDatabase } from '../../storage/database'
import { WebhookRefusals, webhookRefusedKind } from './refusals'

describe('webhook refusals', () => {
  let db: RelayDatabase
  let refusals: WebhookRefusals | undefined
  afterEach(async () => {
    await refusals?.close()
    db?.close()
  })

  function start(policy: ConstructorParameters<typeof WebhookRefusals>[3], startAt = Date.parse('2026-11-22T10:00:00.000Z')) {
    db = openDatabase(mkdtempSync(join(tmpdir(), 'refusals-')))
    const clock = { ms: startAt }
    const audit = new AuditLog(db)
    refusals = new WebhookRefusals(auditTrailOnSqlite(audit), () => new Date(clock.ms), pino({ level: 'silent' }), policy)
    return { clock, audit, refusals }
  }

  it('keeps one row per source, provider, reason and status in a window, with the count', async () => {
    const { audit, refusals } = start({ perMinute: 1_000 })
    for (let i = 0; i < 500; i++) refusals.record({ source: '10.0.0.1', provider: 'stripe', reason: 'bad_signature', status: 400 })
    refusals.record({ source: '10.0.0.1', provider: 'stripe', reason: 'missing_signature', status: 400 })
    refusals.record({ source: '10.0.0.2', provider: 'stripe', reason: 'bad_signature', status: 400 })
    // The first refusal of each kind is written without waiting for a save; counts follow at the next save.
    await refusals.settled()
    expect(audit.rows(webhookRefusedKind).map((row) => row.detail.count)).toEqual([1, 1, 1])
    await refusals.save()
    expect(audit.rows(webhookRefusedKind).map((row) => [row.detail.source, row.detail.reason, row.detail.count])).toEqual([
      ['10.0.0.1', 'bad_signature', 500],
      ['10.0.0.1', 'missing_signature', 1],
      ['10.0.0.2', 'bad_signature', 1],
    ])
  })

  it('counts sources past the per-window cap together, and starts afresh each window', async () => {
    const { audit, refusals, clock } = start({ perMinute: 1_000, maxSourcesPerWindow: 3, windowMs: 60 * 60_000 })
    for (let i = 0; i < 10; i++) refusals.record({ source: `10.0.0.${i}`, provider: 'plaid', reason: 'bad_jwt', status: 401 })
    await refusals.save()
    expect(audit.rows(webhookRefusedKind).map((row) => [row.detail.source, row.detail.count])).toEqual([
      ['10.0.0.0', 1],
      ['10.0.0.1', 1],
      ['10.0.0.2', 1],
      ['*', 7],
    ])
    clock.ms += 60 * 60_000
    refusals.record({ source: '10.0.0.9', provider: 'plaid', reason: 'bad_jwt', status: 401 })
    await refusals.settled()
    expect(audit.rows(webhookRefusedKind).at(-1)?.detail).toMatchObject({ source: '10.0.0.9', count: 1 })
  })

  it('answers a source past its limit 429 for the rest of the minute', async () => {
    const { refusals, clock } = start({ perMinute: 3 })
    const refuse = () => refusals.record({ source: '10.0.0.1', provider: 'stripe', reason: 'bad_signature', status: 400 })
    refuse()
    refuse()
    expect(refusals.lockedFor('10.0.0.1')).toBe(0)
    refuse()
    expect(refusals.lockedFor('10.0.0.1')).toBe(60_000)
    expect(refusals.lockedFor('10.0.0.2')).toBe(0)
    clock.ms += 60_000
    expect(refusals.lockedFor('10.0.0.1')).toBe(0)
    // The relay's own failures (503) never count against a source.
    for (let i = 0; i < 10; i++) refusals.record({ source: '10.0.0.3', provider: 'plaid', reason: 'key_unavailable', status: 503 })
    expect(refusals.lockedFor('10.0.0.3')).toBe(0)
  })

  it('numbers audit rows in the order refusals came, even when the store answers out of order', async () => {
    db = openDatabase(mkdtempSync(join(tmpdir(), 'refusals-')))
    const audit = new AuditLog(db)
    const trail = auditTrailOnSqlite(audit)
    // The first write takes longer than the second, as two PostgreSQL connections may.
    const delays = [40, 0]
    const outOfOrder: AuditTrail = {
      ...trail,
      add: async (...args) => {
        await new Promise((resolve) => setTimeout(resolve, delays.shift() ?? 0))
        return trail.add(...args)
      },
    }
    refusals = new WebhookRefusals(outOfOrder, () => new Date(), pino({ level: 'silent' }), { perMinute: 1_000 })
    refusals.record({ source: '10.0.0.1', provider: 'ringcentral', reason: 'missing_token', status: 401 })
    refusals.record({ source: '10.0.0.1', provider: 'ringcentral', reason: 'bad_token', status: 401 })
    await refusals.settled()
    expect(audit.rows(webhookRefusedKind).map((row) => row.detail.reason)).toEqual(['missing_token', 'bad_token'])
  })

  it('deletes refusal rows older than the retention when a window starts', async () => {
    const { audit, refusals, clock } = start({ perMinute: 1_000, windowMs: 24 * 60 * 60_000, retentionMs: 7 * 24 * 60 * 60_000 })
    refusals.record({ source: '10.0.0.1', provider: 'stripe', reason: 'bad_signature', status: 400 })
    await refusals.settled()
    audit.add('device_revoked', new Date(clock.ms), { deviceId: 'dev_1' })
    clock.ms += 8 * 24 * 60 * 60_000
    refusals.record({ source: '10.0.0.1', provider: 'stripe', reason: 'bad_signature', status: 400 })
    await refusals.settled()
    expect(audit.rows().map((row) => [row.kind, row.at])).toEqual([
      ['device_revoked', '2026-11-22T10:00:00.000Z'],
      [webhookRefusedKind, '2026-11-30T10:00:00.000Z'],
    ])
  })
})
