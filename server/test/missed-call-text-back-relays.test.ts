/**
 * Missed-call text-backs through the storage contracts, with two relays on one database of each
 * engine: whichever relay hears of a missed call, and however many run the due pass at once, the
 * caller gets one text-back a day, and none after opting out.
 */
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../../src/domain/business-profile'
import type { Conversation } from '../../src/domain/schemas'
import { MissedCallTextBack, textBackIdFor } from '../src/conversations/missed-call-text-back'
import { storageEngines, type ContractStores } from '../src/storage/testing/storage-engines'

const noon = new Date('2026-03-02T20:00:00.000Z') // noon in Los Angeles, outside quiet hours
const now = () => noon

function textBackOn(stores: ContractStores): MissedCallTextBack {
  return new MissedCallTextBack({
    textBacks: stores.textBacks,
    optOuts: stores.optOuts,
    documents: stores.documents,
    queries: stores.queries,
    logger: pino({ level: 'silent' }),
    now,
    pollIntervalMs: 0,
  })
}

async function threadOf(stores: ContractStores, phone: string): Promise<Conversation[]> {
  return stores.queries.conversations.forNumber(phone)
}

describe.each(storageEngines)('missed-call text-backs with two relays on $name', (engine) => {
  it.skipIf(engine.skipReason !== null)('texts each caller back once, whichever relay hears of the call and however many run the due pass', async () => {
    const { mine, theirs, close } = await engine.open(now)
    try {
      await mine.documents.put('settings', { ...demoBusinessProfile(noon.toISOString()), quietHours: { start: '22:00', end: '07:00' } })
      const [relayA, relayB] = [textBackOn(mine), textBackOn(theirs)]
      const callers = ['+14085550101', '+14085550102', '+14085550103']
      // Each call reported to both relays (a retried webhook), the same call twice on each.
      await Promise.all(callers.flatMap((from) => [relayA, relayB, relayA, relayB].map((relay) => relay.missed({ from, at: noon.toISOString() }))))
      await Promise.all([relayA.runDue(), relayB.runDue(), relayA.runDue()])

      for (const phone of callers) {
        const threads = await threadOf(theirs, phone)
        expect(threads).toHaveLength(1)
        const textBacks = threads[0]!.messages.filter((message) => message.id === textBackIdFor(phone, '2026-03-02'))
        expect(textBacks).toHaveLength(1)
        expect(textBacks[0]).toMatchObject({ author: 'agent', direction: 'outbound', status: 'queued' })
        expect(await mine.textBacks.exists(phone, '2026-03-02')).toBe(true)
      }
      expect(await mine.textBacks.due(noon.toISOString())).toEqual([])
    } finally {
      await close()
    }
  })

  it.skipIf(engine.skipReason !== null)('plans nothing for a caller on the opt-out list, and skips one who opted out before the text was due', async () => {
    const { mine, theirs, close } = await engine.open(now)
    try {
      // Quiet hours around noon: the text-back waits until they end.
      await mine.documents.put('settings', { ...demoBusinessProfile(noon.toISOString()), quietHours: { start: '11:00', end: '14:00' } })
      const [relayA, relayB] = [textBackOn(mine), textBackOn(theirs)]
      await mine.optOuts.add('+14085550111', noon)
      await relayB.missed({ from: '+14085550111', at: noon.toISOString() })
      expect(await theirs.textBacks.exists('+14085550111', '2026-03-02')).toBe(false)

      await relayA.missed({ from: '+14085550112', at: noon.toISOString() })
      expect(await threadOf(mine, '+14085550112')).toEqual([])
      await theirs.optOuts.add('+14085550112', noon)
      const later = new Date(noon.getTime() + 3 * 60 * 60 * 1000)
      expect(await theirs.textBacks.due(later.toISOString())).toHaveLength(1)
      const relayLater = new MissedCallTextBack({ ...mine, logger: pino({ level: 'silent' }), now: () => later, pollIntervalMs: 0 })
      expect(await relayLater.runDue()).toBe(0)
      expect(await threadOf(theirs, '+14085550112')).toEqual([])
      expect(await theirs.textBacks.due(later.toISOString())).toEqual([])
    } finally {
      await close()
    }
  })
})
