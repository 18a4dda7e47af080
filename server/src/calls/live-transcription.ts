/**
 * Live transcription of tapped calls through Deepgram's streaming API (`@deepgram/sdk`,
 * providers §4.2). A call's session leg carries both parties mixed in one channel (RingCentral's
 * session-level supervise), so it is streamed with `diarize=true`; each `Results` is cut into runs
 * of one diarized speaker, and each run is stored as a `transcriptSegment` whose speaker is what
 * `SpeakerAttribution` says that voice is — staff, caller or unknown — with its confidence. The
 * agent leg (the staff member's own party) is not transcribed: it only feeds the attribution.
 *
 * An interim is upserted in place and replaced by the final for the same span (same start);
 * `calls.transcription` goes live / finished / failed. The newest final run attributed to the
 * caller with enough confidence is handed to `onUtterance` once per utterance (`speech_final`,
 * or `UtteranceEnd` when endpointing missed it). Staff and unidentified speech never is.
 */
import { createHash } from 'node:crypto'
import type { DeepgramClient } from '@deepgram/sdk'
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'
import type { Call, TranscriptSegment } from '../../../src/domain/schemas'
import type { Logger } from '../logging/logger'
import type { DocumentSync } from '../storage/contracts'
import { SerialQueue } from '../work/serial-queue'
import type { AudioTapListener, CallAudioFrame, TapLeg, TapLegStart } from './audio-tap'
import { SpeakerAttribution, type Attribution } from './speaker-attribution'

export interface FinalUtterance {
  callId: string
  segmentId: string
  speaker: TranscriptSegment['speaker']
}

export interface LiveTranscriptionOptions {
  deepgram: DeepgramClient
  documents: DocumentSync
  logger: Logger
  /** The call document id for a telephony session (null when the relay has no such call). */
  callIdFor: (telephonySessionId: string) => string | null
  onUtterance: (utterance: FinalUtterance) => void
  /** 0 in tests: a dropped socket fails the transcription instead of reconnecting. */
  reconnectAttempts?: number
  model?: string
}

/** Below this confidence a caller run is shown but not handed to the agent. */
export const callerConfidenceForAgent = 0.7

const keepAliveMs = 4_000

type LiveSocket = Awaited<ReturnType<DeepgramClient['listen']['v1']['connect']>>

interface Channel {
  socket: LiveSocket | null
  open: boolean
  queued: Buffer[]
  closed: boolean
  lastSentAt: number
}

interface TappedCall {
  callId: string
  attribution: SpeakerAttribution
  /** The Deepgram stream of the session leg, once it started. */
  mixed: Channel | null
  failed: boolean
  ending: boolean
  /** The newest final caller run not yet handed on. */
  lastFinalCaller: string | null
  /** Final runs whose speaker was not known yet: relabelled once it is. */
  unresolved: Map<string, number>
  /** Interim runs not yet replaced by a final, by id, with their start (seconds). */
  interims: Map<string, number>
}

/** What the relay reads of a Deepgram `Results` message (other fields pass through unread). */
const ResultWord = Type.Object({
  word: Type.String(),
  punctuated_word: Type.Optional(Type.String()),
  start: Type.Number(),
  end: Type.Number(),
  speaker: Type.Optional(Type.Number()),
})
type ResultWord = Static<typeof ResultWord>

const ResultsMessage = Type.Object({
  type: Type.Literal('Results'),
  start: Type.Number(),
  duration: Type.Number(),
  is_final: Type.Optional(Type.Boolean()),
  speech_final: Type.Optional(Type.Boolean()),
  channel: Type.Object({ alternatives: Type.Array(Type.Object({ transcript: Type.String(), words: Type.Optional(Type.Array(ResultWord)) })) }),
})
type ResultsMessage = Static<typeof ResultsMessage>

