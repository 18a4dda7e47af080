/**
 * Live call latency: from a final `Results` leaving the Deepgram simulator to what a paired
 * console receives on `GET /sync/stream`. Baseline: the final transcript segment arriving (the
 * floor: socket, document store, sync fan-out). Candidate: the agent's suggestion for that
 * utterance arriving (adds the rules brain and its writes). Scripted calls through the whole
 * sandbox: RingCentral simulator → listening device → relay → Deepgram simulator. With the rules
 * brain the suggestion is often written before the segment's push is read, so both arrive in one
 * stream read and the ratio is near 1; a slow brain (or its first, cold call) shows up at once.
 */
import { performance } from 'node:perf_hooks'
import { startRelayHarness, type RelayHarness } from '../sandbox/testing/relay-harness'
import { seedDemoBusiness } from '../src/demo/seed'
import { percentile } from './latency'

interface StreamEvent {
  collection?: string
  documents?: { id: string; text?: string; isFinal?: boolean; sourceId?: string | null }[]
}

/** Issue target for the embedded (rules) brain. */
const suggestionTargetP95Ms = 500

export async function callSuggestionLatency(calls = 10): Promise<void> {
  const harness = await startRelayHarness({ withRingCentralCredentials: true, withCalls: true, business: null })
  try {
    await seedDemoBusiness(harness.storage, harness.clock.now())
    await harness.subscribeRingCentralWebhooks()
    harness.worker.start()
    const { code } = await harness.app.devices.createPairingCode('owner')
    const paired = (await (await fetch(`${harness.url}/devices/pair`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name: 'bench' }) })).json()) as { token: string }

    const finalSentAt = new Map<string, number>() // transcript → when the final left Deepgram
    const segmentArrived = new Map<string, { at: number; text: string }>() // segment id → arrival
    const suggestionArrived = new Map<string, number>() // source segment id → first suggestion's arrival
    harness.sandbox.deepgram.onMessageSent((message) => {
      const transcript = (message.channel as { alternatives?: { transcript?: string }[] } | undefined)?.alternatives?.[0]?.transcript
      if (message.type === 'Results' && message.is_final && transcript) finalSentAt.set(transcript, performance.now())
    })

    const abort = new AbortController()
    const response = await fetch(`${harness.url}/sync/stream`, { headers: { authorization: `Bearer ${paired.token}` }, signal: abort.signal })
    const reader = response.body!.getReader()
    void (async () => {
      let buffer = ''
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }))
        if (done) return
        const at = performance.now()
        buffer += new TextDecoder().decode(value)
        const parts = buffer.split('\n\n')
        buffer = parts.pop()!
        for (const part of parts) {
          if (!part.startsWith('data: ')) continue
          const event = JSON.parse(part.slice(6)) as StreamEvent
          for (const document of event.documents ?? []) {
            if (event.collection === 'transcriptSegments' && document.isFinal && !segmentArrived.has(document.id)) segmentArrived.set(document.id, { at, text: document.text ?? '' })
            if (event.collection === 'suggestions' && document.sourceId && !suggestionArrived.has(document.sourceId)) suggestionArrived.set(document.sourceId, at)
          }
        }
      }
    })()

    // One call more than measured: the first loads the brain's ZIP directory and is left out.
    for (let i = 0; i <= calls; i++) {
      const expected = suggestionArrived.size + 2
      await harness.control.ringcentral.scriptedCall({
        from: '+14085550123',
        toExtension: '103',
        lines: [
          { speaker: 'caller', text: `I need a quote for ${20 + i} adults in Fremont 94539.` },
          { speaker: 'caller', text: `And what about ${5 + i} kids on Saturday?` },
        ],
        speed: 20,
        hangUp: false,
      })
      const deadline = Date.now() + 20_000
      while (suggestionArrived.size < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5))
      if (i === 0) for (const map of [finalSentAt, segmentArrived, suggestionArrived]) map.clear()
    }

    const segmentLatency: number[] = []
    const suggestionLatency: number[] = []
    for (const [segmentId, arrival] of segmentArrived) {
      const sent = finalSentAt.get(arrival.text)
      const suggested = suggestionArrived.get(segmentId)
      if (sent === undefined || suggested === undefined) continue
      segmentLatency.push(arrival.at - sent)
      suggestionLatency.push(suggested - sent)
    }
    abort.abort()
    const p50 = (values: number[]) => percentile(values, 0.5)
    const p95 = (values: number[]) => percentile(values, 0.95)
    process.stdout.write(
      `live call: final Results → pushed on /sync/stream (${suggestionLatency.length} caller utterances)\n` +
        `  baseline  transcript segment: p50 ${p50(segmentLatency).toFixed(2)} ms, p95 ${p95(segmentLatency).toFixed(2)} ms\n` +
        `  candidate agent suggestion:   p50 ${p50(suggestionLatency).toFixed(2)} ms, p95 ${p95(suggestionLatency).toFixed(2)} ms\n` +
        `  ratio p50 ${(p50(suggestionLatency) / p50(segmentLatency)).toFixed(2)}x, p95 ${(p95(suggestionLatency) / p95(segmentLatency)).toFixed(2)}x baseline\n` +
        `  target: suggestion p95 under ${suggestionTargetP95Ms} ms with the embedded brain: ${p95(suggestionLatency) < suggestionTargetP95Ms ? 'met' : 'NOT met'}\n`,
    )
  } finally {
    await harness.close()
  }
}
