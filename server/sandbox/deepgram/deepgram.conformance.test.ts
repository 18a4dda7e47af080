/**
 * Deepgram simulator against Deepgram's published reference as its official SDK types it:
 * `@deepgram/sdk` 5.13.0 (Fern-generated from Deepgram's API definition): `listen/v1/types`
 * ListenV1Results, ListenV1Metadata, ListenV1SpeechStarted, ListenV1UtteranceEnd (live), and
 * `api/types` ListenV1Response, ListenV1ResponseMetadata (pre-recorded); plus the "Live audio"
 * reference for the control messages, close codes and upgrade errors. Required fields are the
 * non-optional properties of those types.
 *
 * Covered: the live `/v1/listen` socket the relay opens (diarized mixed audio), its messages and
 * controls, upgrade refusals, and the pre-recorded `POST /v1/listen` the relay uses for voicemail.
 */
import { get as httpGet } from 'node:http'
import { DeepgramClient } from '@deepgram/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDeepgramSimulator, type DeepgramSimulator } from './deepgram-simulator'
import { synthesizeSilence, synthesizeUtterance, toWav } from './sandbox-speech'
import { expectRequired } from '../testing/conformance'

const apiKey = 'sandbox-conformance-key'
const required = {
  ListenV1Results: 'type channel_index duration start channel metadata',
  ResultsAlternative: 'transcript confidence words',
  ResultsWord: 'word start end confidence',
  ResultsMetadata: 'request_id model_info model_uuid',
  ModelInfo: 'name version arch',
  ListenV1Metadata: 'type transaction_key request_id created duration channels',
  ListenV1SpeechStarted: 'type channel timestamp',
  ListenV1UtteranceEnd: 'type channel last_word_end',
  ListenV1Response: 'metadata results',
  ListenV1ResponseMetadata: 'request_id created duration channels models model_info',
}

let simulator: DeepgramSimulator
let client: DeepgramClient
beforeAll(async () => {
  simulator = await startDeepgramSimulator({ apiKey })
  client = new DeepgramClient({ apiKey, baseUrl: simulator.url })
})
afterAll(() => simulator.close())

type Message = Record<string, unknown> & { type: string }

describe('Deepgram conformance (@deepgram/sdk 5.13.0)', () => {
  it('live: diarized Results, SpeechStarted, UtteranceEnd and Metadata carry their required fields; CloseStream closes 1000', async () => {
    const connection = await client.listen.v1.connect({
      model: 'nova-3',
      encoding: 'linear16',
      sample_rate: 16000,
      channels: 1,
      diarize: 'true',
      interim_results: 'true',
      endpointing: 300,
      utterance_end_ms: 1000,
      vad_events: 'true',
      reconnectAttempts: 0,
    } as Parameters<typeof client.listen.v1.connect>[0])
    const messages: Message[] = []
    connection.on('message', (message) => messages.push(message as unknown as Message))
    const closed = new Promise<number>((resolve) => connection.on('close', (event) => resolve(event.code)))
    connection.connect()
    await connection.waitForOpen()
    // Two voices, one after the other, as a mixed call channel carries them.
    const audio = Buffer.concat([
      synthesizeUtterance('hello there', { encoding: 'linear16', sampleRate: 16000, voice: 1 }),
      synthesizeUtterance('a quote please', { encoding: 'linear16', sampleRate: 16000, voice: 0 }),
      synthesizeSilence(1500, 'linear16', 16000),
    ])
    for (let offset = 0; offset < audio.length; offset += 640) connection.sendMedia(audio.subarray(offset, offset + 640))
    connection.sendCloseStream({ type: 'CloseStream' })
    expect(await closed).toBe(1000)

    const finals = messages.filter((m) => m.type === 'Results' && m.is_final === true)
    expect(finals.length).toBeGreaterThanOrEqual(2)
    for (const result of messages.filter((m) => m.type === 'Results')) {
      expectRequired(result, required.ListenV1Results)
      expectRequired(result.metadata, required.ResultsMetadata)
      expectRequired((result.metadata as { model_info: unknown }).model_info, required.ModelInfo)
      const [alternative] = (result.channel as { alternatives: Record<string, unknown>[] }).alternatives
      expectRequired(alternative, required.ResultsAlternative)
      for (const word of alternative!.words as Record<string, unknown>[]) {
        expectRequired(word, required.ResultsWord)
        expect(typeof word.speaker).toBe('number') // diarize=true
      }
    }
    // Speakers are numbered in order of appearance, whatever the voices.
    const speakers = finals.map((m) => ((m.channel as { alternatives: { words: { speaker: number }[] }[] }).alternatives[0]!.words[0]!.speaker))
    expect(speakers).toEqual([0, 1])
    for (const started of messages.filter((m) => m.type === 'SpeechStarted')) expectRequired(started, required.ListenV1SpeechStarted)
    for (const end of messages.filter((m) => m.type === 'UtteranceEnd')) expectRequired(end, required.ListenV1UtteranceEnd)
    const metadata = messages.find((m) => m.type === 'Metadata')
    expectRequired(metadata, required.ListenV1Metadata)
  })

  it('live: a bad key or bad parameters refuse the upgrade (401, 400) with the error body and dg-error header', async () => {
    const upgrade = (query: string, key = apiKey) =>
      new Promise<{ status: number; headers: Record<string, unknown>; body: unknown }>((resolve, reject) => {
        const request = httpGet(`${simulator.url}/v1/listen?${query}`, {
          headers: { authorization: `Token ${key}`, connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' },
        })
        request.on('response', (response) => {
          let text = ''
          response.on('data', (chunk: Buffer) => (text += chunk.toString()))
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(text) as unknown }))
        })
        request.on('error', reject)
      })
    const badKey = await upgrade('encoding=mulaw&sample_rate=8000', 'wrong')
    expect(badKey.status).toBe(401)
    expect(badKey.body).toEqual({ err_code: 'INVALID_AUTH', err_msg: expect.any(String), request_id: expect.any(String) })
    const badParams = await upgrade('encoding=mulaw')
    expect(badParams.status).toBe(400)
    expect(badParams.headers['dg-error']).toEqual(expect.any(String))
  })

  it('pre-recorded: ListenV1Response with metadata, channels, utterances and diarized words', async () => {
    const wav = toWav(
      Buffer.concat([synthesizeUtterance('call me back', { encoding: 'mulaw', sampleRate: 8000, voice: 0 }), synthesizeUtterance('about saturday', { encoding: 'mulaw', sampleRate: 8000, voice: 2 })]),
      'mulaw',
      8000,
    )
    const response = (await client.listen.v1.media.transcribeFile(wav, { model: 'nova-3', smart_format: true, utterances: true, diarize: true } as never)) as unknown as Record<string, unknown>
    expectRequired(response, required.ListenV1Response)
    expectRequired(response.metadata, required.ListenV1ResponseMetadata)
    const results = response.results as { channels: { alternatives: { transcript: string; words: { speaker: number }[] }[] }[]; utterances: { speaker: number; transcript: string }[] }
    expect(results.channels[0]!.alternatives[0]!.transcript).toBe('call me back about saturday')
    expect(results.utterances.map((u) => [u.speaker, u.transcript])).toEqual([
      [0, 'call me back'],
      [1, 'about saturday'],
    ])
    const unauthorised = await fetch(`${simulator.url}/v1/listen`, { method: 'POST', headers: { authorization: 'Token wrong', 'content-type': 'audio/wav' }, body: wav })
    expect(unauthorised.status).toBe(401)
    expect(await unauthorised.json()).toEqual({ err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.', request_id: expect.any(String) })
  })
})