export class LiveTranscription implements AudioTapListener {
  private readonly calls = new Map<string, TappedCall>()
  private pending = new Set<Promise<unknown>>()
  /**
   * The transcript's writes, one after another in the order Deepgram's messages came: a final
   * run is never overtaken by the interim it replaces.
   */
  private readonly writes: SerialQueue

  constructor(private readonly options: LiveTranscriptionOptions) {
    this.writes = new SerialQueue((error) => options.logger.warn({ err: { message: (error as Error)?.message } }, 'a transcript write failed'))
  }

  onLegStart(start: TapLegStart): void {
    const call = this.callFor(start.telephonySessionId)
    if (!call) return
    if (start.leg === 'agent') return call.attribution.onAgentLegStart()
    if (call.mixed) return
    const channel: Channel = { socket: null, open: false, queued: [], closed: false, lastSentAt: 0 }
    call.mixed = channel
    this.setTranscription(call.callId, 'live')
    this.track(this.connect(call, channel, start))
  }

  onFrame(frame: CallAudioFrame): void {
    const call = this.calls.get(frame.telephonySessionId)
    if (!call) return
    if (frame.leg === 'agent') return call.attribution.onAgentAudio(frame.payload, frame.encoding, frame.sampleRate)
    const channel = call.mixed
    if (!channel || channel.closed) return
    call.attribution.onMixedAudio(frame.payload, frame.encoding, frame.sampleRate)
    if (channel.open && channel.socket) {
      sendSafely(() => channel.socket!.sendMedia(frame.payload))
      channel.lastSentAt = Date.now()
    } else channel.queued.push(frame.payload)
  }

  onLegEnd(telephonySessionId: string, leg: TapLeg): void {
    if (leg === 'agent') this.calls.get(telephonySessionId)?.attribution.onAgentLegEnd()
    else this.onCallEnd(telephonySessionId)
  }

  onCallEnd(telephonySessionId: string): void {
    const call = this.calls.get(telephonySessionId)
    if (!call) return
    call.ending = true
    const channel = call.mixed
    // CloseStream makes Deepgram flush the last words and close normally.
    if (channel?.open && channel.socket) sendSafely(() => channel.socket!.sendCloseStream({ type: 'CloseStream' }))
    else if (channel) channel.closed = true
    this.finishIfClosed(telephonySessionId, call)
  }

