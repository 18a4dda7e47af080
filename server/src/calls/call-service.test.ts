/**
 * The call loop end to end against the sandbox, through the official SDKs: a scripted call is
 * answered, the relay's listening device supervises it, the simulator streams the lines as sandbox
 * speech, Deepgram's simulator transcribes what it hears, the agent suggests and escalates, and
 * RingCentral's simulator records the transfer and emits its telephony events.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Call, Extension, Suggestion, TranscriptSegment } from '../../../src/domain/schemas'
import { startRelayHarness, type RelayHarness } from '../../sandbox/testing/relay-harness'
import { seedDemoBusiness } from '../demo/seed'
import { createCallService } from '.'

let harness: RelayHarness | null = null
afterEach(async () => {
  await harness?.close()
  harness = null
  // Closing stops the call's audio tap and transcription streams first: generous for a loaded two-core machine.
}, 30_000)

async function eventually<T>(read: () => T | null | undefined | false | Promise<T | null | undefined | false>, what: string, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

async function startCallHarness(): Promise<RelayHarness> {
  const started = await startRelayHarness({ withRingCentralCredentials: true, withCalls: true, business: null })
  await seedDemoBusiness(started.storage, started.clock.now())
  await started.subscribeRingCentralWebhooks()
  started.worker.start()
  return started
}

/** The live documents of a collection. */
async function all<T>(h: RelayHarness, collection: 'calls' | 'transcriptSegments' | 'suggestions' | 'extensions'): Promise<T[]> {
  return (await h.queries[collection].all()) as unknown as T[]
}

async function callFor(h: RelayHarness, telephonySessionId: string): Promise<Call | null> {
  return (await all<Call>(h, 'calls')).find((call) => call.telephonySessionId === telephonySessionId) ?? null
}

const caller = '+14085550123'
const askForPerson = [
  { speaker: 'caller' as const, text: 'Hi, I need a quote for 30 adults in Fremont 94539.' },
  { speaker: 'staff' as const, text: 'Sure, one moment please.' },
  { speaker: 'caller' as const, text: 'Can I talk to a person?' },
]

