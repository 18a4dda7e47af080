/**
 * A Deepgram simulator for `@deepgram/sdk` (`baseUrl` pointed here), providers §4. It transcribes
 * the audio it receives with the sandbox speech codec (`sandbox-speech.ts`), so a client that sends
 * the wrong bytes gets the wrong transcript, as with the real service.
 *
 * - `GET /v1/listen` WebSocket: `Authorization: Token <key>` or the browser form
 *   `Sec-WebSocket-Protocol: token, <key>` (the `token` subprotocol is selected); raw `mulaw` or
 *   `linear16` audio with `sample_rate`; `Results` (interim when `interim_results`, then final with
 *   `speech_final` at a pause), `SpeechStarted` (`vad_events`), `UtteranceEnd` (`utterance_end_ms`),
 *   `KeepAlive`, `Finalize` (`from_finalize`), `CloseStream` (flush, `Metadata`, close 1000), and
 *   close 1011 `NET-0001` after 10 s with neither audio nor KeepAlive. With `diarize=true` each
 *   word carries `speaker`: the sandbox voice that said it, numbered in order of first appearance
 *   (0 for the first voice heard), as Deepgram numbers the speakers of a stream.
 * - `POST /v1/listen`: a WAV (or raw audio with `encoding`/`sample_rate`) body, or `{"url"}`.
 *
 * Control: `GET /__sim/deepgram/sessions` lists live sessions with what they heard so far.
 */