  /** Resolves once every connection attempt and close has settled (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending])
    await this.writes.idle()
  }

  private write(work: () => Promise<unknown>): void {
    this.writes.push(work)
  }

  async stop(): Promise<void> {
    for (const call of this.calls.values()) call.mixed?.socket?.close()
    await this.idle()
  }

  private callFor(telephonySessionId: string): TappedCall | null {
    const known = this.calls.get(telephonySessionId)
    if (known) return known
    const callId = this.options.callIdFor(telephonySessionId)
    if (!callId) return null
    const call: TappedCall = { callId, attribution: new SpeakerAttribution(), mixed: null, failed: false, ending: false, lastFinalCaller: null, unresolved: new Map(), interims: new Map() }
    this.calls.set(telephonySessionId, call)
    return call
  }

  private track(work: Promise<unknown>): void {
    this.pending.add(work)
    void work.finally(() => this.pending.delete(work))
  }

  private async connect(call: TappedCall, channel: Channel, start: TapLegStart): Promise<void> {
    const telephonySessionId = start.telephonySessionId
    try {
      const socket = await this.options.deepgram.listen.v1.connect({
        model: this.options.model ?? 'nova-3',
        encoding: start.encoding,
        sample_rate: start.sampleRate,
        channels: 1,
        diarize: 'true',
        interim_results: 'true',
        punctuate: 'true',
        smart_format: 'true',
        endpointing: 300,
        utterance_end_ms: 1000,
        vad_events: 'true',
        reconnectAttempts: this.options.reconnectAttempts ?? 3,
      } as Parameters<DeepgramClient['listen']['v1']['connect']>[0])
      channel.socket = socket
      socket.on('message', (message: unknown) => this.receive(call, message))
      let keepAlive: NodeJS.Timeout | undefined
      const closed = new Promise<void>((resolve) => {
        socket.on('close', (event) => {
          clearInterval(keepAlive)
          channel.closed = true
          channel.open = false
          if (event.code !== 1000 && !call.ending) this.fail(call, `Deepgram closed the stream (${event.code})`)
          this.finishIfClosed(telephonySessionId, call)
          resolve()
        })
      })
      socket.on('error', (error) => this.options.logger.warn({ err: { message: error.message } }, 'Deepgram stream error'))
      socket.connect()
      await Promise.race([
        socket.waitForOpen(),
        closed.then(() => {
          throw new Error('the stream closed before it opened')
        }),
      ])
      channel.open = true
      // A call on hold sends no audio; Deepgram closes a silent stream after 10 s without KeepAlive.
      keepAlive = setInterval(() => {
        if (channel.open && Date.now() - channel.lastSentAt >= keepAliveMs) sendSafely(() => socket.sendKeepAlive({ type: 'KeepAlive' }))
      }, keepAliveMs)
      for (const chunk of channel.queued.splice(0)) sendSafely(() => socket.sendMedia(chunk))
      if (call.ending) sendSafely(() => socket.sendCloseStream({ type: 'CloseStream' }))
      await closed
    } catch (error) {
      channel.closed = true
      this.fail(call, `could not open a Deepgram stream: ${(error as Error).message.slice(0, 200)}`)
      this.finishIfClosed(telephonySessionId, call)
    }
  }

  private receive(call: TappedCall, message: unknown): void {
    if (isMessageOfType(message, 'UtteranceEnd')) return this.handOn(call)
    // Other messages (Metadata, SpeechStarted), and a Results message not of the documented shape, are passed over.
    if (!Value.Check(ResultsMessage, message)) return
    const results = message
    const alternative = results.channel.alternatives[0]
    if (!alternative?.transcript.trim()) return // silence
    const isFinal = results.is_final === true
    const runs = speakerRuns(alternative.words ?? [], results)
    // Interims only show progress: evidence comes from final words, each counted once.
    const roles = isFinal ? call.attribution.attribute(runs.flatMap((run) => run.words)) : new Map(runs.map((run) => [run.speaker, call.attribution.roleOf(run.speaker)]))
    const ids = runs.map((run) => segmentIdFor(call.callId, 'mixed', run.start))
    if (isFinal) {
      // An interim the final split differently (the speakers changed their minds) is withdrawn.
      const end = results.start + results.duration
      for (const [id, start] of call.interims) {
        if (start < results.start - 0.001 || start > end || ids.includes(id)) continue
        call.interims.delete(id)
        this.write(() => this.options.documents.update('transcriptSegments', id, (current) => current, { deleted: true }))
      }
    }
    for (const [index, run] of runs.entries()) {
      const attribution = roles.get(run.speaker) ?? { role: 'unknown', confidence: null }
      const segmentId = ids[index]!
      this.store(call, segmentId, run, attribution, isFinal)
      if (!isFinal) {
        call.interims.set(segmentId, run.start)
        continue
      }
      call.interims.delete(segmentId)
      if (attribution.role === 'unknown') call.unresolved.set(segmentId, run.speaker)
      if (attribution.role === 'caller' && (attribution.confidence ?? 0) >= callerConfidenceForAgent) call.lastFinalCaller = segmentId
      else if (call.lastFinalCaller && attribution.role === 'staff') call.lastFinalCaller = null // staff answered meanwhile
    }
    this.relabel(call)
    if (isFinal && results.speech_final) this.handOn(call)
  }

  private store(call: TappedCall, segmentId: string, run: SpeakerRun, attribution: Attribution, isFinal: boolean): void {
    const segment: Omit<TranscriptSegment, 'updatedAt'> = {
      id: segmentId,
      callId: call.callId,
      speaker: attribution.role,
      speakerConfidence: attribution.confidence,
      text: run.text.slice(0, 10_000),
      startMs: Math.round(run.start * 1000),
      endMs: Math.round(run.end * 1000),
      isFinal,
    }
    this.write(() => this.options.documents.update('transcriptSegments', segmentId, (current) => (current && current.isFinal && !segment.isFinal ? null : { ...segment })))
  }

  /** Earlier runs of a voice that was unknown then and is identified now get their speaker. */
  private relabel(call: TappedCall): void {
    for (const [segmentId, speaker] of call.unresolved) {
      const attribution = call.attribution.roleOf(speaker)
      if (attribution.role === 'unknown') continue
      call.unresolved.delete(segmentId)
      this.write(() =>
        this.options.documents.update('transcriptSegments', segmentId, (current) => (current ? { ...current, speaker: attribution.role, speakerConfidence: attribution.confidence } : null)),
      )
    }
  }

