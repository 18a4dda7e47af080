/**
 * Who said it, on a call whose audio arrives mixed. Session-level supervise gives one channel with
 * both parties; Deepgram's diarization numbers the voices in it (speaker 0, 1, …) but cannot say
 * which is the staff member. The agent leg (party-level supervise of the staff member's party)
 * carries that one voice alone: while it is silent, whoever is heard on the mixed channel is not
 * the staff member, and while it carries speech, the voice heard is.
 *
 * So each diarized speaker gathers evidence word by word: how much of the word's time the agent
 * leg was voiced. Its role is `staff` when most of its covered time was voiced, `caller` when
 * most was silent, with that share as the confidence; `unknown` until the agent leg has covered
 * enough of its words (no agent leg at all: always unknown). Staff speech therefore never passes
 * for the caller's unless the agent leg says the staff member was silent while it was spoken.
 *
 * Time: both legs are audio of the same call, but start at different moments and arrive with
 * their own jitter. An agent leg is first placed on the mixed channel's timeline where its first
 * frame arrived (how much mixed audio had been received by then); as its audio comes in, the
 * placement is refined by matching its voice activity against the mixed channel's (the agent's
 * voice is in the mix, so the right shift makes the agent's voiced moments voiced in the mix
 * too), within ±0.5 s. Words are widened by 60 ms on each side for what remains.
 */
import alawmulaw from 'alawmulaw'
import type { TapEncoding } from './audio-tap'

// A UMD file: Node's ESM loader gives its exports object as the default import.
const { mulaw } = alawmulaw

export type SpeakerRole = 'caller' | 'staff' | 'unknown'

export interface Attribution {
  role: SpeakerRole
  /** Share of the evidence that agrees (0.5–1), null while unknown. */
  confidence: number | null
}

export interface DiarizedWord {
  start: number
  end: number
  speaker: number
}

const bucketMs = 20
const toleranceBuckets = 3
/** Evidence needed before a speaker's role is decided (about a short word). */
const minimumCoveredMs = 200
/** Voice activity: RMS above this (about -42 dBFS) and well above the leg's own floor. */
const absoluteThreshold = 260
const floorFactor = 4

interface AgentLeg {
  /** Where its first 20 ms sit on the mixed timeline (in 20 ms buckets); refined as audio comes. */
  offset: number
  /** The estimate from arrival, around which the refinement searches. */
  arrivalOffset: number
  /** Voice activity per 20 ms of the leg's own audio. */
  voiced: boolean[]
  receivedMs: number
}

const searchBuckets = 25
const refineEvery = 50
/** The refinement looks at the last 30 s of the leg, so its cost stays flat on long calls. */
const refineWindow = 1500

export class SpeakerAttribution {
  private mixedMs = 0
  private readonly mixedVoiced: boolean[] = []
  private readonly mixedVad = new VoiceActivity()
  private readonly legs: AgentLeg[] = []
  private current: AgentLeg | null = null
  private readonly agentVad = new VoiceActivity()
  private readonly evidence = new Map<number, { voicedMs: number; coveredMs: number }>()

  /** Mixed audio received (its duration moves the timeline on). */
  onMixedAudio(payload: Buffer, encoding: TapEncoding, sampleRate: number): void {
    const { active, ms } = this.mixedVad.frame(payload, encoding, sampleRate)
    markBuckets(this.mixedVoiced, this.mixedMs, ms, active)
    this.mixedMs += ms
  }

  onAgentLegStart(): void {
    const offset = Math.round(this.mixedMs / bucketMs)
    this.current = { offset, arrivalOffset: offset, voiced: [], receivedMs: 0 }
    this.legs.push(this.current)
  }

  onAgentLegEnd(): void {
    this.current = null
  }

  onAgentAudio(payload: Buffer, encoding: TapEncoding, sampleRate: number): void {
    const leg = this.current
    if (!leg) return
    const { active, ms } = this.agentVad.frame(payload, encoding, sampleRate)
    const before = leg.voiced.length
    markBuckets(leg.voiced, leg.receivedMs, ms, active)
    leg.receivedMs += ms
    if (Math.floor(leg.voiced.length / refineEvery) > Math.floor(before / refineEvery)) this.refine(leg)
  }

