/** Electron glue: the OS keychain is Electron's safeStorage (see services/os-keychain.ts). */
import { safeStorage } from 'electron'
import { createOsKeychain } from './services/os-keychain'
import type { SecretStore } from './services/secret-store'

export function createKeychain(path: string): SecretStore {
  return createOsKeychain(safeStorage, path)
}
