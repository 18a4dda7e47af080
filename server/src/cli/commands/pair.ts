import { parseArgs } from 'node:util'
import { DeviceRegistry, pairingCodeLifetimeMs, type DeviceRole } from '../../storage/device-registry'
import { openDatabase } from '../../storage/database'
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
    const db = openDatabase(config.dataDir)
    try {
      const { code, expiresAt } = await new DeviceRegistry(db).createPairingCode(role as DeviceRole)
      const minutes = pairingCodeLifetimeMs / 60_000
      process.stdout.write(
        `Pairing code for a ${role === 'owner' ? 'owner' : 'front-desk'} console. Enter it in the console's Settings.\n` +
          `It works once and expires in ${minutes} minutes (${expiresAt}).\n${code}\n`,
      )
      return 0
    } finally {
      db.close()
    }
  },
}
