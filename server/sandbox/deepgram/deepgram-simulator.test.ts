import { createServer } from 'node:http'
import { DeepgramClient } from '@deepgram/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startDeepgramSimulator, type DeepgramSimulator } from './deepgram-simulator'
import { synthesizeUtterance, toWav } from './sandbox-speech'

const apiKey = 'sandbox-deepgram-key'
let simulator: DeepgramSimulator
let client: DeepgramClient

beforeAll(async () => {
  simulator = await startDeepgramSimulator({ apiKey, idleTimeoutMs: 1000 })
  client = new DeepgramClient({ apiKey, baseUrl: simulator.url })
})
afterAll(() => simulator.close())

type Message = Record<string, unknown> & { type: string }

/** Opens a live connection through the SDK and collects what the simulator sends. */
async function openLive(params: Record<string, unknown> = {}) {
  const messages: Message[] = []
  let closed: { code: number; reason: string } | null = null
  const closedOnce = new Promise<{ code: number; reason: string }>((resolve) => {
    void (async () => {
      const connection = await client.listen.v1.connect({
        model: 'nova-3',
        encoding: 'mulaw',
        sample_rate: 8000,
        channels: 1,
        interim_results: 'true',
        endpointing: 300,
        reconnectAttempts: 0,
        ...params,
      } as Parameters<typeof client.listen.v1.connect>[0])
      connection.on('message', (message) => messages.push(message as unknown as Message))
      connection.on('close', (event) => {
        closed = { code: event.code, reason: event.reason }
        resolve(closed)
      })
      connection.connect()
      await connection.waitForOpen()
      opened(connection)
    })()
  })
  let opened!: (connection: Awaited<ReturnType<typeof client.listen.v1.connect>>) => void
  const connection = await new Promise<Awaited<ReturnType<typeof client.listen.v1.connect>>>((resolve) => (opened = resolve))
  return { connection, messages, closed: closedOnce, isClosed: () => closed }
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10))
}

const results = (messages: Message[]) =>
  messages
    .filter((m) => m.type === 'Results')
    .map((m) => {
      const alternatives = (m.channel as { alternatives: { transcript: string }[] }).alternatives
      return { transcript: alternatives[0]!.transcript, isFinal: m.is_final, speechFinal: m.speech_final, fromFinalize: m.from_finalize }
    })

describe('Deepgram simulator, live', () => {
  it('refuses a wrong key and bad parameters at the upgrade', async () => {
    const statusOf = (url: string, headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, { headers })
        ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0))
        ws.on('open', () => {
          ws.close()
          resolve(101)
        })
      })
    const base = simulator.url.replace('http', 'ws')
    expect(await statusOf(`${base}/v1/listen?encoding=mulaw&sample_rate=8000`, { authorization: 'Token wrong' })).toBe(401)
    expect(await statusOf(`${base}/v1/listen?encoding=wav49&sample_rate=8000`, { authorization: `Token ${apiKey}` })).toBe(400)
    expect(await statusOf(`${base}/v1/listen?encoding=mulaw&sample_rate=abc`, { authorization: `Token ${apiKey}` })).toBe(400)
    expect(await statusOf(`${base}/v1/listen?encoding=mulaw&sample_rate=8000`, { authorization: `Token ${apiKey}` })).toBe(101)
  })

  it('accepts the browser form of the key and selects the token subprotocol', async () => {
    const ws = new WebSocket(`${simulator.url.replace('http', 'ws')}/v1/listen?encoding=linear16&sample_rate=16000`, ['token', apiKey])
    await new Promise((resolve, reject) => {
      ws.on('open', resolve)
      ws.on('error', reject)
    })
    expect(ws.protocol).toBe('token')
    ws.close()
  })

  it('transcribes streamed audio: SpeechStarted, interims, then a speech_final result and UtteranceEnd', async () => {
    const live = await openLive({ vad_events: 'true', utterance_end_ms: 1000 })
    const audio = Buffer.concat([
      synthesizeUtterance('book hibachi for thirty', { encoding: 'mulaw', sampleRate: 8000, pauseMs: 1200 }),
    ])
    // 20 ms frames of µ-law (160 bytes), the size a phone tap delivers.
    for (let offset = 0; offset < audio.length; offset += 160) live.connection.sendMedia(audio.subarray(offset, offset + 160))
    await until(() => live.messages.some((m) => m.type === 'UtteranceEnd'))
    expect(live.messages[0]!.type).toBe('SpeechStarted')
    expect(results(live.messages)).toEqual([
      { transcript: 'book', isFinal: false, speechFinal: false, fromFinalize: false },
      { transcript: 'book hibachi', isFinal: false, speechFinal: false, fromFinalize: false },
      { transcript: 'book hibachi for', isFinal: false, speechFinal: false, fromFinalize: false },
      { transcript: 'book hibachi for thirty', isFinal: false, speechFinal: false, fromFinalize: false },
      { transcript: 'book hibachi for thirty', isFinal: true, speechFinal: true, fromFinalize: false },
    ])
    const final = live.messages.find((m) => m.type === 'Results' && m.is_final)!
    expect(final.start).toBe(0)
    expect(live.messages.at(-1)).toMatchObject({ type: 'UtteranceEnd', channel: [0, 1] })
    live.connection.close()
  })

  it('Finalize flushes the pending words with from_finalize; CloseStream sends Metadata and closes 1000', async () => {
    const live = await openLive()
    live.connection.sendMedia(synthesizeUtterance('a person please', { encoding: 'mulaw', sampleRate: 8000, pauseMs: 80 }))
    await until(() => results(live.messages).length === 3)
    live.connection.sendFinalize({ type: 'Finalize' })
    await until(() => results(live.messages).some((r) => r.isFinal))
    expect(results(live.messages).at(-1)).toEqual({ transcript: 'a person please', isFinal: true, speechFinal: false, fromFinalize: true })

    live.connection.sendMedia(synthesizeUtterance('thanks', { encoding: 'mulaw', sampleRate: 8000, pauseMs: 40 }))
    live.connection.sendCloseStream({ type: 'CloseStream' })
    const closed = await live.closed
    expect(closed.code).toBe(1000)
    expect(results(live.messages).at(-1)).toMatchObject({ transcript: 'thanks', isFinal: true })
    const metadata = live.messages.at(-1)!
    expect(metadata).toMatchObject({ type: 'Metadata', channels: 1 })
    expect(metadata.duration).toBeGreaterThan(0)
  })

  it('closes with 1011 NET-0001 when neither audio nor KeepAlive arrives in time, and KeepAlive holds it open', async () => {
    const kept = await openLive()
    const idle = await openLive()
    // KeepAlive well inside the (test-shortened, 1 s) idle window until the silent one has closed.
    const idleClosed = idle.closed
    let closedYet = false
    void idleClosed.then(() => (closedYet = true))
    while (!closedYet) {
      kept.connection.sendKeepAlive({ type: 'KeepAlive' })
      await new Promise((resolve) => setTimeout(resolve, 150))
    }
    kept.connection.sendKeepAlive({ type: 'KeepAlive' })
    await new Promise((resolve) => setTimeout(resolve, 150))
    const closed = await idleClosed
    expect(closed.code).toBe(1011)
    expect(closed.reason).toMatch(/^NET-0001/)
    expect(kept.isClosed()).toBeNull()
    kept.connection.close()
  })
})

