/**
 * RingCentral's stored notifications applied through the storage contracts by two relays on one
 * database of each engine: telephony events arriving out of order and twice leave the call in its
 * newest state, a text delivered twice is threaded once, and a missed call is reported until its
 * text-back could be planned (the planning itself is once per caller and day).
 */
import { describe, expect, it } from 'vitest'
import type { Call, Conversation } from '../../src/domain/schemas'
import { buildInstantSmsNotification, buildTelephonySessionNotification } from '../sandbox/ringcentral/payloads'
import { createRingCentralEventHandler } from '../src/providers/ringcentral/handle-event'
import { storageEngines, type ContractStores } from '../src/storage/testing/storage-engines'
import { storedEvent } from '../sandbox/testing/stored-event'

const noon = new Date('2026-03-02T20:00:00.000Z')
const now = () => noon
const caller = '+14085550177'

/** A notification as the inbox stores it. */
const stored = (notification: unknown) => storedEvent('ringcentral', notification, noon)

function handlerOn(stores: ContractStores, missedCalls: string[]) {
  return createRingCentralEventHandler({
    telephonyCalls: stores.telephonyCalls,
    documents: stores.documents,
    queries: stores.queries,
    now,
    onMissedCall: async (call) => {
      missedCalls.push(call.from ?? 'hidden')
    },
  })
}

describe.each(storageEngines)('RingCentral events through two relays on $name', (engine) => {
  it.skipIf(engine.skipReason !== null)('reports a missed call again when the inbox retries it, and an older event not at all', async () => {
    const { mine, close } = await engine.open(now)
    try {
      let failures = 1
      const reported: string[] = []
      const handler = createRingCentralEventHandler({
        telephonyCalls: mine.telephonyCalls,
        documents: mine.documents,
        queries: mine.queries,
        now,
        onMissedCall: async (call) => {
          if (failures-- > 0) throw new Error('the text-back could not be stored')
          reported.push(call.from ?? 'hidden')
        },
      })
      const missedEvent = stored(buildTelephonySessionNotification({ telephonySessionId: 's-retry', sequence: 2, statusCode: 'Disconnected', customerNumber: caller, missedCall: true }))
      await expect(handler(missedEvent)).rejects.toThrow(/could not be stored/)
      await handler(missedEvent) // the inbox's retry
      expect(reported).toEqual([caller])
      await handler(stored(buildTelephonySessionNotification({ telephonySessionId: 's-retry', sequence: 1, statusCode: 'Proceeding', customerNumber: caller, missedCall: true })))
      expect(reported).toEqual([caller])
      expect(await mine.queries.calls.live('s-retry')).toMatchObject({ status: 'ended' })
    } finally {
      await close()
    }
  })

  it.skipIf(engine.skipReason !== null)('leaves each call in its newest state, threads each text once and reports a missed call once', async () => {
    const { mine, theirs, close } = await engine.open(now)
    try {
      const missed: string[] = []
      const [relayA, relayB] = [handlerOn(mine, missed), handlerOn(theirs, missed)]
      const event = (sequence: number, statusCode: 'Setup' | 'Proceeding' | 'Answered' | 'Disconnected', missedCall = false) =>
        stored(buildTelephonySessionNotification({ telephonySessionId: 's-two-relays', sequence, statusCode, customerNumber: caller, missedCall, eventTime: new Date(noon.getTime() + sequence * 1000) }))
      // A missed call: ringing, then disconnected with missedCall; each event delivered to both relays, the newest first.
      const events = [event(3, 'Disconnected', true), event(1, 'Setup'), event(2, 'Proceeding')]
      await Promise.all(events.flatMap((e) => [relayA(e), relayB(e)]))
      const call = (await theirs.queries.calls.live('s-two-relays')) as Call
      expect(call).toMatchObject({ status: 'ended', fromNumber: caller, direction: 'inbound' })
      expect(call.endedAt).not.toBeNull()
      // Reported by the relay that applied it and by the one that saw the same sequence again.
    expect(missed.length).toBeGreaterThanOrEqual(1)
    expect(new Set(missed)).toEqual(new Set([caller]))

      const text = buildInstantSmsNotification({ from: caller, text: 'Are you free on Saturday?', messageId: '90210', at: noon })
      await Promise.all([relayA(stored(text)), relayB(stored(text)), relayA(stored(text))])
      const threads = (await mine.queries.conversations.forNumber(caller)) as Conversation[]
      expect(threads).toHaveLength(1)
      expect(threads[0]!.messages.map((message) => [message.author, message.text])).toEqual([['customer', 'Are you free on Saturday?']])
    } finally {
      await close()
    }
  })
})
