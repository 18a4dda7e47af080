/**
 * Live transcription of tapped calls through Deepgram's streaming API (`@deepgram/sdk`,
 * providers §4.2): one connection per speaker channel of a call, frames sent as they arrive
 * (queued until the socket opens), `Results` stored as `transcriptSegments` — an interim is
 * upserted in place and replaced by the final for the same span (same channel and `start`) —
 * and `calls.transcription` kept at live / finished / failed. Each final caller utterance
 * (`speech_final`, or `UtteranceEnd` when endpointing missed it) is handed to `onUtterance` once.
 */
import { createHash } from 'node:crypto'
import type { DeepgramClient } from '@deepgram/sdk'
import type { Call, TranscriptSegment } from '../../../src/domain/schemas'
import type { Logger } from '../logging/logger'
import { withoutSyncFlags, type DocumentStore } from '../storage/document-store'
import type { AudioTapListener, CallAudioFrame, TapSpeaker, TappedCallStart } from './audio-tap'

export interface FinalUtterance {
  callId: string
  segmentId: string
  speaker: TranscriptSegment['speaker']
}

export interface LiveTranscriptionOptions {
  deepgram: DeepgramClient
  documents: DocumentStore
  logger: Logger
  /** The call document id for a telephony session (null when the relay has no such call). */
  callIdFor: (telephonySessionId: string) => string | null
  onUtterance: (utterance: FinalUtterance) => void
  /** 0 in tests: a dropped socket fails the transcription instead of reconnecting. */
  reconnectAttempts?: number
  model?: string
}

const keepAliveMs = 4_000

type LiveSocket = Awaited<ReturnType<DeepgramClient['listen']['v1']['connect']>>

interface Channel {
  speaker: TranscriptSegment['speaker']
  socket: LiveSocket | null
  open: boolean
  queued: Buffer[]
  closed: boolean
  /** The newest final segment of this channel not yet handed on. */
  lastFinal: string | null
  lastSentAt: number
}

interface TappedCall {
  callId: string
  channels: Map<TapSpeaker, Channel>
  failed: boolean
  ending: boolean
}

interface ResultsMessage {
  type: 'Results'
  start: number
  duration: number
  is_final?: boolean
  speech_final?: boolean
  channel: { alternatives: { transcript: string }[] }
}

export class LiveTranscription implements AudioTapListener {
  private readonly calls = new Map<string, TappedCall>()
  private pending = new Set<Promise<unknown>>()

  constructor(private readonly options: LiveTranscriptionOptions) {}

  onCallStart(start: TappedCallStart): void {
    const callId = this.options.callIdFor(start.telephonySessionId)
    if (!callId || this.calls.has(start.telephonySessionId)) return
    const call: TappedCall = { callId, channels: new Map(), failed: false, ending: false }
    this.calls.set(start.telephonySessionId, call)
    this.setTranscription(callId, 'live')
    for (const speaker of start.speakers) {
      const channel: Channel = { speaker: speaker === 'staff' ? 'staff' : 'caller', socket: null, open: false, queued: [], closed: false, lastFinal: null, lastSentAt: 0 }
      call.channels.set(speaker, channel)
      this.track(this.connect(call, channel, start))
    }
  }

  onFrame(frame: CallAudioFrame): void {
    const channel = this.calls.get(frame.telephonySessionId)?.channels.get(frame.speaker)
    if (!channel || channel.closed) return
    if (channel.open && channel.socket) {
      sendSafely(() => channel.socket!.sendMedia(frame.payload))
      channel.lastSentAt = Date.now()
    } else channel.queued.push(frame.payload)
  }

  onCallEnd(telephonySessionId: string): void {
    const call = this.calls.get(telephonySessionId)
    if (!call) return
    call.ending = true
    for (const channel of call.channels.values()) {
      // CloseStream makes Deepgram flush the last words and close normally.
      if (channel.open && channel.socket) sendSafely(() => channel.socket!.sendCloseStream({ type: 'CloseStream' }))
      else channel.closed = true
    }
    this.finishIfClosed(telephonySessionId, call)
  }

  /** Resolves once every connection attempt and close has settled (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending])
  }

  async stop(): Promise<void> {
    for (const call of this.calls.values()) for (const channel of call.channels.values()) channel.socket?.close()
    await this.idle()
  }

  private track(work: Promise<unknown>): void {
    this.pending.add(work)
    void work.finally(() => this.pending.delete(work))
  }

  private async connect(call: TappedCall, channel: Channel, start: TappedCallStart): Promise<void> {
    const telephonySessionId = start.telephonySessionId
    try {
      const socket = await this.options.deepgram.listen.v1.connect({
        model: this.options.model ?? 'nova-3',
        encoding: start.encoding,
        sample_rate: start.sampleRate,
        channels: 1,
        interim_results: 'true',
        punctuate: 'true',
        smart_format: 'true',
        endpointing: 300,
        utterance_end_ms: 1000,
        vad_events: 'true',
        reconnectAttempts: this.options.reconnectAttempts ?? 3,
      } as Parameters<DeepgramClient['listen']['v1']['connect']>[0])
      channel.socket = socket
      socket.on('message', (message) => this.receive(call, channel, message as unknown as Record<string, unknown>))
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

  private receive(call: TappedCall, channel: Channel, message: Record<string, unknown>): void {
    if (message.type === 'Results') {
      const results = message as unknown as ResultsMessage
      const text = results.channel.alternatives[0]?.transcript.trim() ?? ''
      if (!text) return // silence
      const segmentId = segmentIdFor(call.callId, channel.speaker, results.start)
      const segment: Omit<TranscriptSegment, 'updatedAt'> = {
        id: segmentId,
        callId: call.callId,
        speaker: channel.speaker,
        text: text.slice(0, 10_000),
        startMs: Math.round(results.start * 1000),
        endMs: Math.round((results.start + results.duration) * 1000),
        isFinal: results.is_final === true,
      }
      this.options.documents.update('transcriptSegments', segmentId, (current) => (current && current.isFinal && !segment.isFinal ? null : { ...segment }))
      if (segment.isFinal) channel.lastFinal = segmentId
      if (segment.isFinal && results.speech_final) this.handOn(call, channel)
    } else if (message.type === 'UtteranceEnd') {
      this.handOn(call, channel)
    }
  }

  /** The channel's newest final utterance, once. */
  private handOn(call: TappedCall, channel: Channel): void {
    const segmentId = channel.lastFinal
    if (!segmentId) return
    channel.lastFinal = null
    this.options.onUtterance({ callId: call.callId, segmentId, speaker: channel.speaker })
  }

  private fail(call: TappedCall, reason: string): void {
    if (call.failed) return
    call.failed = true
    this.options.logger.warn({ call: callRef(call.callId), reason }, 'live transcription failed')
    this.setTranscription(call.callId, 'failed')
  }

  private finishIfClosed(telephonySessionId: string, call: TappedCall): void {
    if (![...call.channels.values()].every((channel) => channel.closed)) return
    this.calls.delete(telephonySessionId)
    if (!call.failed) this.setTranscription(call.callId, call.ending ? 'finished' : 'failed')
  }

  private setTranscription(callId: string, transcription: NonNullable<Call['transcription']>): void {
    this.options.documents.update('calls', callId, (current) => {
      if (!current || current._deleted || current.transcription === transcription) return null
      return { ...withoutSyncFlags(current), id: callId, transcription }
    })
  }
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