import { createHash, randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { startSimulatorServer } from '../simulator-server'
import {
  SandboxSpeechRecogniser,
  bytesPerSample,
  fromWav,
  recogniseRecording,
  samplesPerSlot,
  type RecogniserEvent,
  type SandboxEncoding,
} from './sandbox-speech'

export interface DeepgramSimulatorOptions {
  apiKey: string
  /** Without audio or KeepAlive for this long the socket closes with NET-0001 (Deepgram: 10 s). */
  idleTimeoutMs?: number
  /** Called as each server message leaves, for benchmarks that time the relay's reaction. */
  onMessageSent?: (message: Record<string, unknown>) => void
}

export interface DeepgramSimulator {
  url: string
  /** Every live session opened, for tests. */
  sessions: LiveSessionRecord[]
  /** Hears each live message as it leaves (benchmarks time the relay's reaction); returns an unsubscribe. */
  onMessageSent(listener: (message: Record<string, unknown>) => void): () => void
  close(): Promise<void>
}

export interface LiveSessionRecord {
  requestId: string
  params: Record<string, string>
  /** Final transcripts sent, in order. */
  finals: string[]
  closed: { code: number; reason: string } | null
}

/** Deepgram accepts these; the sandbox codec decodes only the raw PCM ones. */
const knownEncodings = new Set(['linear16', 'flac', 'mulaw', 'alaw', 'amr-nb', 'amr-wb', 'opus', 'ogg-opus', 'speex', 'g729'])
const decodableEncodings = new Set<SandboxEncoding>(['mulaw', 'linear16'])
const modelUuid = '1ed1cfd4-0000-4000-8000-5a4db0c5e7a1'
const modelInfo = { name: 'general-nova-3', version: '2025-01-01.0', arch: 'nova-3' }

export async function startDeepgramSimulator(options: DeepgramSimulatorOptions): Promise<DeepgramSimulator> {
  const idleTimeoutMs = options.idleTimeoutMs ?? 10_000
  const sessions: LiveSessionRecord[] = []
  const sentListeners = new Set<(message: Record<string, unknown>) => void>()
  if (options.onMessageSent) sentListeners.add(options.onMessageSent)
  const sockets = new WebSocketServer({
    noServer: true,
    // The browser form carries the key as a second subprotocol; answering with `token` is required.
    handleProtocols: (protocols) => (protocols.has('token') ? 'token' : protocols.has('bearer') ? 'bearer' : false),
  })

  const server = await startSimulatorServer((app) => {
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))

    app.post('/v1/listen', async (request, reply) => {
      const requestId = randomUUID()
      if (!keyFromHeaders(request.headers.authorization, undefined, options.apiKey)) {
        return reply.code(401).send({ err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.', request_id: requestId })
      }
      const query = request.query as Record<string, string>
      const body = request.body as Buffer | undefined
      let file: Buffer
      if ((request.headers['content-type'] ?? '').startsWith('application/json')) {
        let url: unknown
        try {
          url = (JSON.parse((body ?? Buffer.alloc(0)).toString('utf8')) as { url?: unknown }).url
        } catch {
          return reply.code(400).send({ err_code: 'Bad Request', err_msg: 'Invalid JSON body.', request_id: requestId })
        }
        if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
          return reply.code(400).send({ err_code: 'Bad Request', err_msg: 'Body must be {"url": "<http(s) URL>"}.', request_id: requestId })
        }
        const fetched = await fetch(url).catch(() => null)
        if (!fetched?.ok) {
          return reply.code(400).send({ err_code: 'REMOTE_CONTENT_ERROR', err_msg: 'Could not fetch the audio at the given URL.', request_id: requestId })
        }
        file = Buffer.from(await fetched.arrayBuffer())
      } else {
        file = body ?? Buffer.alloc(0)
      }
      const decoded = decodeFile(file, query)
      if ('error' in decoded) return reply.code(400).send({ err_code: 'Bad Request', err_msg: decoded.error, request_id: requestId })
      return prerecordedResponse(requestId, file, decoded, query)
    })

    app.get('/__sim/deepgram/sessions', async () => ({ sessions }))

    app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(request.url ?? '/', 'http://simulator')
      if (url.pathname !== '/v1/listen') return refuse(socket, 404, { err_code: 'NOT_FOUND', err_msg: 'Not found.' })
      if (!keyFromHeaders(request.headers.authorization, request.headers['sec-websocket-protocol'], options.apiKey)) {
        return refuse(socket, 401, { err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.' })
      }
      const params = Object.fromEntries(url.searchParams)
      const problem = liveParamProblem(params)
      if (problem) return refuse(socket, 400, { err_code: 'Bad Request', err_msg: problem })
      sockets.handleUpgrade(request, socket, head, (ws) => runLiveSession(ws, params))
    })
  })

  function runLiveSession(ws: WebSocket, params: Record<string, string>): void {
    const requestId = randomUUID()
    const record: LiveSessionRecord = { requestId, params, finals: [], closed: null }
    sessions.push(record)
    const encoding = params.encoding as SandboxEncoding
    const sampleRate = Number(params.sample_rate)
    const endpointing = params.endpointing === 'false' ? 10_000 : Number(params.endpointing ?? 10)
    const recogniser = new SandboxSpeechRecogniser(encoding, sampleRate, endpointing)
    const interim = params.interim_results === 'true'
    const vad = params.vad_events === 'true'
    const utteranceEndMs = params.utterance_end_ms === undefined ? null : Number(params.utterance_end_ms)
    const sha = createHash('sha256')
    let received = 0
    let words: { word: string; start: number; end: number; voice: number }[] = []
    let word: { word: string; start: number; end: number; voice: number } | null = null
    const diarize = params.diarize === 'true'
    const speakers: number[] = [] // voices in order of first appearance
    const speakerOf = (voice: number) => {
      if (!speakers.includes(voice)) speakers.push(voice)
      return speakers.indexOf(voice)
    }
    /** Start of the segment not yet finalised. */
    let segmentStart = 0
    let lastFinalWordEnd: number | null = null
    let closing = false

    const send = (message: Record<string, unknown>) => {
      if (ws.readyState !== ws.OPEN) return
      ws.send(JSON.stringify(message))
      for (const listener of sentListeners) listener(message)
    }
    const results = (isFinal: boolean, speechFinal: boolean, fromFinalize: boolean, end: number) => {
      const all = word ? [...words, word] : words
      const transcript = all.map((w) => w.word).join(' ')
      send({
        type: 'Results',
        channel_index: [0, 1],
        duration: round(end - segmentStart),
        start: round(segmentStart),
        is_final: isFinal,
        speech_final: speechFinal,
        from_finalize: fromFinalize,
        channel: {
          alternatives: [
            {
              transcript,
              confidence: transcript ? 0.99 : 0,
              words: all.map((w) => ({ word: w.word, start: round(w.start), end: round(w.end), confidence: 0.99, punctuated_word: w.word, ...(diarize ? { speaker: speakerOf(w.voice) } : {}) })),
            },
          ],
        },
        metadata: { request_id: requestId, model_uuid: modelUuid, model_info: modelInfo },
      })
      if (isFinal) {
        if (transcript) record.finals.push(transcript)
        if (all.length > 0) lastFinalWordEnd = all.at(-1)!.end
        words = []
        word = null
        segmentStart = end
      }
    }

    const handle = (event: RecogniserEvent, fromFinalize = false) => {
      if (event.kind === 'character') {
        if (!word && words.length === 0) {
          segmentStart = event.at
          if (vad) send({ type: 'SpeechStarted', channel: [0, 1], timestamp: round(event.at) })
        }
        lastFinalWordEnd = null
        word = word ? { ...word, word: word.word + event.character!, end: event.at + 0.04 } : { word: event.character!, start: event.at, end: event.at + 0.04, voice: event.voice ?? 0 }
        return
      }
      if (word) {
        words.push(word)
        word = null
        if (event.kind === 'word_end' && interim) results(false, false, false, event.at)
      }
      if (event.kind === 'utterance_end' && words.length > 0) results(true, !fromFinalize, fromFinalize, event.at)
    }

    const checkUtteranceEnd = () => {
      if (utteranceEndMs === null || lastFinalWordEnd === null || recogniser.utteranceOpen) return
      if ((recogniser.position - lastFinalWordEnd) * 1000 >= utteranceEndMs) {
        send({ type: 'UtteranceEnd', channel: [0, 1], last_word_end: round(lastFinalWordEnd) })
        lastFinalWordEnd = null
      }
    }

    let idle: NodeJS.Timeout
    const resetIdle = () => {
      clearTimeout(idle)
      idle = setTimeout(() => finish(1011, 'NET-0001: No audio was received within the timeout window.'), idleTimeoutMs)
    }
    const finish = (code: number, reason: string) => {
      if (closing) return
      closing = true
      clearTimeout(idle)
      record.closed = { code, reason }
      ws.close(code, reason)
    }
    resetIdle()

    ws.on('message', (data, isBinary) => {
      if (closing) return
      if (isBinary) {
        const chunk = Buffer.isBuffer(data) ? data : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)])
        received += chunk.length
        sha.update(chunk)
        resetIdle()
        for (const event of recogniser.push(chunk)) handle(event)
        checkUtteranceEnd()
        return
      }
      let message: { type?: unknown }
      try {
        message = JSON.parse(data.toString()) as { type?: unknown }
      } catch {
        return finish(1008, 'DATA-0000: Text frames must be JSON control messages.')
      }
      if (message.type === 'KeepAlive') return resetIdle()
      if (message.type === 'Finalize') {
        for (const event of recogniser.flush()) handle(event, true)
        return
      }
      if (message.type === 'CloseStream') {
        for (const event of recogniser.flush()) handle(event, false)
        send({
          type: 'Metadata',
          transaction_key: 'deprecated',
          request_id: requestId,
          sha256: sha.digest('hex'),
          created: new Date().toISOString(),
          duration: round(received / bytesPerSample(encoding) / sampleRate),
          channels: 1,
          models: [modelUuid],
          model_info: { [modelUuid]: modelInfo },
        })
        return finish(1000, 'Normal closure')
      }
      finish(1008, 'DATA-0000: Unknown control message type.')
    })
    ws.on('close', () => {
      clearTimeout(idle)
      record.closed ??= { code: 1005, reason: 'client closed' }
    })
  }

  return {
    url: server.url,
    sessions,
    onMessageSent: (listener) => {
      sentListeners.add(listener)
      return () => sentListeners.delete(listener)
    },
    close: async () => {
      for (const client of sockets.clients) client.terminate()
      sockets.close()
      await server.close()
    },
  }
}

