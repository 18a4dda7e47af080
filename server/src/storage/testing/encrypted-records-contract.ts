/**
 * The contracts of the provider sign-ins (../contracts.ts) as one suite every engine runs: linked
 * Plaid Items and the RingCentral SDK's sign-in, sealed with the relay key, read by another relay
 * with the same key, and never opened with another key.
 */
import { describe, expect, it } from 'vitest'
import { SecretBoxError } from '../secret-box'
import { onFreshDatabase, type ContractStores, type StorageEngine } from './storage-engines'

const now = new Date('2026-05-01T12:00:00.000Z')

export function encryptedRecordsContract(engine: StorageEngine): void {
  const onFresh = onFreshDatabase(engine, () => now, (stores: ContractStores) => stores)

  describe('provider sign-ins contract', () => {
    it(
      "links a Plaid Item with its token sealed, which the other relay opens; a re-link starts a fresh cursor",
      onFresh(async (mine, theirs) => {
        await mine.plaidItems.link('item-1', 'access-sandbox-first-token')
        expect(await theirs.plaidItems.get('item-1')).toEqual({ itemId: 'item-1', accessToken: 'access-sandbox-first-token', cursor: null })
        expect(await mine.plaidItems.get('item-unknown')).toBeNull()
        await theirs.plaidItems.saveCursor('item-1', 'cursor-after-first-sync')
        expect((await mine.plaidItems.get('item-1'))?.cursor).toBe('cursor-after-first-sync')
        expect((await mine.plaidItems.summary('item-1'))?.lastSyncedAt).toBe(now.toISOString())
        await theirs.plaidItems.link('item-1', 'access-sandbox-second-token')
        expect(await mine.plaidItems.get('item-1')).toEqual({ itemId: 'item-1', accessToken: 'access-sandbox-second-token', cursor: null })
        // At rest the database holds no token in the clear.
        const stored = await mine.storedSecrets()
        expect(stored).toHaveLength(1)
        expect(stored.join('\n')).not.toContain('access-sandbox')
      }),
    )

    it(
      "keeps what the owner sees of each bank; a removed Item keeps its row, without a token, and stays removed",
      onFresh(async (mine, theirs) => {
        await mine.plaidItems.link('item-2', 'access-two')
        await mine.plaidItems.link('item-1', 'access-one')
        await mine.plaidItems.saveDetails('item-1', {
          institution: { id: 'ins_1', name: 'First Platypus Bank' },
          accounts: [{ id: 'acc-1', name: 'Plaid Checking', mask: '0000', type: 'depository', subtype: 'checking' }],
        })
        await theirs.plaidItems.setStatus('item-1', 'login_required', { errorCode: 'ITEM_LOGIN_REQUIRED' })
        await theirs.plaidItems.setStatus('item-2', 'pending_expiration', { consentExpiresAt: '2026-06-01T00:00:00.000Z' })
        await theirs.plaidItems.setStatus('item-2', 'good')
        await mine.plaidItems.syncStarted('item-1')
        await theirs.plaidItems.syncProgress('item-1', 12)
        expect((await mine.plaidItems.summary('item-1'))?.sync).toEqual({ state: 'syncing', transactionsPulled: 12, error: null })
        await mine.plaidItems.syncFinished('item-1', 'Plaid answered 500')
        expect(await theirs.plaidItems.summary('item-1')).toEqual({
          itemId: 'item-1',
          institution: { id: 'ins_1', name: 'First Platypus Bank' },
          accounts: [{ id: 'acc-1', name: 'Plaid Checking', mask: '0000', type: 'depository', subtype: 'checking' }],
          status: 'login_required',
          errorCode: 'ITEM_LOGIN_REQUIRED',
          statusChangedAt: now.toISOString(),
          consentExpiresAt: null,
          linkedAt: now.toISOString(),
          lastSyncedAt: null,
          sync: { state: 'failed', transactionsPulled: 12, error: 'Plaid answered 500' },
        })
        // A later status keeps the consent expiry Plaid gave before.
        expect((await mine.plaidItems.summary('item-2'))?.consentExpiresAt).toBe('2026-06-01T00:00:00.000Z')
        expect(await mine.plaidItems.linkedIds()).toEqual(['item-1', 'item-2'])

        await theirs.plaidItems.markRemoved('item-1')
        expect(await mine.plaidItems.get('item-1')).toBeNull()
        expect(await mine.plaidItems.wasRemoved('item-1')).toBe(true)
        expect(await mine.plaidItems.wasRemoved('item-2')).toBe(false)
        await mine.plaidItems.setStatus('item-1', 'good')
        expect(await mine.plaidItems.summary('item-1')).toBeNull()
        expect((await theirs.plaidItems.list()).map((item) => item.itemId)).toEqual(['item-2'])
        expect(await theirs.plaidItems.linkedIds()).toEqual(['item-2'])
        // Linking it again brings it back, with the new token.
        await mine.plaidItems.link('item-1', 'access-one-again')
        expect((await theirs.plaidItems.get('item-1'))?.accessToken).toBe('access-one-again')
      }),
    )

    it(
      'never opens a Plaid token with another key',
      onFresh(async (mine) => {
        await mine.plaidItems.link('item-1', 'access-sandbox-token')
        await expect(mine.withAnotherKey().plaidItems.get('item-1')).rejects.toThrow(SecretBoxError)
        expect((await mine.plaidItems.get('item-1'))?.accessToken).toBe('access-sandbox-token')
      }),
    )

    it(
      "keeps the RingCentral SDK's sign-in sealed, shared by the relays, and forgets it by prefix",
      onFresh(async (mine, theirs) => {
        const token = JSON.stringify({ access_token: 'rc-access-secret', refresh_token: 'rc-refresh-secret' })
        await mine.signIns.setItem('relay-sms-abc-platform', token)
        await mine.signIns.setItem('relay-sms-abc-extra', '"x"')
        // A prefix is text, not a pattern: "_" and "%" match only themselves.
        await mine.signIns.setItem('relay-sms-a_c-platform', '"y"')
        expect(await theirs.signIns.getItem('relay-sms-abc-platform')).toBe(token)
        expect(await theirs.signIns.getItem('relay-sms-none')).toBeNull()
        expect((await mine.storedSecrets()).join('\n')).not.toContain('rc-refresh-secret')

        await theirs.signIns.removeItem('relay-sms-abc-extra')
        expect(await mine.signIns.getItem('relay-sms-abc-extra')).toBeNull()
        await theirs.signIns.forget('relay-sms-a_c-')
        expect(await mine.signIns.getItem('relay-sms-a_c-platform')).toBeNull()
        expect(await mine.signIns.getItem('relay-sms-abc-platform')).toBe(token)
      }),
    )

    it(
      "gives each consumer one app's sign-in: another app's is deleted, another consumer's kept",
      onFresh(async (mine, theirs) => {
        const sandbox = await mine.signIns.cachePrefixFor('sms', { serverUrl: 'http://127.0.0.1:1', clientId: 'sandbox' })
        const live = await theirs.signIns.cachePrefixFor('sms', { serverUrl: 'https://platform.ringcentral.com', clientId: 'live-app' })
        expect(sandbox).toMatch(/^relay-sms-[0-9a-f]{16}-$/)
        expect(live).not.toBe(sandbox)
        await mine.signIns.setItem(`${sandbox}platform`, '"sandbox sign-in"')
        const subscription = await mine.signIns.cachePrefixFor('subscription', { serverUrl: 'http://127.0.0.1:1', clientId: 'sandbox' })
        await mine.signIns.setItem(`${subscription}platform`, '"subscription sign-in"')
        // The same app again keeps its sign-in; the live app's turn deletes the sandbox's, not the subscription's.
        expect(await theirs.signIns.cachePrefixFor('sms', { serverUrl: 'http://127.0.0.1:1', clientId: 'sandbox' })).toBe(sandbox)
        expect(await mine.signIns.getItem(`${sandbox}platform`)).toBe('"sandbox sign-in"')
        await theirs.signIns.cachePrefixFor('sms', { serverUrl: 'https://platform.ringcentral.com', clientId: 'live-app' })
        expect(await mine.signIns.getItem(`${sandbox}platform`)).toBeNull()
        expect(await mine.signIns.getItem(`${subscription}platform`)).toBe('"subscription sign-in"')
      }),
    )

    it(
      'discards a sign-in sealed with another key, so the relay signs in again',
      onFresh(async (mine, theirs) => {
        await mine.signIns.setItem('relay-sms-abc-platform', '"sealed with the relay key"')
        expect(await mine.withAnotherKey().signIns.getItem('relay-sms-abc-platform')).toBeNull()
        expect(await theirs.signIns.getItem('relay-sms-abc-platform')).toBeNull()
        expect(await mine.storedSecrets()).toEqual([])
      }),
    )
  })
}