  /** The newest final caller run of the utterance, once. */
  private handOn(call: TappedCall): void {
    const segmentId = call.lastFinalCaller
    if (!segmentId) return
    call.lastFinalCaller = null
    // Once the segment is stored: the agent reads the call's final segments.
    this.write(async () => this.options.onUtterance({ callId: call.callId, segmentId, speaker: 'caller' }))
  }

  private fail(call: TappedCall, reason: string): void {
    if (call.failed) return
    call.failed = true
    this.options.logger.warn({ call: callRef(call.callId), reason }, 'live transcription failed')
    this.setTranscription(call.callId, 'failed')
  }

  private finishIfClosed(telephonySessionId: string, call: TappedCall): void {
    if (call.mixed && !call.mixed.closed) return
    this.calls.delete(telephonySessionId)
    if (!call.failed && call.mixed) this.setTranscription(call.callId, call.ending ? 'finished' : 'failed')
  }

  private setTranscription(callId: string, transcription: NonNullable<Call['transcription']>): void {
    this.write(() => this.options.documents.update('calls', callId, (current) => (!current || current.transcription === transcription ? null : { ...current, transcription })))
  }
}

interface SpeakerRun {
  speaker: number
  start: number
  end: number
  text: string
  words: { start: number; end: number; speaker: number }[]
}

/** Consecutive words of one diarized speaker; without word timings, the whole result as one run. */
function speakerRuns(words: ResultWord[], results: ResultsMessage): SpeakerRun[] {
  if (words.length === 0) {
    const text = results.channel.alternatives[0]!.transcript.trim()
    return [{ speaker: -1, start: results.start, end: results.start + results.duration, text, words: [] }]
  }
  const runs: SpeakerRun[] = []
  for (const word of words) {
    const speaker = word.speaker ?? -1
    const last = runs.at(-1)
    const timed = { start: word.start, end: word.end, speaker }
    const text = word.punctuated_word ?? word.word
    if (last && last.speaker === speaker) {
      last.end = word.end
      last.text += ` ${text}`
      last.words.push(timed)
    } else runs.push({ speaker, start: word.start, end: word.end, text, words: [timed] })
  }
  return runs
}

/**
 * The socket can close between our check and the send (Deepgram ended the stream); the close
 * handler records what that means, so a send that finds it closed is simply dropped.
 */
function sendSafely(send: () => void): void {
  try {
    send()
  } catch {
    // closed meanwhile
  }
}

/** Stable per span: the final for a span replaces its interims. */
export function segmentIdFor(callId: string, speaker: string, startSeconds: number): string {
  return `seg-${createHash('sha256').update(`${callId}|${speaker}|${Math.round(startSeconds * 1000)}`).digest('hex').slice(0, 32)}`
}

/** Call ids carry RingCentral's session id; logs get a short hash. */
export function callRef(callId: string): string {
  return createHash('sha256').update(callId).digest('hex').slice(0, 12)
}

function isMessageOfType(message: unknown, type: string): boolean {
  return typeof message === 'object' && message !== null && 'type' in message && message.type === type
}
