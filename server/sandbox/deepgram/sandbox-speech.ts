/**
 * The sandbox speech codec: a tiny, deterministic stand-in for human speech, so the Deepgram
 * simulator transcribes the audio it actually receives instead of reading a script on the side.
 *
 * Audio is cut into slots of 40 ms counted from the start of the stream. Each slot carries one
 * symbol: a character, as a pure tone at the frequency the alphabet below gives it, or silence.
 * Speakers differ by their voice: voice `v` raises every tone by 25 Hz × v (three voices fit
 * between two characters), so a mixed recording of two people can still be told apart by speaker,
 * as a diarizing recogniser does with real voices.
 * A word gap is one silent slot; an utterance ends with a long silence (`pauseMs`, default
 * 600 ms). Every tone frequency is a multiple of 25 Hz, so it falls exactly on a frequency bin of a
 * 40 ms window at any sample rate divisible by 25: the recogniser runs one Goertzel filter per
 * symbol on each slot and picks the strongest, and quantisation noise (µ-law) never confuses it.
 *
 * Encodings: `mulaw` (G.711, the PSTN codec, usually 8 kHz) and `linear16` (16-bit little-endian
 * PCM, usually 16 kHz), one channel, as Deepgram's raw-audio parameters describe them.
 */
import * as alawmulaw from 'alawmulaw'

// The package ships an ES module to bundlers and a UMD bundle to Node, whose named exports Node
// cannot see: take `mulaw` from whichever shape was loaded.
const { mulaw } = 'mulaw' in alawmulaw ? alawmulaw : (alawmulaw as unknown as { default: typeof alawmulaw }).default

export type SandboxEncoding = 'mulaw' | 'linear16'

/** What the codec can say; text is lower-cased and anything else is left out. */
export const sandboxAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789'.,?$-!" as const

export const slotMs = 40
const slotsPerSecond = 1000 / slotMs
const lowestToneHz = 300
const toneStepHz = 75
const voiceStepHz = 25
/** Voices 0, 1 and 2: each its own set of tones. */
export const voiceCount = 3
const toneAmplitude = 0.6
/** Share of the slot's energy the winning tone must carry to count as a character. */
const minToneShare = 0.5

export const defaultUtterancePauseMs = 600

export function toneFrequency(character: string, voice = 0): number | null {
  const index = sandboxAlphabet.indexOf(character)
  if (index === -1 || !Number.isInteger(voice) || voice < 0 || voice >= voiceCount) return null
  return lowestToneHz + index * toneStepHz + voice * voiceStepHz
}

/** Samples per 40 ms slot; the sample rate must divide into whole slots and keep tones below Nyquist. */
export function samplesPerSlot(sampleRate: number): number {
  if (!Number.isInteger(sampleRate) || sampleRate % slotsPerSecond !== 0 || sampleRate < 8000 || sampleRate > 48000) {
    throw new RangeError(`The sandbox speech codec needs a sample rate between 8000 and 48000 divisible by ${slotsPerSecond}, not ${sampleRate}`)
  }
  return sampleRate / slotsPerSecond
}

export function bytesPerSample(encoding: SandboxEncoding): number {
  return encoding === 'mulaw' ? 1 : 2
}

/** Normalises text to what the codec can say: lower case, single spaces, known characters only. */
export function speakableText(text: string): string {
  return [...text.toLowerCase()]
    .map((character) => (character === ' ' || toneFrequency(character) !== null ? character : /\s/.test(character) ? ' ' : ''))
    .join('')
    .replace(/ +/g, ' ')
    .trim()
}

export interface SynthesisOptions {
  encoding: SandboxEncoding
  sampleRate: number
  /** Silence after the utterance, which the recogniser reads as its end. */
  pauseMs?: number
  /** Silence before it. */
  leadMs?: number
  /** Whose voice (0, 1 or 2); default 0. */
  voice?: number
}

/** One utterance as audio bytes: characters as tones, spaces as one silent slot, then the pause. */
export function synthesizeUtterance(text: string, options: SynthesisOptions): Buffer {
  const slot = samplesPerSlot(options.sampleRate)
  const symbols: (number | null)[] = []
  for (let i = 0; i < Math.round((options.leadMs ?? 0) / slotMs); i++) symbols.push(null)
  for (const character of speakableText(text)) symbols.push(character === ' ' ? null : toneFrequency(character, options.voice ?? 0))
  for (let i = 0; i < Math.ceil((options.pauseMs ?? defaultUtterancePauseMs) / slotMs); i++) symbols.push(null)

  const samples = new Int16Array(symbols.length * slot)
  symbols.forEach((frequency, index) => {
    if (frequency === null) return
    for (let n = 0; n < slot; n++) {
      samples[index * slot + n] = Math.round(toneAmplitude * 32767 * Math.sin((2 * Math.PI * frequency * n) / options.sampleRate))
    }
  })
  return encodeSamples(samples, options.encoding)
}

