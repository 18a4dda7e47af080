import type { Tone } from './agent-result'

/**
 * Each tone has cue phrases; the tone with the most cues wins. Ties go to the tone that changes
 * the reply most (an anxious customer needs reassurance before a cheerful one needs emoji).
 */
const cues: Record<Exclude<Tone, 'direct'>, readonly RegExp[]> = {
  anxious: [
    /\b(?:worried|worry|nervous|anxious|stressed|stressing|panic(?:king)?|freaking out|concerned)\b/,
    /\b(?:urgent|urgently|asap|emergency|last[- ]minute|running out of time)\b/,
    /\b(?:is it too late|hope (?:it's|its|it is) not too late|really need|desperate(?:ly)?)\b/,
    /\b(?:please please|please help|help me)\b/,
    /\?\s*\?|!{3,}/,
  ],
  formal: [
    /^\s*(?:dear|good (?:morning|afternoon|evening)|greetings)\b/,
    /\b(?:i would like to|we would like to|i would be grateful|could you please|would you kindly|kindly)\b/,
    /\b(?:inquire|enquire|regarding|furthermore|sincerely|regards|respectfully)\b/,
    /\bthank you for your (?:time|assistance|help)\b/,
  ],
  warm: [
    /\b(?:thank you so much|thanks so much|so excited|super excited|can't wait|cannot wait|love|loved|adore)\b/,
    /\b(?:appreciate|wonderful|amazing|so happy|delighted|thrilled|the best)\b/,
    /(?::\)|:-\)|<3|❤|😊|🥰|😍)/u,
  ],
  casual: [
    /^\s*(?:hey|hiya|yo|sup|heyy+)\b/,
    /\b(?:lol|lmao|haha+|gonna|wanna|gotta|kinda|thx|ty|pls|plz|u|ur|ya|yeah|yep|cool|dope|awesome|btw|tbh)\b/,
    /(?:😂|🤣|🙌|👍|🔥|😎)/u,
  ],
}

const tieBreak: readonly Exclude<Tone, 'direct'>[] = ['anxious', 'formal', 'warm', 'casual']

/** A message with no cues is taken as direct: it states what it needs and nothing else. */
export function detectTone(text: string): Tone {
  const lower = text.toLowerCase().replace(/[’‘]/g, "'")
  let best: Tone = 'direct'
  let bestScore = 0
  for (const tone of tieBreak) {
    const score = cues[tone].filter((pattern) => pattern.test(lower)).length
    if (score > bestScore) {
      best = tone
      bestScore = score
    }
  }
  return best
}