  /** Adds the words' evidence, then says who each of their speakers is. */
  attribute(words: DiarizedWord[]): Map<number, Attribution> {
    for (const word of words) {
      const from = Math.floor((word.start * 1000) / bucketMs)
      const to = Math.max(from + 1, Math.ceil((word.end * 1000) / bucketMs))
      let covered = 0
      let voiced = 0
      for (let bucket = from; bucket < to; bucket++) {
        if (this.agentVoiced(bucket) === undefined) continue
        covered++
        let near = false
        for (let b = bucket - toleranceBuckets; b <= bucket + toleranceBuckets && !near; b++) near = this.agentVoiced(b) === true
        if (near) voiced++
      }
      const entry = this.evidence.get(word.speaker) ?? { voicedMs: 0, coveredMs: 0 }
      entry.coveredMs += covered * bucketMs
      entry.voicedMs += voiced * bucketMs
      this.evidence.set(word.speaker, entry)
    }
    return new Map([...new Set(words.map((word) => word.speaker))].map((speaker) => [speaker, this.roleOf(speaker)]))
  }

  roleOf(speaker: number): Attribution {
    const entry = this.evidence.get(speaker)
    if (this.legs.length === 0 || !entry || entry.coveredMs < minimumCoveredMs) return { role: 'unknown', confidence: null }
    const share = entry.voicedMs / entry.coveredMs
    return share >= 0.5 ? { role: 'staff', confidence: round(share) } : { role: 'caller', confidence: round(1 - share) }
  }

  /** The agent's voice activity at a mixed-timeline bucket; undefined where no agent leg covers it. */
  private agentVoiced(bucket: number): boolean | undefined {
    for (let i = this.legs.length - 1; i >= 0; i--) {
      const leg = this.legs[i]!
      const index = bucket - leg.offset
      if (index >= 0 && index < leg.voiced.length) return leg.voiced[index]
    }
    return undefined
  }

  /** The shift (near the arrival estimate) that best lines the agent's voice up with the mix. */
  private refine(leg: AgentLeg): void {
    if (!leg.voiced.slice(-refineWindow).includes(true)) return
    let best = { offset: leg.arrivalOffset, score: Number.NEGATIVE_INFINITY }
    for (let shift = -searchBuckets; shift <= searchBuckets; shift++) {
      const offset = leg.arrivalOffset + shift
      let score = 0
      for (let index = Math.max(0, leg.voiced.length - refineWindow); index < leg.voiced.length; index++) {
        if (!leg.voiced[index]) continue
        const mixed = this.mixedVoiced[index + offset]
        if (mixed === true) score++
        else if (mixed === false) score--
      }
      const closer = Math.abs(shift) < Math.abs(best.offset - leg.arrivalOffset)
      if (score > best.score || (score === best.score && closer)) best = { offset, score }
    }
    leg.offset = best.offset
  }
}

/** Energy voice activity detection, with a noise floor of its own per leg. */
class VoiceActivity {
  private noiseFloor = 0

  frame(payload: Buffer, encoding: TapEncoding, sampleRate: number): { active: boolean; ms: number } {
    const samples =
      encoding === 'mulaw'
        ? mulaw.decode(new Uint8Array(payload.buffer, payload.byteOffset, payload.length))
        : new Int16Array(payload.buffer.slice(payload.byteOffset, payload.byteOffset + payload.length - (payload.length % 2)))
    const rms = Math.sqrt(samples.reduce((sum, sample) => sum + sample * sample, 0) / Math.max(1, samples.length))
    const active = rms > absoluteThreshold && rms > this.noiseFloor * floorFactor
    // The noise floor follows quiet frames, and creeps up under sound that never stops (a hum
    // takes about ten seconds to stop counting as a voice; speech stays a voice).
    this.noiseFloor = active ? this.noiseFloor + (rms - this.noiseFloor) * 0.001 : this.noiseFloor * 0.95 + rms * 0.05
    return { active, ms: (samples.length / sampleRate) * 1000 }
  }
}

/** Marks the 20 ms buckets a frame covers (a bucket any voiced frame touches is voiced). */
function markBuckets(buckets: boolean[], fromMs: number, ms: number, active: boolean): void {
  for (let bucket = Math.floor(fromMs / bucketMs); bucket < Math.ceil((fromMs + ms) / bucketMs); bucket++) buckets[bucket] = (buckets[bucket] ?? false) || active
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}
