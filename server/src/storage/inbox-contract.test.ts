/** The webhook inbox contract on both engines (PostgreSQL when a test database is configured). */
import { describe } from 'vitest'
import { openDatabase } from './database'
import { InboxStore } from './inbox-store'
import { PostgresInboxStore } from './postgres/postgres-inbox-store'
import { webhookInboxContract } from './testing/inbox-contract'
import { createPostgresTestSchema, freshSqliteDataDir, postgresSkipReason } from './testing/test-databases'

describe('SQLite', () => {
  webhookInboxContract({
    async open(now) {
      const dataDir = freshSqliteDataDir()
      // Two connections to one file: the second stands for another process on the same database.
      const [mine, theirs] = [openDatabase(dataDir), openDatabase(dataDir)]
      return {
        inbox: new InboxStore(mine, now),
        other: new InboxStore(theirs, now),
        async close() {
          mine.close()
          theirs.close()
        },
      }
    },
  })
})

const skipReason = postgresSkipReason()
describe.skipIf(skipReason !== null)(`PostgreSQL${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  webhookInboxContract({
    async open(now) {
      const schema = await createPostgresTestSchema()
      // Two pools: two relays on one database.
      const [mine, theirs] = [await schema.open(), await schema.open()]
      return {
        inbox: new PostgresInboxStore(mine, now),
        other: new PostgresInboxStore(theirs, now),
        async close() {
          await Promise.all([mine.close(), theirs.close()])
          await schema.drop()
        },
      }
    },
  })
})
