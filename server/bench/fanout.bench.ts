/**
 * Cross-relay live fan-out on PostgreSQL: a change written through relay B's document store, heard
 * by relay A's (whose listeners are A's `/sync/stream`s). Each of ≥ 200 changes is timed from the
 * start of B's write to A's listener being told; p50/p95 against a baseline measured in the same
 * run: the same write heard by B's own listeners (the commit alone, no fan-out). Target: p95 under
 * 250 ms. Both stores are in this process with their own connections, as two relays would be; the
 * relay's HTTP stream on top adds the same cost in both cases, so it is left out.
 *
 * Needs a PostgreSQL database: `SWITCHBOARD_TEST_DATABASE_URL` (a fresh schema is made and
 * dropped); without it this benchmark says so and is skipped.
 */
import type { Customer } from '../../src/domain/schemas'
import { PostgresDocumentStore } from '../src/storage/postgres/postgres-document-store'
import { createPostgresTestSchema, postgresTestUrl } from '../src/storage/testing/test-databases'
import { p95AgainstBaseline, timeAgainstBaseline } from './latency'

const changes = 250
const targetP95Ms = 250

export async function crossRelayFanoutLatency(): Promise<void> {
  if (!postgresTestUrl) {
    process.stdout.write('cross-relay fan-out: skipped (SWITCHBOARD_TEST_DATABASE_URL is not set; it needs a PostgreSQL database)\n')
    return
  }
  const schema = await createPostgresTestSchema()
  const [dbA, dbB] = [await schema.open(), await schema.open()]
  try {
    const relayA = new PostgresDocumentStore(dbA)
    const relayB = new PostgresDocumentStore(dbB)
    // When each store's listeners heard of each document (ids are unique to one change here).
    const hearing = (store: PostgresDocumentStore) => {
      const heardAt = new Map<string, number>()
      const waiting = new Map<string, () => void>()
      store.onChange((_collection, documents) => {
        for (const { id } of documents) {
          heardAt.set(id, performance.now())
          waiting.get(id)?.()
        }
      })
      return {
        async when(id: string): Promise<number> {
          if (!heardAt.has(id)) await new Promise<void>((resolve) => waiting.set(id, resolve))
          waiting.delete(id)
          return heardAt.get(id)!
        },
      }
    }
    const heardByA = hearing(relayA)
    const heardByB = hearing(relayB)
    const stopA = relayA.followExternalWrites()
    await relayA.listening()

    const time = async (id: string, listeners: ReturnType<typeof hearing>): Promise<number> => {
      const started = performance.now()
      await relayB.put('customers', customer(id))
      return (await listeners.when(id)) - started
    }

    const times = await timeAgainstBaseline(changes, {
      warmUp: (round) => time(`cus_warm_${round}`, heardByA),
      candidate: (round) => time(`cus_a_${round}`, heardByA),
      baseline: (round) => time(`cus_b_${round}`, heardByB),
    })
    stopA()
    process.stdout.write(
      `cross-relay fan-out on PostgreSQL: ${changes} changes written through relay B, heard by relay A's listeners (LISTEN/NOTIFY)\n` +
        p95AgainstBaseline({ baseline: "the same write heard by relay B's own listeners", candidate: 'heard by relay A' }, times, targetP95Ms),
    )
  } finally {
    await Promise.all([dbA.close(), dbB.close()])
    await schema.drop()
  }
}

function customer(id: string): Customer {
  const at = new Date().toISOString()
  return { id, updatedAt: '', name: `Customer ${id}`, phone: null, email: null, notes: '', smsOptOut: false, createdAt: at, alsoPaysAs: [], mergedInto: null, mergedAt: null, mergedBy: null }
}