/** Silence of the given length, e.g. for a caller who says nothing while the staff member talks. */
export function synthesizeSilence(ms: number, encoding: SandboxEncoding, sampleRate: number): Buffer {
  return encodeSamples(new Int16Array(Math.ceil(ms / slotMs) * samplesPerSlot(sampleRate)), encoding)
}

export function encodeSamples(samples: Int16Array, encoding: SandboxEncoding): Buffer {
  if (encoding === 'mulaw') return Buffer.from(mulaw.encode(samples))
  const bytes = Buffer.alloc(samples.length * 2)
  samples.forEach((sample, index) => bytes.writeInt16LE(sample, index * 2))
  return bytes
}

export function decodeSamples(bytes: Buffer, encoding: SandboxEncoding): Int16Array {
  if (encoding === 'mulaw') return mulaw.decode(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length))
  const samples = new Int16Array(Math.floor(bytes.length / 2))
  for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2)
  return samples
}

/** A mono WAV file (the container voicemail attachments come in). */
export function toWav(audio: Buffer, encoding: SandboxEncoding, sampleRate: number): Buffer {
  const header = Buffer.alloc(44)
  const sampleBytes = bytesPerSample(encoding)
  header.write('RIFF', 0, 'ascii')
  header.writeUInt32LE(36 + audio.length, 4)
  header.write('WAVE', 8, 'ascii')
  header.write('fmt ', 12, 'ascii')
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(encoding === 'mulaw' ? 7 : 1, 20) // 7 = G.711 µ-law, 1 = PCM
  header.writeUInt16LE(1, 22)
  header.writeUInt32LE(sampleRate, 24)
  header.writeUInt32LE(sampleRate * sampleBytes, 28)
  header.writeUInt16LE(sampleBytes, 32)
  header.writeUInt16LE(sampleBytes * 8, 34)
  header.write('data', 36, 'ascii')
  header.writeUInt32LE(audio.length, 40)
  return Buffer.concat([header, audio])
}

/** Reads a mono PCM or µ-law WAV; null when it is not one the codec understands. */
export function fromWav(file: Buffer): { audio: Buffer; encoding: SandboxEncoding; sampleRate: number } | null {
  if (file.length < 12 || file.toString('ascii', 0, 4) !== 'RIFF' || file.toString('ascii', 8, 12) !== 'WAVE') return null
  let offset = 12
  let format: { encoding: SandboxEncoding; sampleRate: number } | null = null
  while (offset + 8 <= file.length) {
    const id = file.toString('ascii', offset, offset + 4)
    const size = file.readUInt32LE(offset + 4)
    const body = offset + 8
    if (id === 'fmt ' && size >= 16) {
      const code = file.readUInt16LE(body)
      const channels = file.readUInt16LE(body + 2)
      const bits = file.readUInt16LE(body + 14)
      if (channels !== 1) return null
      if (code === 7 && bits === 8) format = { encoding: 'mulaw', sampleRate: file.readUInt32LE(body + 4) }
      else if (code === 1 && bits === 16) format = { encoding: 'linear16', sampleRate: file.readUInt32LE(body + 4) }
      else return null
    } else if (id === 'data' && format) {
      return { ...format, audio: file.subarray(body, Math.min(file.length, body + size)) }
    }
    offset = body + size + (size % 2)
  }
  return null
}

/** What the recogniser heard in one slot. */
export type RecognisedSymbol = { kind: 'character'; character: string; voice: number } | { kind: 'silence' }

export interface RecogniserEvent {
  kind: 'character' | 'word_end' | 'utterance_end'
  /** Seconds from the start of the stream to the start (character) or end (gaps) of the slot. */
  at: number
  character?: string
  /** Whose voice said the character. */
  voice?: number
}

/**
 * Turns a stream of audio bytes, in chunks of any size (a chunk may split a sample or a slot), into
 * characters, word ends and utterance ends. Feed it bytes; it reports what each complete slot
 * contained, with times measured in audio, so results do not depend on how fast audio arrives.
 */
export class SandboxSpeechRecogniser {
  private pending: Buffer = Buffer.alloc(0)
  private slotIndex = 0
  private silentRun = 0
  private inWord = false
  private inUtterance = false
  private readonly slot: number
  private readonly slotBytes: number
  private readonly utteranceSlots: number
  private readonly filters: { character: string; voice: number; coefficient: number }[]

