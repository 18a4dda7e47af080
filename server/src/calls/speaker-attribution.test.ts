import { describe, expect, it } from 'vitest'
import { SpeakerAttribution } from './speaker-attribution'

const rate = 16_000
/** 20 ms of 16-bit PCM: a tone (someone speaking) or silence. */
function frame(voiced: boolean): Buffer {
  const samples = new Int16Array(320)
  if (voiced) for (let i = 0; i < samples.length; i++) samples[i] = Math.round(12_000 * Math.sin((2 * Math.PI * 440 * i) / rate))
  return Buffer.from(samples.buffer)
}

/** Feeds a call: `timeline[i]` says who speaks in 20 ms slot i; the agent leg joins `agentLate` slots late. */
function feed(attribution: SpeakerAttribution, timeline: ('staff' | 'caller' | null)[], options: { agentLate: number; agentArrivesEarly?: number }): void {
  timeline.forEach((speaker, index) => {
    attribution.onMixedAudio(frame(speaker !== null), 'linear16', rate)
    // The agent leg's first frame lands a little before its mixed-channel counterpart (jitter).
    if (index === options.agentLate - (options.agentArrivesEarly ?? 0)) attribution.onAgentLegStart()
    const agentIndex = index + (options.agentArrivesEarly ?? 0)
    if (agentIndex >= options.agentLate && agentIndex < timeline.length) attribution.onAgentAudio(frame(timeline[agentIndex] === 'staff'), 'linear16', rate)
  })
}

const slots = (from: number, to: number) => ({ start: from * 0.02, end: to * 0.02 })

describe('speaker attribution on mixed call audio', () => {
  // 0–1 s staff, 1.6–2.6 s caller, 3–3.6 s staff, 4–5 s caller.
  const timeline = Array.from({ length: 260 }, (_, i) => (i < 50 ? 'staff' : i >= 80 && i < 130 ? 'caller' : i >= 150 && i < 180 ? 'staff' : i >= 200 && i < 250 ? 'caller' : null))

  it('tells the staff member’s diarized voice from the caller’s by the agent leg, with the share that agrees', () => {
    const attribution = new SpeakerAttribution()
    feed(attribution, timeline, { agentLate: 2 })
    const roles = attribution.attribute([
      { ...slots(2, 25), speaker: 0 },
      { ...slots(27, 50), speaker: 0 },
      { ...slots(80, 130), speaker: 1 },
      { ...slots(150, 180), speaker: 0 },
      { ...slots(200, 250), speaker: 1 },
    ])
    expect(roles.get(0)).toEqual({ role: 'staff', confidence: 1 })
    expect(roles.get(1)).toEqual({ role: 'caller', confidence: 1 })
  })

  it('lines the agent leg up with the mix when it arrives out of step (here 240 ms early)', () => {
    const attribution = new SpeakerAttribution()
    feed(attribution, timeline, { agentLate: 20, agentArrivesEarly: 12 })
    const roles = attribution.attribute([
      { ...slots(80, 130), speaker: 1 },
      { ...slots(150, 180), speaker: 0 },
      { ...slots(200, 250), speaker: 1 },
    ])
    expect(roles.get(0)?.role).toBe('staff')
    expect(roles.get(0)?.confidence).toBeGreaterThanOrEqual(0.9)
    expect(roles.get(1)).toEqual({ role: 'caller', confidence: 1 })
  })

  it('says unknown without an agent leg, and before the agent leg has covered enough of a voice', () => {
    const none = new SpeakerAttribution()
    feed(none, timeline, { agentLate: Number.POSITIVE_INFINITY })
    expect(none.attribute([{ ...slots(80, 130), speaker: 1 }]).get(1)).toEqual({ role: 'unknown', confidence: null })

    const late = new SpeakerAttribution()
    feed(late, timeline, { agentLate: 240 })
    expect(late.attribute([{ ...slots(0, 50), speaker: 0 }]).get(0)).toEqual({ role: 'unknown', confidence: null })
  })
})
