import pino from 'pino'
import { openRelayStorage } from '../../storage/open-storage'
import type { RelayCommand } from '../relay'

/** `npm run relay -- devices list [--json]` and `devices revoke <deviceId>`. */
export const devicesCommand: RelayCommand = {
  summary: 'list or revoke paired consoles: devices list [--json] | devices revoke <id>',
  async run(config, args) {
    const [action, ...rest] = args
    const opened = await openRelayStorage(config, pino({ level: 'silent' }))
    try {
      const registry = opened.storage.devices
      if (action === 'list') {
        const devices = await registry.list()
        if (rest.includes('--json')) {
          process.stdout.write(`${JSON.stringify(devices, null, 2)}\n`)
        } else if (devices.length === 0) {
          process.stdout.write('No paired devices. Create a code with: npm run relay -- pair --role owner\n')
        } else {
          for (const device of devices) {
            const state = device.revokedAt ? `revoked ${device.revokedAt}` : `last seen ${device.lastSeenAt ?? 'never'}`
            process.stdout.write(`${device.id}  ${device.role.padEnd(9)}  ${device.name}  (${state})\n`)
          }
        }
        return 0
      }
      if (action === 'revoke' && rest[0]) {
        if (!(await registry.revoke(rest[0]))) {
          process.stderr.write(`No active device with id ${rest[0]}. See: npm run relay -- devices list\n`)
          return 1
        }
        process.stdout.write(`Revoked ${rest[0]}; its token no longer works.\n`)
        return 0
      }
      process.stderr.write('Usage: npm run relay -- devices list [--json] | devices revoke <deviceId>\n')
      return 2
    } finally {
      await opened.close()
    }
  },
}