  constructor(
    private readonly encoding: SandboxEncoding,
    private readonly sampleRate: number,
    /** Silence that ends an utterance (Deepgram's `endpointing`); at least two slots, so a word gap never does. */
    endpointingMs = 300,
  ) {
    this.slot = samplesPerSlot(sampleRate)
    this.slotBytes = this.slot * bytesPerSample(encoding)
    this.utteranceSlots = Math.max(2, Math.ceil(endpointingMs / slotMs))
    this.filters = [...sandboxAlphabet].flatMap((character) =>
      Array.from({ length: voiceCount }, (_, voice) => ({
        character,
        voice,
        coefficient: 2 * Math.cos((2 * Math.PI * toneFrequency(character, voice)!) / sampleRate),
      })),
    )
  }

  /** Seconds of audio consumed so far (whole slots only). */
  get position(): number {
    return (this.slotIndex * slotMs) / 1000
  }

  get utteranceOpen(): boolean {
    return this.inUtterance
  }

  push(chunk: Buffer): RecogniserEvent[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk])
    const events: RecogniserEvent[] = []
    let offset = 0
    while (this.pending.length - offset >= this.slotBytes) {
      const symbol = this.classify(decodeSamples(this.pending.subarray(offset, offset + this.slotBytes), this.encoding))
      offset += this.slotBytes
      events.push(...this.advance(symbol))
    }
    this.pending = this.pending.subarray(offset)
    return events
  }

  /** Ends the current utterance as if a long silence had followed (Finalize, CloseStream). */
  flush(): RecogniserEvent[] {
    if (!this.inUtterance) return []
    this.inWord = false
    this.inUtterance = false
    this.silentRun = 0
    return [{ kind: 'utterance_end', at: this.position }]
  }

  private advance(symbol: RecognisedSymbol): RecogniserEvent[] {
    const at = this.position
    this.slotIndex++
    if (symbol.kind === 'character') {
      this.silentRun = 0
      this.inWord = true
      this.inUtterance = true
      return [{ kind: 'character', character: symbol.character, voice: symbol.voice, at }]
    }
    this.silentRun++
    const events: RecogniserEvent[] = []
    if (this.inWord) {
      this.inWord = false
      events.push({ kind: 'word_end', at: this.position })
    }
    if (this.inUtterance && this.silentRun >= this.utteranceSlots) {
      this.inUtterance = false
      events.push({ kind: 'utterance_end', at: this.position })
    }
    return events
  }

  /** Goertzel power per alphabet tone against the slot's total energy. */
  private classify(samples: Int16Array): RecognisedSymbol {
    let energy = 0
    for (const sample of samples) energy += sample * sample
    // Below this the slot is silence (a tone at our amplitude carries ~10^8 per sample).
    if (energy / samples.length < 1e6) return { kind: 'silence' }
    let best = { character: '', voice: 0, power: 0 }
    for (const filter of this.filters) {
      let previous = 0
      let beforePrevious = 0
      for (const sample of samples) {
        const current = sample + filter.coefficient * previous - beforePrevious
        beforePrevious = previous
        previous = current
      }
      const power = previous * previous + beforePrevious * beforePrevious - filter.coefficient * previous * beforePrevious
      if (power > best.power) best = { character: filter.character, voice: filter.voice, power }
    }
    // A pure tone's Goertzel power on its own bin is energy × N / 2.
    return best.power >= (minToneShare * energy * samples.length) / 2 ? { kind: 'character', character: best.character, voice: best.voice } : { kind: 'silence' }
  }
}

/** Decodes a whole recording into utterances with their times, for pre-recorded transcription. */
export function recogniseRecording(
  audio: Buffer,
  encoding: SandboxEncoding,
  sampleRate: number,
): { text: string; start: number; end: number; words: { word: string; start: number; end: number; voice: number }[] }[] {
  const recogniser = new SandboxSpeechRecogniser(encoding, sampleRate)
  const utterances: ReturnType<typeof recogniseRecording> = []
  let words: { word: string; start: number; end: number; voice: number }[] = []
  let word: { word: string; start: number; voice: number } | null = null
  const handle = (event: RecogniserEvent) => {
    if (event.kind === 'character') word = word ? { ...word, word: word.word + event.character! } : { word: event.character!, start: event.at, voice: event.voice ?? 0 }
    if ((event.kind === 'word_end' || event.kind === 'utterance_end') && word) {
      words.push({ ...word, end: event.at })
      word = null
    }
    if (event.kind === 'utterance_end' && words.length > 0) {
      utterances.push({ text: words.map((w) => w.word).join(' '), start: words[0]!.start, end: words.at(-1)!.end, words })
      words = []
    }
  }
  for (const event of recogniser.push(audio)) handle(event)
  for (const event of recogniser.flush()) handle(event)
  return utterances
}
