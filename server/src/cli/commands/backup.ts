import { BackupError, backupDatabase, restoreDatabase } from '../../storage/backup'
import type { RelayCommand } from '../relay'

/** `npm run relay -- backup FILE`: an online, consistent copy of the database, safe while the relay runs. */
export const backupCommand: RelayCommand = {
  summary: 'backup FILE: a consistent copy of the database (safe while the relay runs; relay.key is not included)',
  async run(config, args) {
    if (config.databaseUrl) {
      process.stderr.write('DATABASE_URL is set: back up and restore PostgreSQL with its own tools (pg_dump, pg_restore); see the README.\n')
      return 2
    }
    const [file, ...rest] = args
    if (!file || rest.length > 0) {
      process.stderr.write('Usage: npm run relay -- backup FILE\n')
      return 2
    }
    try {
      const summary = await backupDatabase(config.dataDir, file)
      process.stdout.write(
        `Backed up ${summary.documents} documents (schema version ${summary.schemaVersion}, ${summary.bytes} bytes) to ${summary.file}.\n` +
          'Keep relay.key somewhere else: the backup holds provider tokens encrypted with it.\n',
      )
      return 0
    } catch (error) {
      if (!(error instanceof BackupError)) throw error
      process.stderr.write(`${error.message}\n`)
      return 1
    }
  },
}

/** `npm run relay -- restore FILE`: replaces the database with a checked backup while no relay runs. */
export const restoreCommand: RelayCommand = {
  summary: 'restore FILE: replace the database with a backup (stop the relay first; the file is checked before use)',
  async run(config, args) {
    if (config.databaseUrl) {
      process.stderr.write('DATABASE_URL is set: back up and restore PostgreSQL with its own tools (pg_dump, pg_restore); see the README.\n')
      return 2
    }
    const [file, ...rest] = args
    if (!file || rest.length > 0) {
      process.stderr.write('Usage: npm run relay -- restore FILE\n')
      return 2
    }
    try {
      const summary = restoreDatabase(config.dataDir, file)
      process.stdout.write(
        `Restored ${summary.documents} documents (schema version ${summary.schemaVersion}) into ${config.dataDir}.\n` +
          (summary.previous ? `The database it replaced is kept as ${summary.previous}.\n` : ''),
      )
      if (!summary.keyPresent) {
        process.stderr.write(
          `No relay.key in ${config.dataDir}: put back the key that belongs with this backup, or stored provider sign-ins (RingCentral, the bank link) must be made again.\n`,
        )
      }
      return 0
    } catch (error) {
      if (!(error instanceof BackupError)) throw error
      process.stderr.write(`${error.message}\n`)
      return 1
    }
  },
}