/** The key from `Authorization: Token <key>` or from the subprotocols `token, <key>`. */
function keyFromHeaders(authorization: string | undefined, protocols: string | string[] | undefined, expected: string): boolean {
  const header = /^token\s+(\S+)$/i.exec(authorization ?? '')
  if (header) return header[1] === expected
  const offered = (Array.isArray(protocols) ? protocols.join(',') : (protocols ?? '')).split(',').map((p) => p.trim())
  const index = offered.indexOf('token')
  return index !== -1 && offered[index + 1] === expected
}

function liveParamProblem(params: Record<string, string>): string | null {
  const { encoding, sample_rate: sampleRate } = params
  if (encoding === undefined) return 'The sandbox needs raw audio: set encoding (mulaw or linear16) and sample_rate.'
  if (!knownEncodings.has(encoding)) return `Unknown encoding "${encoding}".`
  if (!decodableEncodings.has(encoding as SandboxEncoding)) return `The sandbox decodes only mulaw and linear16, not "${encoding}".`
  if (sampleRate === undefined) return 'sample_rate is required with encoding.'
  try {
    samplesPerSlot(Number(sampleRate))
  } catch {
    return `Invalid sample_rate "${sampleRate}".`
  }
  if (params.channels !== undefined && params.channels !== '1') return 'The sandbox transcribes one channel only.'
  if (params.endpointing !== undefined && params.endpointing !== 'false' && !(Number(params.endpointing) >= 0)) return 'Invalid endpointing.'
  if (params.utterance_end_ms !== undefined) {
    if (!(Number(params.utterance_end_ms) >= 1000)) return 'utterance_end_ms must be at least 1000.'
    if (params.interim_results !== 'true') return 'utterance_end_ms requires interim_results=true.'
  }
  return null
}

