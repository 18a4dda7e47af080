/**
 * The console's non-secret pairing details (relay, device id and name, role), kept in a small
 * JSON file so the console knows after a restart which relay it belongs to. The token itself
 * lives in the SecretStore, never here.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

export interface PairingDetails {
  relayUrl: string
  deviceId: string
  deviceName: string
  role: 'owner' | 'frontdesk'
}

export class PairingFile {
  constructor(private readonly path: string | null) {}

  read(): PairingDetails | null {
    if (!this.path) return null
    try {
      const value = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<PairingDetails>
      const valid =
        typeof value.relayUrl === 'string' &&
        typeof value.deviceId === 'string' &&
        typeof value.deviceName === 'string' &&
        (value.role === 'owner' || value.role === 'frontdesk')
      return valid ? (value as PairingDetails) : null
    } catch {
      return null
    }
  }

  write(details: PairingDetails): void {
    if (!this.path) return
    mkdirSync(dirname(this.path), { recursive: true })
    // Write then rename, so a crash mid-write never leaves a half file behind.
    writeFileSync(`${this.path}.tmp`, JSON.stringify(details, null, 2), { mode: 0o600 })
    renameSync(`${this.path}.tmp`, this.path)
  }

  clear(): void {
    if (this.path) rmSync(this.path, { force: true })
  }
}
