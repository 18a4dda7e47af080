/**
 * Where the console keeps secrets (the relay device token, later provider tokens). In Electron
 * this is the OS keychain through safeStorage; a store that cannot protect secrets says so
 * (`persistent: false`) and keeps them in memory only, never in a plain-text file.
 */
export interface SecretStore {
  get(name: string): Promise<string | null>
  set(name: string, value: string): Promise<void>
  delete(name: string): Promise<void>
  /** True when secrets survive a restart (i.e. an OS keychain protects them). */
  readonly persistent: boolean
}

/** Secrets for the life of the process only: the browser web host, or a machine with no keychain. */
export class MemorySecretStore implements SecretStore {
  readonly persistent = false
  private readonly values = new Map<string, string>()

  async get(name: string) {
    return this.values.get(name) ?? null
  }
  async set(name: string, value: string) {
    this.values.set(name, value)
  }
  async delete(name: string) {
    this.values.delete(name)
  }
}
