/**
 * Secrets through the OS keychain (Electron's safeStorage, passed in so this runs in Node
 * tests): values are encrypted by the OS and only ciphertext is written, to a file in the app's
 * data folder. Where the OS offers no real keychain (safeStorage would fall back to a hard-coded
 * key) nothing is written to disk and secrets stay in memory.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { MemorySecretStore, type SecretStore } from './secret-store'

/** The part of Electron's `safeStorage` this needs. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  getSelectedStorageBackend?(): string
  encryptString(plainText: string): Buffer
  decryptString(encrypted: Buffer): string
}

export function osKeychainIsUsable(safeStorage: SafeStorageLike, platform: NodeJS.Platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false
  // On Linux without a secret service Electron "encrypts" with a fixed key: that is not a keychain.
  return platform !== 'linux' || safeStorage.getSelectedStorageBackend?.() !== 'basic_text'
}

class SafeStorageSecretStore implements SecretStore {
  readonly persistent = true

  constructor(
    private readonly safeStorage: SafeStorageLike,
    private readonly path: string,
  ) {}

  async get(name: string) {
    const encrypted = this.read()[name]
    if (!encrypted) return null
    try {
      return this.safeStorage.decryptString(Buffer.from(encrypted, 'base64'))
    } catch {
      // Tampered with, or encrypted by another OS account: treat as absent, never as plain text.
      return null
    }
  }

  async set(name: string, value: string) {
    this.write({ ...this.read(), [name]: this.safeStorage.encryptString(value).toString('base64') })
  }

  async delete(name: string) {
    const { [name]: _removed, ...rest } = this.read()
    this.write(rest)
  }

  private read(): Record<string, string> {
    if (!existsSync(this.path)) return {}
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as Record<string, string>
    } catch {
      return {}
    }
  }

  private write(values: Record<string, string>) {
    mkdirSync(dirname(this.path), { recursive: true })
    writeFileSync(`${this.path}.tmp`, JSON.stringify(values), { mode: 0o600 })
    renameSync(`${this.path}.tmp`, this.path)
  }
}

export function createOsKeychain(safeStorage: SafeStorageLike, path: string, platform = process.platform): SecretStore {
  return osKeychainIsUsable(safeStorage, platform) ? new SafeStorageSecretStore(safeStorage, path) : new MemorySecretStore()
}
