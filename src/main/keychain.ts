/**
 * Secrets through the OS keychain (Electron safeStorage): values are encrypted by the OS and the
 * ciphertext kept in a file in the app's data folder. Where the OS offers no real keychain
 * (safeStorage would fall back to plain text) nothing is written to disk; secrets stay in memory.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { safeStorage } from 'electron'
import { MemorySecretStore, type SecretStore } from './services/secret-store'

export function osKeychainIsUsable(): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false
  // On Linux without a secret service, Electron "encrypts" with a hard-coded key: not a keychain.
  return process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'
}

class SafeStorageSecretStore implements SecretStore {
  readonly persistent = true

  constructor(private readonly path: string) {}

  async get(name: string) {
    const encrypted = this.read()[name]
    return encrypted ? safeStorage.decryptString(Buffer.from(encrypted, 'base64')) : null
  }

  async set(name: string, value: string) {
    this.write({ ...this.read(), [name]: safeStorage.encryptString(value).toString('base64') })
  }

  async delete(name: string) {
    const { [name]: _removed, ...rest } = this.read()
    this.write(rest)
  }

  private read(): Record<string, string> {
    if (!existsSync(this.path)) return {}
    return JSON.parse(readFileSync(this.path, 'utf8')) as Record<string, string>
  }

  private write(values: Record<string, string>) {
    mkdirSync(dirname(this.path), { recursive: true })
    writeFileSync(`${this.path}.tmp`, JSON.stringify(values), { mode: 0o600 })
    renameSync(`${this.path}.tmp`, this.path)
  }
}

export function createKeychain(path: string): SecretStore {
  return osKeychainIsUsable() ? new SafeStorageSecretStore(path) : new MemorySecretStore()
}
