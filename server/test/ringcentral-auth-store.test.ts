import { Writable } from 'node:stream'
import pino from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loggerOptions } from '../src/logging/logger'
import { openRelayStorage, type OpenedStorage } from '../src/storage/open-storage'
import { RingCentralSmsSender } from '../src/providers/ringcentral/sms-sender'
import { RingCentralWebhookSubscription } from '../src/providers/ringcentral/webhook-subscription'
import { LazyRingCentralSdk } from '../src/providers/ringcentral/ringcentral-sdk'
import { StorageUnavailableError, type RingCentralSignIns } from '../src/storage/contracts'
import { startRelayHarness, type RelayHarness } from '../sandbox/testing/relay-harness'
import { signInsNotingWrites, storageEngines } from '../src/storage/testing/storage-engines'

let relay: RelayHarness
let logLines: string[]
/** The relays started on the same database during a test, closed after it. */
let started: OpenedStorage[]

beforeEach(async () => {
  relay = await startRelayHarness({ withRingCentralCredentials: true })
  logLines = []
  started = []
})
afterEach(async () => {
  await Promise.all(started.map((opened) => opened.close()))
  await relay.close()
})

/**
 * The relay's subscription manager as a freshly started relay builds it: its storage opened on
 * the same database (with the same relay key), logging where the test can read it.
 */
async function startedRelaySubscription() {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...chunk.toString().trim().split('\n'))
      done()
    },
  })
  const logger = pino(loggerOptions('info'), stream)
  const opened = await openRelayStorage(relay.config, logger, relay.clock.now)
  started.push(opened)
  return new RingCentralWebhookSubscription({
    records: opened.storage.ringCentral,
    signIns: opened.storage.signIns,
    settings: relay.config.providers.ringCentral,
    webhookAddress: relay.webhookUrl('ringcentral'),
    logger,
    now: relay.clock.now,
  })
}

/** The stored sign-in, decrypted with the relay key (what the SDK reads back). */
async function storedSignIn(): Promise<{ cacheKey: string; sealed: string; accessToken: string; refreshToken: string }> {
  const rows = (await relay.sql('SELECT cache_key, sealed FROM ringcentral_auth')) as { cache_key: string; sealed: string }[]
  expect(rows).toHaveLength(1)
  const { cache_key: cacheKey, sealed } = rows[0]!
  const data = JSON.parse((await relay.storage.signIns.getItem(cacheKey))!) as { access_token: string; refresh_token: string }
  return { cacheKey, sealed, accessToken: data.access_token, refreshToken: data.refresh_token }
}

/**
 * What a copy of the database reveals: SQLite's whole file image, or on PostgreSQL every row of
 * every table in the relay's schema, as text.
 */
async function databaseDump(): Promise<string> {
  if (relay.engine === 'sqlite') return relay.app.db!.serialize().toString('latin1')
  const tables = (await relay.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")) as {
    table_name: string
  }[]
  expect(tables.map((table) => table.table_name)).toContain('ringcentral_auth')
  const dumps = await Promise.all(
    tables.map(async ({ table_name: table }) => {
      const rows = (await relay.sql(`SELECT t::text AS row FROM "${table}" t`)) as { row: string }[]
      return `${table}\n${rows.map((row) => row.row).join('\n')}`
    }),
  )
  return dumps.join('\n')
}

describe('RingCentral sign-in at rest', () => {
  it('is stored encrypted: a database dump holds no token, and a restarted relay reuses it without the JWT', async () => {
    await (await startedRelaySubscription()).ensure()
    const before = await storedSignIn()
    expect(before.accessToken).toMatch(/^SIMAT/)
    expect(before.refreshToken).toMatch(/^SIMRT/)

    const dump = await databaseDump()
    expect(dump).toContain(before.cacheKey) // the row is in this dump…
    expect(dump).not.toContain(before.accessToken) // …but neither token is readable in it
    expect(dump).not.toContain(before.refreshToken)
    expect(dump).not.toMatch(/SIM[AR]T[A-Za-z0-9_-]{8}/)

    // A restart: the stored sign-in is still good, so the same tokens serve it (no new login).
    const { action } = await (await startedRelaySubscription()).ensure()
    expect(action).toBe('kept')
    expect((await storedSignIn()).accessToken).toBe(before.accessToken)
    expect(logLines.join('\n')).not.toContain('signing in again')
  })

  it('fails to decrypt a tampered record, says so, and signs in again with the JWT', async () => {
    await (await startedRelaySubscription()).ensure()
    const before = await storedSignIn()
    // One character of the ciphertext changed, as a hand edit or a corrupted copy would.
    const payload = before.sealed.slice(3)
    const flipped = payload[10] === 'A' ? 'B' : 'A'
    const tampered = `v1:${payload.slice(0, 10)}${flipped}${payload.slice(11)}`
    await relay.sql('UPDATE ringcentral_auth SET sealed = $1 WHERE cache_key = $2', [tampered, before.cacheKey])

    const { action } = await (await startedRelaySubscription()).ensure()
    expect(action).toBe('kept')
    const warning = logLines.map((line) => JSON.parse(line) as { level: number; msg: string }).find((entry) => entry.msg.includes('could not be decrypted'))
    expect(warning).toMatchObject({ level: 40, msg: 'The stored RingCentral sign-in could not be decrypted and was discarded; signing in again with the JWT' })
    // A fresh sign-in, stored encrypted again.
    const after = await storedSignIn()
    expect(after.accessToken).toMatch(/^SIMAT/)
    expect(after.accessToken).not.toBe(before.accessToken)
    expect(after.sealed).not.toContain(after.accessToken)
  })

  it('never offers one app’s sign-in to another', async () => {
    await (await startedRelaySubscription()).ensure()
    const store = relay.storage.signIns
    const settings = relay.config.providers.ringCentral
    const samePrefix = await store.cachePrefixFor('subscription', settings)
    expect((await storedSignIn()).cacheKey.startsWith(samePrefix)).toBe(true)
    // Credentials for another app (or a sandbox from an earlier run): its stored sign-in is dropped.
    await store.cachePrefixFor('subscription', { ...settings, clientId: 'another-app' })
    const [{ n }] = (await relay.sql('SELECT COUNT(*) AS n FROM ringcentral_auth')) as [{ n: number | string }]
    expect(Number(n)).toBe(0)
  })

  it('serves the SMS sender too: a restarted sender reuses the stored sign-in', async () => {
    const { clientId, clientSecret, jwt } = relay.sandbox.secrets.ringCentral
    const startedSender = () =>
      new RingCentralSmsSender({
        settings: { serverUrl: relay.sandbox.urls.ringcentral, clientId, clientSecret, jwt },
        isOptedOut: () => false,
        signIns: relay.storage.signIns,
      })
    await startedSender().send({ to: '+14155550142', text: 'Your deposit link', purpose: 'customer_message' })
    const first = await storedSignIn()
    expect(first.cacheKey).toMatch(/^relay-sms-/)
    await startedSender().send({ to: '+14155550142', text: 'Your reminder', purpose: 'customer_message' })
    expect((await storedSignIn()).accessToken).toBe(first.accessToken)
    expect(relay.sandbox.ringcentral.sentSms.map((sms) => sms.text)).toEqual(['Your deposit link', 'Your reminder'])
  })
})