function decodeFile(file: Buffer, query: Record<string, string>): { audio: Buffer; encoding: SandboxEncoding; sampleRate: number } | { error: string } {
  const wav = fromWav(file)
  if (wav) return wav
  const problem = liveParamProblem(query)
  if (problem) return { error: file.length === 0 ? 'The request has no audio.' : `Not a WAV file the sandbox can read, and ${problem}` }
  return { audio: file, encoding: query.encoding as SandboxEncoding, sampleRate: Number(query.sample_rate) }
}

function prerecordedResponse(
  requestId: string,
  file: Buffer,
  decoded: { audio: Buffer; encoding: SandboxEncoding; sampleRate: number },
  query: Record<string, string>,
) {
  const utterances = recogniseRecording(decoded.audio, decoded.encoding, decoded.sampleRate)
  const transcript = utterances.map((u) => u.text).join(' ')
  const speakers: number[] = []
  const speakerOf = (voice: number) => {
    if (!speakers.includes(voice)) speakers.push(voice)
    return speakers.indexOf(voice)
  }
  const diarize = query.diarize === 'true'
  const words = utterances.flatMap((u) =>
    u.words.map((w) => ({ word: w.word, start: round(w.start), end: round(w.end), confidence: 0.99, punctuated_word: w.word, ...(diarize ? { speaker: speakerOf(w.voice), speaker_confidence: 0.9 } : {}) })),
  )
  const withParagraphs = query.paragraphs === 'true' || query.smart_format === 'true'
  return {
    metadata: {
      transaction_key: 'deprecated',
      request_id: requestId,
      sha256: createHash('sha256').update(file).digest('hex'),
      created: new Date().toISOString(),
      duration: round(decoded.audio.length / bytesPerSample(decoded.encoding) / decoded.sampleRate),
      channels: 1,
      models: [modelUuid],
      model_info: { [modelUuid]: modelInfo },
    },
    results: {
      channels: [
        {
          alternatives: [
            {
              transcript,
              confidence: transcript ? 0.97 : 0,
              words,
              ...(withParagraphs
                ? {
                    paragraphs: {
                      transcript,
                      paragraphs: utterances.length
                        ? [
                            {
                              sentences: utterances.map((u) => ({ text: u.text, start: round(u.start), end: round(u.end) })),
                              speaker: 0,
                              num_words: words.length,
                              start: round(utterances[0]!.start),
                              end: round(utterances.at(-1)!.end),
                            },
                          ]
                        : [],
                    },
                  }
                : {}),
            },
          ],
        },
      ],
      ...(query.utterances === 'true'
        ? {
            utterances: utterances.map((u) => ({
              id: randomUUID(),
              start: round(u.start),
              end: round(u.end),
              confidence: 0.96,
              channel: 0,
              transcript: u.text,
              ...(diarize ? { speaker: speakerOf(u.words[0]?.voice ?? 0) } : {}),
              words: u.words.map((w) => ({ word: w.word, start: round(w.start), end: round(w.end), confidence: 0.99, punctuated_word: w.word, ...(diarize ? { speaker: speakerOf(w.voice) } : {}) })),
            })),
          }
        : {}),
    },
  }
}

/** A failed upgrade: a plain HTTP answer with Deepgram's error body. */
function refuse(socket: Duplex, status: number, body: { err_code: string; err_msg: string }): void {
  const json = JSON.stringify({ ...body, request_id: randomUUID() })
  const statusText = status === 401 ? 'Unauthorized' : status === 400 ? 'Bad Request' : 'Not Found'
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\nContent-Type: application/json\r\ndg-error: ${body.err_msg}\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
  )
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000
}
