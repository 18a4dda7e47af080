import { describe, expect, it } from 'vitest'
import {
  SandboxSpeechRecogniser,
  fromWav,
  recogniseRecording,
  speakableText,
  synthesizeUtterance,
  toWav,
  type RecogniserEvent,
  type SandboxEncoding,
} from './sandbox-speech'

function transcribe(events: RecogniserEvent[]): string[] {
  const utterances: string[] = []
  let current = ''
  for (const event of events) {
    if (event.kind === 'character') current += event.character
    if (event.kind === 'word_end') current += ' '
    if (event.kind === 'utterance_end') {
      utterances.push(current.trim())
      current = ''
    }
  }
  return utterances
}

const formats: [SandboxEncoding, number][] = [
  ['mulaw', 8000],
  ['linear16', 16000],
]

describe('sandbox speech codec', () => {
  it.each(formats)('round-trips utterances in %s at %i Hz', (encoding, sampleRate) => {
    const audio = Buffer.concat([
      synthesizeUtterance('I need a quote for 30 adults in Fremont 94539.', { encoding, sampleRate }),
      synthesizeUtterance("Can I talk to a person? It's $1,650!", { encoding, sampleRate }),
    ])
    const recogniser = new SandboxSpeechRecogniser(encoding, sampleRate)
    expect(transcribe(recogniser.push(audio))).toEqual([
      'i need a quote for 30 adults in fremont 94539.',
      "can i talk to a person? it's $1,650!",
    ])
  })

  it('decodes the same text whatever the chunk boundaries, including ones that split samples and slots', () => {
    const audio = synthesizeUtterance('book hibachi for saturday', { encoding: 'linear16', sampleRate: 16000 })
    for (const chunkSize of [1, 3, 333, 641, 4097]) {
      const recogniser = new SandboxSpeechRecogniser('linear16', 16000)
      const events: RecogniserEvent[] = []
      for (let offset = 0; offset < audio.length; offset += chunkSize) events.push(...recogniser.push(audio.subarray(offset, offset + chunkSize)))
      expect(transcribe(events)).toEqual(['book hibachi for saturday'])
    }
  })

  it('times characters in audio: the second word starts after the first and its gap', () => {
    const audio = synthesizeUtterance('ab cd', { encoding: 'mulaw', sampleRate: 8000, leadMs: 200 })
    const events = new SandboxSpeechRecogniser('mulaw', 8000).push(audio)
    const characters = events.filter((event) => event.kind === 'character')
    expect(characters.map((event) => event.at)).toEqual([0.2, 0.24, 0.32, 0.36])
  })

  it('holds an utterance open until the pause is long enough, and flush closes it', () => {
    const recogniser = new SandboxSpeechRecogniser('mulaw', 8000, 300)
    const events = recogniser.push(synthesizeUtterance('hello', { encoding: 'mulaw', sampleRate: 8000, pauseMs: 120 }))
    expect(events.some((event) => event.kind === 'utterance_end')).toBe(false)
    expect(recogniser.utteranceOpen).toBe(true)
    expect(recogniser.flush().map((event) => event.kind)).toEqual(['utterance_end'])
  })

  it('drops characters it cannot say and keeps WAV round trips intact', () => {
    expect(speakableText('  Héllo\tWORLD ✓ ')).toBe('hllo world')
    const wav = toWav(synthesizeUtterance('leave a message', { encoding: 'mulaw', sampleRate: 8000 }), 'mulaw', 8000)
    const read = fromWav(wav)!
    expect(read.encoding).toBe('mulaw')
    expect(recogniseRecording(read.audio, read.encoding, read.sampleRate).map((u) => u.text)).toEqual(['leave a message'])
    expect(fromWav(Buffer.from('not a wav file at all'))).toBeNull()
  })

  it('rejects sample rates it cannot slot', () => {
    expect(() => new SandboxSpeechRecogniser('mulaw', 8010)).toThrow(/sample rate/)
  })
})