// Real-time audio through SIP and Deepgram: generous timeouts for a loaded two-core CI machine.
describe('calls: live transcription, suggestions and escalation', { timeout: 60_000 }, () => {
  it('transcribes a supervised call, quotes it and transfers the caller who asks for a person', async () => {
    const h = (harness = await startCallHarness())
    const interimsReplaced = new Set<string>()
    const seenInterim = new Set<string>()
    h.documents.onChange((collection, documents) => {
      if (collection !== 'transcriptSegments') return
      for (const document of documents) {
        if (document.isFinal === false) seenInterim.add(document.id)
        else if (seenInterim.has(document.id)) interimsReplaced.add(document.id)
      }
    })

    const { telephonySessionId } = await h.control.ringcentral.scriptedCall({ from: caller, toExtension: '103', lines: askForPerson, speed: 10, hangUp: false })
    const escalated = await eventually(async () => {
      const call = await callFor(h, telephonySessionId)
      return call?.routingOutcome ? call : null
    }, 'the call to be escalated')
    const [transfer] = await eventually(async () => {
      const transfers = await h.control.ringcentral.transfers()
      return transfers.length > 0 ? transfers : null
    }, 'the transfer request')
    // The transfer's own events arrive: Kenji's party answers and carries the call on.
    const transferred = await eventually(async () => {
      const call = await callFor(h, telephonySessionId)
      return call?.partyId && call.partyId !== transfer!.partyId && call.status === 'answered' ? call : null
    }, 'the transfer target to answer')
    // The lines end (the device gets a bye): Deepgram flushes and the transcription finishes.
    await eventually(async () => (await callFor(h, telephonySessionId))?.transcription === 'finished', 'the transcription to finish')
    await h.calls!.idle()

    const segments = (await all<TranscriptSegment>(h, 'transcriptSegments'))
      .filter((segment) => segment.callId === escalated.id)
      .sort((a, b) => a.startMs - b.startMs)
    // One mixed channel, told apart by speaker: every run attributed, with its confidence.
    expect(segments.map((segment) => [segment.speaker, segment.text, segment.isFinal])).toEqual([
      ['caller', 'hi, i need a quote for 30 adults in fremont 94539.', true],
      ['staff', 'sure, one moment please.', true],
      ['caller', 'can i talk to a person?', true],
    ])
    for (const segment of segments) expect(segment.speakerConfidence).toBeGreaterThanOrEqual(0.9)
    // Deepgram got one diarized stream, not a channel per speaker.
    expect(h.sandbox.deepgram.sessions.map((session) => [session.params.diarize, session.params.channels])).toEqual([['true', '1']])
    // Supervise named the monitored agent (extension 103, where the call rang), session then party.
    const [session, party] = await h.control.ringcentral.supervisions()
    const tapDeviceId = h.sandbox.ringcentral.calls.tapDeviceId
    expect(session).toMatchObject({ telephonySessionId, partyId: null, body: { mode: 'Listen', supervisorDeviceId: tapDeviceId, agentExtensionId: '62264425018', autoAnswer: true } })
    expect(party).toMatchObject({ telephonySessionId, partyId: transfer!.partyId, body: { mode: 'Listen', supervisorDeviceId: tapDeviceId, agentExtensionId: '62264425018' } })
    expect(segments[0]!.endMs).toBeLessThanOrEqual(segments[1]!.startMs)
    expect(interimsReplaced.size).toBe(3)

    const suggestions = (await all<Suggestion>(h, 'suggestions')).filter((suggestion) => suggestion.callId === escalated.id)
    const quote = suggestions.find((suggestion) => suggestion.kind === 'quote' && suggestion.sourceId === segments[0]!.id)
    expect(quote?.text).toContain('$1,650')
    expect(quote?.bookingDraft).toMatchObject({ adults: 30, zip: '94539', totalCents: 165_000, customerPhone: caller })
    // The quote was suggested once per utterance, however often the utterance was handed on.
    expect(new Set(suggestions.map((suggestion) => suggestion.id)).size).toBe(suggestions.length)
    // The agent reads the whole call at each utterance; the quote it repeats is not a second card.
    expect(suggestions.filter((suggestion) => suggestion.kind === 'quote' && suggestion.text.includes('$1,650'))).toHaveLength(1)

    expect(await h.control.ringcentral.transfers()).toEqual([
      expect.objectContaining({ telephonySessionId, kind: 'transfer', target: { extensionNumber: '101' } }),
    ])
    expect(transferred).toMatchObject({
      status: 'answered',
      escalated: true,
      assignedExtensionId: 'ext_kenji',
      routingOutcome: 'transferred',
    })
    expect(transferred.escalatedAt).toEqual(expect.any(String))
    expect(transferred.escalationReason).toMatch(/person/)
    expect(transferred.summary).toMatch(/30 adults/)
    expect(transferred.summary).toMatch(/\$1,650/)
    const alerts = h.sandbox.ringcentral.sentSms.filter((sms) => sms.to.includes('+15105550111'))
    expect(alerts).toHaveLength(1)
    expect(alerts[0]!.text).toMatch(/needs a person/)
    expect(alerts[0]!.text).not.toContain(caller)

    // A restart: a fresh call loop on the same database reads the call again and does nothing.
    await h.calls!.stop()
    const restarted = createCallService({ storage: h.storage, config: h.config, logger: (await import('pino')).default({ level: 'silent' }), now: h.clock.now, shared: h.app.services.shared, audioSource: { kind: 'softphone', deviceId: h.sandbox.ringcentral.calls.tapDeviceId, sandbox: true }, reconnectAttempts: 0 })
    await restarted.start()
    const suggestionCount = (await all<Suggestion>(h, 'suggestions')).length
    // The utterance that asked for a person is handed on again, and the call changes meanwhile.
    await restarted.handleUtterance({ callId: escalated.id, segmentId: segments[2]!.id, speaker: 'caller' })
    await h.documents.update('calls', escalated.id, (current) => ({ ...current!, notes: 'touched after restart' }))
    await restarted.idle()
    await restarted.stop()
    expect(await all<Suggestion>(h, 'suggestions')).toHaveLength(suggestionCount)
    expect(await h.control.ringcentral.transfers()).toHaveLength(1)
    expect(h.sandbox.ringcentral.sentSms.filter((sms) => sms.to.includes('+15105550111'))).toHaveLength(1)
  })

  it('never hands staff speech to the agent as the caller’s, even when staff speaks first and says the words of an escalation', async () => {
    const h = (harness = await startCallHarness())
    const { telephonySessionId } = await h.control.ringcentral.scriptedCall({
      from: caller,
      toExtension: '103',
      lines: [
        { speaker: 'staff', text: 'Thanks for calling. I can get a manager or a representative if you need a person.' },
        { speaker: 'caller', text: 'No need, just a quote for 30 adults in Fremont 94539.' },
      ],
      speed: 10,
      hangUp: false,
    })
    await eventually(async () => (await callFor(h, telephonySessionId))?.transcription === 'finished', 'the transcription to finish')
    await h.calls!.idle()
    const call = (await callFor(h, telephonySessionId))!
    const segments = (await all<TranscriptSegment>(h, 'transcriptSegments'))
      .filter((segment) => segment.callId === call.id && segment.isFinal)
      .sort((a, b) => a.startMs - b.startMs)
    // Staff was speaker 0 of the diarized stream: the agent leg, not the order, says who is who.
    expect(segments.map((segment) => segment.speaker)).toEqual(['staff', 'caller'])
    expect(call.escalated).toBe(false)
    expect(await h.control.ringcentral.transfers()).toEqual([])
    const suggestions = (await all<Suggestion>(h, 'suggestions')).filter((suggestion) => suggestion.callId === call.id)
    expect(suggestions.length).toBeGreaterThan(0)
    expect(suggestions.every((suggestion) => suggestion.sourceId === segments[1]!.id)).toBe(true)
  })

  it('without the agent’s own voice (party supervise refused) shows the speakers as unidentified and lets the agent act on nothing', async () => {
    const h = (harness = await startCallHarness())
    const { telephonySessionId } = await h.control.ringcentral.scriptedCall({
      from: caller,
      toExtension: '103',
      lines: [{ speaker: 'caller', text: 'Can I talk to a person?' }, { speaker: 'staff', text: 'One moment.' }],
      speed: 10,
      hangUp: false,
      refusePartySupervise: true,
    })
    await eventually(async () => (await callFor(h, telephonySessionId))?.transcription === 'finished', 'the transcription to finish')
    await h.calls!.idle()
    const call = (await callFor(h, telephonySessionId))!
    const segments = (await all<TranscriptSegment>(h, 'transcriptSegments')).filter((segment) => segment.callId === call.id && segment.isFinal)
    expect(segments.map((segment) => [segment.speaker, segment.speakerConfidence])).toEqual([
      ['unknown', null],
      ['unknown', null],
    ])
    expect((await all<Suggestion>(h, 'suggestions')).filter((suggestion) => suggestion.callId === call.id)).toEqual([])
    expect(await h.control.ringcentral.transfers()).toEqual([])
  })

  it('sends the caller to the primary mailbox and alerts the primary when nobody is available', async () => {
    const h = (harness = await startCallHarness())
    for (const extension of await all<Extension>(h, 'extensions')) {
      await h.documents.update('extensions', extension.id, (current) => ({ ...current!, status: 'offline' as const }))
    }
    const { telephonySessionId } = await h.control.ringcentral.scriptedCall({
      from: caller,
      toExtension: '103',
      lines: [{ speaker: 'caller', text: 'I want to speak to a human.' }],
      speed: 10,
    })
    const call = await eventually(async () => {
      const current = await callFor(h, telephonySessionId)
      return current?.routingOutcome && current.status === 'voicemail' ? current : null
    }, 'the caller to reach voicemail')
    await h.calls!.idle()
    expect(await h.control.ringcentral.transfers()).toEqual([expect.objectContaining({ kind: 'transfer', target: { voicemail: '62264425016' } })])
    expect(call).toMatchObject({ escalated: true, routingOutcome: 'voicemail', assignedExtensionId: 'ext_kenji' })
    const alerts = h.sandbox.ringcentral.sentSms.filter((sms) => sms.to.includes('+15105550111'))
    expect(alerts).toHaveLength(1)
    expect(alerts[0]!.text).toMatch(/voicemail/)
  })

  it('a caller who wants to move their party gets a follow-up for staff: no transfer, no alert', async () => {
    const h = (harness = await startCallHarness())
    const { telephonySessionId } = await h.control.ringcentral.scriptedCall({
      from: caller,
      toExtension: '103',
      lines: [{ speaker: 'caller', text: 'Hi, we need to reschedule our party to January 9th.' }],
      speed: 10,
    })
    const task = await eventually(async () => (await all<Suggestion>(h, 'suggestions')).find((suggestion) => suggestion.kind === 'follow_up'), 'the follow-up task')
    await eventually(async () => (await callFor(h, telephonySessionId))?.transcription === 'finished', 'the transcription to finish')
    await h.calls!.idle()
    const call = (await callFor(h, telephonySessionId))!
    expect(task).toMatchObject({ callId: call.id, conversationId: null, status: 'open', title: 'Follow up: Reschedule request' })
    expect(call.escalated).toBe(false)
    expect(call.routingOutcome ?? null).toBeNull()
    expect(call.summary).toMatch(/Follow-up for staff: Reschedule request/)
    expect(await h.control.ringcentral.transfers()).toEqual([])
    expect(h.sandbox.ringcentral.sentSms).toEqual([])
  })

  it('marks the transcription failed when Deepgram refuses the stream, and keeps the call', async () => {
    const h = (harness = await startRelayHarness({ withRingCentralCredentials: true, withCalls: true, business: null, env: { DEEPGRAM_API_KEY: 'not-the-sandbox-key' } }))
    await seedDemoBusiness(h.storage, h.clock.now())
    await h.subscribeRingCentralWebhooks()
    h.worker.start()
    const { telephonySessionId } = await h.control.ringcentral.scriptedCall({ from: caller, toExtension: '103', lines: askForPerson, speed: 10, hangUp: false })
    const call = await eventually(async () => {
      const current = await callFor(h, telephonySessionId)
      return current?.transcription === 'failed' ? current : null
    }, 'the transcription to fail')
    expect(call.status).toBe('answered')
    expect(await all<TranscriptSegment>(h, 'transcriptSegments')).toEqual([])
  })

  it('transcribes a voicemail recording onto the caller’s call', async () => {
    const h = (harness = await startCallHarness())
    await h.control.ringcentral.voicemail({ from: '+14085550177', text: 'Hi, this is Maria. Please call me back about 40 adults on Saturday.' })
    const call = await eventually(async () => (await all<Call>(h, 'calls')).find((c) => c.fromNumber === '+14085550177' && c.transcription === 'finished'), 'the voicemail call')
    // The call is marked finished before its segments and the agent's reading are written, in the
    // inbox's handling of the voicemail event (not the call loop's queue): wait for that handling.
    await h.worker.drain()
    await h.calls!.idle()
    const segments = (await all<TranscriptSegment>(h, 'transcriptSegments')).filter((segment) => segment.callId === call.id)
    expect(segments.map((segment) => segment.text)).toEqual(['hi, this is maria. please call me back about 40 adults on saturday.'])
    expect(segments[0]).toMatchObject({ speaker: 'caller', isFinal: true })
    expect(call.status).toBe('voicemail')
    const suggestions = (await all<Suggestion>(h, 'suggestions')).filter((suggestion) => suggestion.callId === call.id)
    expect(suggestions.length).toBeGreaterThan(0)
    expect(suggestions.every((suggestion) => suggestion.sourceId === segments[0]!.id)).toBe(true)
  })
})
