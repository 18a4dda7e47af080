import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fakeOsKeychain } from './testing/fake-os-keychain'
import { createOsKeychain, osKeychainIsUsable, type SafeStorageLike } from './os-keychain'

const token = `sbd_${randomBytes(32).toString('base64url')}`

describe('OS keychain secret store', () => {
  it('keeps only ciphertext on disk and reads it back', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'keychain-')), 'secrets.json')
    const keychain = fakeOsKeychain()
    const store = createOsKeychain(keychain, path, 'linux')
    expect(store.persistent).toBe(true)
    await store.set('relay-device-token', token)
    expect(readFileSync(path, 'utf8')).not.toContain(token)
    expect(await createOsKeychain(keychain, path, 'linux').get('relay-device-token')).toBe(token)
    await store.delete('relay-device-token')
    expect(await store.get('relay-device-token')).toBeNull()
  })

  it('writes nothing when the OS would fall back to plain text', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'keychain-')), 'secrets.json')
    expect(osKeychainIsUsable(fakeOsKeychain('basic_text'), 'linux')).toBe(false)
    expect(osKeychainIsUsable(fakeOsKeychain('basic_text', false), 'darwin')).toBe(false)
    expect(osKeychainIsUsable(fakeOsKeychain('unknown'), 'darwin')).toBe(true)
    const store = createOsKeychain(fakeOsKeychain('basic_text'), path, 'linux')
    expect(store.persistent).toBe(false)
    await store.set('relay-device-token', token)
    expect(await store.get('relay-device-token')).toBe(token)
    expect(existsSync(path)).toBe(false)
  })

  it('treats a tampered secret as missing rather than trusting it', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'keychain-')), 'secrets.json')
    const keychain = fakeOsKeychain()
    const store = createOsKeychain(keychain, path, 'win32')
    await store.set('relay-device-token', token)
    const stored = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>
    const bytes = Buffer.from(stored['relay-device-token']!, 'base64')
    bytes[bytes.length - 1]! ^= 0xff
    writeFileSync(path, JSON.stringify({ 'relay-device-token': bytes.toString('base64') }))
    expect(await store.get('relay-device-token')).toBeNull()
  })
})