describe.each(storageEngines)('the SMS sender’s sign-in on $name', (engine) => {
  it.skipIf(engine.skipReason !== null)('is shared by two relays on one database: the second sends without signing in again', async () => {
    const { mine, theirs, close } = await engine.open(relay.clock.now)
    try {
      const { clientId, clientSecret, jwt } = relay.sandbox.secrets.ringCentral
      const senderOn = (stores: typeof mine, written: string[]) =>
        new RingCentralSmsSender({
          settings: { serverUrl: relay.sandbox.urls.ringcentral, clientId, clientSecret, jwt },
          isOptedOut: async (phone) => stores.optOuts.has(phone),
          signIns: signInsNotingWrites(stores.signIns, written),
        })
      const [writtenByA, writtenByB] = [[] as string[], [] as string[]]
      await senderOn(mine, writtenByA).send({ to: '+14155550142', text: 'Your deposit link', purpose: 'customer_message' })
      expect(writtenByA.length).toBeGreaterThan(0)
      await senderOn(theirs, writtenByB).send({ to: '+14155550142', text: 'Your reminder', purpose: 'customer_message' })
      expect(writtenByB).toEqual([])
      expect(relay.sandbox.ringcentral.sentSms.map((sms) => sms.text)).toEqual(['Your deposit link', 'Your reminder'])
    } finally {
      await close()
    }
  })
})

describe.each(storageEngines)('the calls’ RingCentral client on $name', (engine) => {
  it.skipIf(engine.skipReason !== null)('is built at first use from the shared sign-in: a second relay calls RingCentral without signing in again', async () => {
    const { mine, theirs, close } = await engine.open(relay.clock.now)
    try {
      const settings = relay.config.providers.ringCentral
      const [writtenByA, writtenByB] = [[] as string[], [] as string[]]
      const relayA = new LazyRingCentralSdk(settings, 'calls', signInsNotingWrites(mine.signIns, writtenByA))
      const platformA = await relayA.platform()
      expect(await platformA.loggedIn()).toBe(false)
      await platformA.login({ jwt: settings.jwt })
      expect(writtenByA.length).toBeGreaterThan(0)
      expect(writtenByA.every((key) => key.startsWith('relay-calls-'))).toBe(true)

      const platformB = await new LazyRingCentralSdk(settings, 'calls', signInsNotingWrites(theirs.signIns, writtenByB)).platform()
      expect(await platformB.loggedIn()).toBe(true)
      const extension = (await (await platformB.get('/restapi/v1.0/account/~/extension/~')).json()) as { id?: unknown }
      expect(extension.id).toBeDefined()
      expect(writtenByB).toEqual([])
    } finally {
      await close()
    }
  })

  it.skipIf(engine.skipReason !== null)('does not remember a storage outage: the next use reads the sign-in again', async () => {
    const { mine, close } = await engine.open(relay.clock.now)
    try {
      let outages = 1
      const { signIns } = mine
      const flaky: RingCentralSignIns = {
        getItem: (key) => signIns.getItem(key),
        setItem: (key, value) => signIns.setItem(key, value),
        removeItem: (key) => signIns.removeItem(key),
        forget: (prefix) => signIns.forget(prefix),
        cachePrefixFor: async (consumer, app) => {
          if (outages-- > 0) throw new StorageUnavailableError(new Error('the database is restarting'))
          return mine.signIns.cachePrefixFor(consumer, app)
        },
      }
      const client = new LazyRingCentralSdk(relay.config.providers.ringCentral, 'calls', flaky)
      await expect(client.platform()).rejects.toThrow(StorageUnavailableError)
      const platform = await client.platform()
      await platform.login({ jwt: relay.config.providers.ringCentral.jwt })
      expect(await platform.loggedIn()).toBe(true)
    } finally {
      await close()
    }
  })
})
