/**
 * The `WorkClaims` contract (../contracts.ts) as one suite every engine runs: of relays claiming
 * one key at once, one has it; a lease that runs out frees it; a late release frees nothing.
 */
import { describe, expect, it } from 'vitest'
import { onFreshDatabase, type StorageEngine } from './storage-engines'

const start = new Date('2026-05-01T12:00:00.000Z')
const secondsLater = (n: number) => new Date(start.getTime() + n * 1000)

export function workClaimsContract(engine: StorageEngine): void {
  const onFresh = onFreshDatabase(engine, () => start, (stores) => stores.claims)

  describe('work claims contract', () => {
    it(
      'gives a key to one of many claiming it at once, through two relays',
      onFresh(async (mine, theirs) => {
        const tokens = await Promise.all(Array.from({ length: 10 }, (_, n) => (n % 2 ? mine : theirs).claim('answer:msg_1', start, 60_000)))
        expect(tokens.filter((token) => token !== null)).toHaveLength(1)
        // Another key is free.
        expect(await mine.claim('send:msg_1', start, 60_000)).not.toBeNull()
      }),
    )

    it(
      'frees a key when its holder lets go or its lease runs out, and a late release frees nothing',
      onFresh(async (mine, theirs) => {
        const first = (await mine.claim('answer:msg_1', start, 60_000))!
        expect(await theirs.claim('answer:msg_1', secondsLater(59), 60_000)).toBeNull()
        // The lease ran out: another relay takes it over.
        const second = await theirs.claim('answer:msg_1', secondsLater(60), 60_000)
        expect(second).not.toBeNull()
        // The first holder, back late, lets go of what is no longer its own: the key stays held.
        await mine.release('answer:msg_1', first)
        expect(await mine.claim('answer:msg_1', secondsLater(61), 60_000)).toBeNull()
        await theirs.release('answer:msg_1', second!)
        expect(await mine.claim('answer:msg_1', secondsLater(62), 60_000)).not.toBeNull()
      }),
    )
  })
}
