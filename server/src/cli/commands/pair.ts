import { parseArgs } from 'node:util'
import pino from 'pino'
import { pairingCodeLifetimeMs, type DeviceRole } from '../../storage/device-registry'
import { openRelayStorage } from '../../storage/open-storage'
import type { RelayCommand } from '../relay'

/** `npm run relay -- pair --role owner|frontdesk`: prints a one-time code alone on the last line. */
export const pairCommand: RelayCommand = {
  summary: 'create a one-time pairing code: pair --role owner|frontdesk',
  async run(config, args) {
    const { values } = parseArgs({ args, options: { role: { type: 'string' } }, strict: true })
    const role = values.role
    if (role !== 'owner' && role !== 'frontdesk') {
      process.stderr.write('Usage: npm run relay -- pair --role owner|frontdesk\n')
      return 2
    }
    const opened = await openRelayStorage(config, pino({ level: 'silent' }))
    try {
      const { code, expiresAt } = await opened.storage.devices.createPairingCode(role as DeviceRole)
      const minutes = pairingCodeLifetimeMs / 60_000
      process.stdout.write(
        `Pairing code for a ${role === 'owner' ? 'owner' : 'front-desk'} console. Enter it in the console's Settings.\n` +
          `It works once and expires in ${minutes} minutes (${expiresAt}).\n${code}\n`,
      )
      return 0
    } finally {
      await opened.close()
    }
  },
}