describe('Deepgram simulator, pre-recorded', () => {
  const wav = toWav(
    Buffer.concat([
      synthesizeUtterance('hi this is maria', { encoding: 'linear16', sampleRate: 16000 }),
      synthesizeUtterance('call me back about saturday', { encoding: 'linear16', sampleRate: 16000 }),
    ]),
    'linear16',
    16000,
  )

  it('transcribes an uploaded WAV with utterances and paragraphs', async () => {
    const response = await client.listen.v1.media.transcribeFile(wav, { model: 'nova-3', smart_format: true, utterances: true })
    const body = response as unknown as {
      metadata: { channels: number; request_id: string }
      results: { channels: { alternatives: { transcript: string; paragraphs?: unknown }[] }[]; utterances: { transcript: string; start: number }[] }
    }
    expect(body.results.channels[0]!.alternatives[0]!.transcript).toBe('hi this is maria call me back about saturday')
    expect(body.results.utterances.map((u) => u.transcript)).toEqual(['hi this is maria', 'call me back about saturday'])
    expect(body.results.utterances[1]!.start).toBeGreaterThan(body.results.utterances[0]!.start)
    expect(body.results.channels[0]!.alternatives[0]!.paragraphs).toBeDefined()
  })

  it('fetches and transcribes audio given by URL', async () => {
    const files = createServer((_request, response) => response.writeHead(200, { 'content-type': 'audio/wav' }).end(wav))
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(files.address() as { port: number }).port}/voicemail.wav`
      const body = (await client.listen.v1.media.transcribeUrl({ url, model: 'nova-3' })) as unknown as {
        results: { channels: { alternatives: { transcript: string }[] }[]; utterances?: unknown }
      }
      expect(body.results.channels[0]!.alternatives[0]!.transcript).toBe('hi this is maria call me back about saturday')
      expect(body.results.utterances).toBeUndefined()
    } finally {
      files.close()
    }
  })

  it('answers errors with err_code and err_msg', async () => {
    const post = (headers: Record<string, string>, body: string | Uint8Array) => fetch(`${simulator.url}/v1/listen`, { method: 'POST', headers, body })
    const unauthorised = await post({ authorization: 'Token nope', 'content-type': 'audio/wav' }, new Uint8Array(wav))
    expect(unauthorised.status).toBe(401)
    expect(await unauthorised.json()).toMatchObject({ err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.' })
    const garbage = await post({ authorization: `Token ${apiKey}`, 'content-type': 'audio/wav' }, 'not audio')
    expect(garbage.status).toBe(400)
    expect(((await garbage.json()) as { err_msg: string }).err_msg).toMatch(/WAV/)
    await expect(client.listen.v1.media.transcribeUrl({ url: 'ftp://example.invalid/a.wav', model: 'nova-3' })).rejects.toThrow()
  })
})
