/**
 * The call loop through the storage contracts, with two relays on one database of each engine:
 * a caller's utterance handed to both relays (a redelivered voicemail, a restart) escalates the
 * call once (one alert text) and suggests once.
 */
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../../src/domain/business-profile'
import type { Call } from '../../src/domain/schemas'
import { CallService } from '../src/calls/call-service'
import { storageEngines, type ContractStores } from '../src/storage/testing/storage-engines'
import { countingAgent } from '../sandbox/testing/counting-agent'
import { ownerExtension } from '../sandbox/testing/extension-fixture'

const now = () => new Date()
const logger = pino({ level: 'silent' })

function callLoops(relays: ContractStores[]) {
  const { loadBrain, sender, sent, answers } = countingAgent()
  const loops = relays.map((storage) => new CallService({ storage, logger, now, ringCentral: null, tap: null, deepgram: null, sender, loadBrain }))
  return { loops, sent, answers }
}

async function answeredCall(stores: ContractStores): Promise<void> {
  const at = now().toISOString()
  await stores.documents.put('settings', demoBusinessProfile(at))
  await stores.documents.put('extensions', ownerExtension)
  const call: Omit<Call, 'updatedAt'> = {
    id: 'call_1',
    telephonySessionId: 's-1',
    direction: 'inbound',
    fromNumber: '+14085550123',
    toNumber: '+15105550100',
    customerId: null,
    status: 'answered',
    startedAt: at,
    endedAt: null,
    escalated: false,
    escalationReason: null,
    assignedExtensionId: null,
    summary: '',
    partyId: 'p-1',
    transcription: 'live',
  }
  await stores.documents.put('calls', call)
  await stores.documents.put('transcriptSegments', { id: 'seg_1', callId: 'call_1', speaker: 'caller', speakerConfidence: 0.95, text: 'How much for 30 people in Fremont?', startMs: 0, endMs: 2_000, isFinal: true })
  await stores.documents.put('transcriptSegments', { id: 'seg_2', callId: 'call_1', speaker: 'caller', speakerConfidence: 0.95, text: 'Actually I want to talk to a real person please.', startMs: 3_000, endMs: 5_000, isFinal: true })
}

describe.each(storageEngines)('the call loop with two relays on $name', (engine) => {
  it.skipIf(engine.skipReason !== null)('escalates a call once and alerts once, whichever relays hand the utterance on', async () => {
    const { mine, theirs, close } = await engine.open(now)
    const { loops, sent } = callLoops([mine, theirs])
    try {
      await answeredCall(mine)
      const utterance = { callId: 'call_1', segmentId: 'seg_2', speaker: 'caller' as const }
      await Promise.all([loops[0]!.handleUtterance(utterance), loops[1]!.handleUtterance(utterance), loops[0]!.handleUtterance(utterance)])
      await Promise.all(loops.map((loop) => loop.idle()))

      const call = (await theirs.queries.calls.live('call_1'))!
      expect(call).toMatchObject({ escalated: true, assignedExtensionId: ownerExtension.id, routingOutcome: 'failed' })
      expect(sent.filter((sms) => sms.purpose === 'staff_alert')).toHaveLength(1)
      const suggestions = await mine.queries.suggestions.openForCall('call_1')
      expect(new Set(suggestions.map((suggestion) => suggestion.id)).size).toBe(suggestions.length)
    } finally {
      await Promise.all(loops.map((loop) => loop.stop()))
      await close()
    }
  })
})
