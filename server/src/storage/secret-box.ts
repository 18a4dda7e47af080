/**
 * Encryption at rest for tokens the relay must keep (Plaid access tokens, RingCentral refresh
 * tokens): AES-256-GCM with a key kept outside the database, in `relay.key` beside it (mode
 * 0600). A copy of the database alone reveals no token; a tampered or moved value fails to open,
 * because each value is bound to the row it belongs to.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

const version = 'v1'

export class SecretBoxError extends Error {
  override name = 'SecretBoxError'
}

export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new SecretBoxError('The relay encryption key must be 32 bytes')
  }

  /** Encrypts `plainText` for the place named by `context` (e.g. `plaid_items:item_123`). */
  seal(plainText: string, context: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    cipher.setAAD(Buffer.from(context))
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()])
    return `${version}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`
  }

  open(sealed: string, context: string): string {
    const [tag, payload] = sealed.split(':')
    if (tag !== version || !payload) throw new SecretBoxError('A stored secret is not in the encrypted format')
    const bytes = Buffer.from(payload, 'base64')
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12))
      decipher.setAAD(Buffer.from(context))
      decipher.setAuthTag(bytes.subarray(12, 28))
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')
    } catch {
      throw new SecretBoxError('A stored secret failed to decrypt: it was altered, moved, or the relay key changed')
    }
  }
}

/** Reads the key file, creating it (random, owner-only) on first start. */
export function loadOrCreateKey(path: string): Buffer {
  if (!existsSync(path)) writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' })
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64')
  if (key.length !== 32) throw new SecretBoxError(`${path} does not hold a 32-byte key; restore it from your backup`)
  return key
}
