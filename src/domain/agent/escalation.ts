/**
 * When a person must act now (architecture §7): the customer asks for one, a complaint, allergy
 * or safety, a payment dispute, anger or repeated confusion. Each check skips what the customer
 * negated ("I don't need a manager", "no allergies here"), using `negatedSpans`.
 */
import type { ConversationTurn } from './agent-result'
import { isNegated, negatedSpans, type TextSpan } from './negation'

/** Requests for a person beyond the owner's configured phrases. */
const humanRequestPatterns: readonly RegExp[] = [
  /\b(?:real|live|actual)\s+(?:person|human|agent|someone|people)\b/g,
  /\b(?:speak|talk|chat)\s+(?:to|with)\s+(?:a\s+|the\s+|your\s+|an?\s+|some\s+)?(?:human|person|someone|somebody|owner|staff|agent|chef|boss|supervisor|team member|real|manager|representative)\b/g,
  /\b(?:someone|somebody|anyone|person)\s+(?:i\s+can|to)\s+(?:talk|speak)\b/g,
  /^\s*(?:human|operator|supervisor|agent|representative|person)\s*(?:please|pls)?\s*[.!]*\s*$/g,
  /\b(?:get|give|put)\s+me\s+(?:a|to a|through to a)\s+(?:person|human|manager|real person)\b/g,
  /\b(?:have|can|could|would|need)\s+(?:someone|somebody|a team member|the chef|the owner|\w+)\s+(?:to\s+)?(?:call|phone|ring)\s+me\b/g,
  /\b(?:give|gimme)\s+me\s+a\s+(?:call|ring)\b/g,
  /\bcall\s+me\s+(?:back|please|asap|as soon as possible|now|when)\b/g,
  /^\s*call\s+me\b/g,
  /\bare\s+you\s+a\s+(?:bot|robot|machine|real person)\b/g,
  /\bis\s+this\s+a\s+(?:bot|robot|machine)\b/g,
]

/** The phrase that asks for a person, or null. `phrases` come from the business profile. */
export function findHumanRequest(text: string, phrases: readonly string[], negated: readonly TextSpan[] = negatedSpans(text)): string | null {
  const lower = normalise(text)
  for (const phrase of phrases) {
    const wanted = phrase.toLowerCase().trim()
    if (wanted.length === 0) continue
    const pattern = new RegExp(`\\b${wanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')}\\b`, 'g')
    for (const match of lower.matchAll(pattern)) if (!isNegated(negated, match.index, match.index + match[0].length)) return phrase
  }
  for (const pattern of humanRequestPatterns) {
    for (const match of lower.matchAll(pattern)) {
      if (!isNegated(negated, match.index, match.index + match[0].length)) return match[0].trim()
    }
  }
  return null
}

const complaintPatterns: readonly RegExp[] = [
  /\b(?:complain|complaint|unacceptable|terrible|horrible|awful|worst|disgusting|ridiculous|furious|upset|angry|disappointed|disappointing|unprofessional|rude)\b/g,
  /\b(?:food poisoning|made (?:us|them|me|everyone) sick|(?:got|were|was|felt) sick (?:after|from)|undercooked|under cooked|overcooked|raw chicken|rubbery|bland|still hungry)\b/g,
  /\b(?:food|it|everything|chicken|steak|shrimp|rice|meat|noodles)\b[^.!?]{0,30}?\b(?:was|were|came out|arrived|got)\s+(?:\w+\s+)?(?:cold|burnt|burned|raw|undercooked|overcooked|bland|salty|inedible|terrible|awful|gross)\b/g,
  /\b(?:cold|burnt|raw)\s+(?:food|chicken|steak|shrimp|rice)\b/g,
  /\b(?:never (?:showed|came|arrived|got|received)|no[- ]show|didn'?t (?:even\s+)?(?:show|come|do the show|bring|clean)|did not (?:show|come)|showed up late|(?:was|were|came|arrived|showed up)\s+(?:\w+\s+){0,3}late|(?:minutes?|mins?|hours?|hrs?|an hour)\s+late|hours late)\b/g,
  /\b(?:overcharged|charged (?:us |me )?twice|double charged|want (?:a|my|our) (?:refund|money back)|demand a refund|money back)\b/g,
  /\b(?:not happy|very unhappy|ruined|not ok|not okay|not what we (?:expected|paid for|ordered)|left a mess|made a mess|forgot the|we were promised|where is the chef|chef (?:isn'?t|is not) here)\b/g,
  /\b(?:no one|nobody|noone)\s+(?:has\s+|is\s+|was\s+)?(?:gotten back|got back|called back|answered|answering|responded|responding|replied|replying|confirmed|showed|came)\b/g,
  /\b(?:let ?down|letdown|annoyed|irritated|frustrated|frustrating)\b/g,
  /\b(?:burn(?:ed|t)|scorched|stained|scratched|ruined|damaged)\s+(?:our|my)\b/g,
  /\b(?:showed up|came|arrived)\s+without\b|\bexpected\s+(?:a lot |much |way |so )?(?:more|better)\b/g,
  /\b(?:hung up on|got hung up|burn marks|damaged|broke our|broken|bad experience|poor service|messed up|wrong order|missing|dirty|hair in)\b/g,
]

/** A clear complaint about the service, or null. */
export function findComplaint(text: string, negated: readonly TextSpan[] = negatedSpans(text)): string | null {
  return firstMatch(normalise(text), complaintPatterns, negated)
}

/** Allergies and dietary safety, and danger at a party: a person answers, never the rules. */
const safetyPatterns: readonly RegExp[] = [
  /\b(?:allerg(?:y|ies|ic)|anaphyla\w*|epi-?pen|celiac|coeliac|intolerant|intolerance)\b/g,
  /\b(?:pregnant|immunocompromised)\b/g,
  /\b(?:gas (?:smell|leak)|smell(?:s)? (?:like )?gas|on fire|caught fire|fire (?:spread|hazard)|got burned|has a burn|burn(?:ed)? (?:his|her|my|their)|injur\w+|bleeding|ambulance)\b/g,
  // "Rushed to the hospital" after the party, not "my dad is in the hospital" (a reason to reschedule).
  /\b(?:went|go|going|gone|taken|take|took|rushed|sent|ended up)\s+(?:\w+\s+)?to\s+(?:the\s+)?(?:hospital|er|emergency room|urgent care)\b/g,
  /\bflame\s+(?:hit|touched|burned)\b/g,
]

export function findSafetyConcern(text: string, negated: readonly TextSpan[] = negatedSpans(text)): string | null {
  return firstMatch(normalise(text), safetyPatterns, negated)
}

/** Kept for callers that only ask "is an allergy mentioned?" (the call agent). */
export function mentionsAllergy(text: string): boolean {
  return findSafetyConcern(text) !== null
}

const disputePatterns: readonly RegExp[] = [
  /\b(?:charged (?:me |us )?twice|double[- ]charged|overcharged|over-charged|dispute|disputing|chargeback|charge back|don'?t recognize|didn'?t authorize|unauthori[sz]ed|wrong amount|fraud)\b/g,
  // "charged my card twice", "charged $300 more than the quote", "an extra charge on my statement"
  /\bcharged\s+(?:\S+\s+){0,3}(?:twice|two times|more than|extra)\b/g,
  /\b(?:extra|double|duplicate|wrong|mystery|surprise)\s+charges?\b/g,
  /\b(?:never|didn'?t|did not)\s+agree[d]?\s+to\b[^.!?]{0,40}\b(?:fee|charge|price|amount)\b/g,
  /\byou\s+(?:guys\s+)?cancell?ed\s+on\s+(?:us|me)\b/g,
  /\bremove\s+(?:it|that|the\s+\w+(?:\s+fee)?)\s+from\s+(?:my|our|the)\s+(?:bill|invoice|card|statement)\b/g,
]

/** Money the customer says was taken wrongly: a person sorts it out. */
export function findPaymentDispute(text: string): string | null {
  // Not checked against negation: "a charge I don't recognize" carries its own.
  return firstMatch(normalise(text), disputePatterns, [])
}

const angerPatterns: readonly RegExp[] = [
  /\b(?:wtf|wth|fuck\w*|f\*+\w*|shit\w*|bullshit|damn it|pissed|furious|livid|are you kidding|kidding me|ridiculous|useless|pathetic|scam|third time|3rd time|fourth time|again and again|stop sending)\b/g,
]

/** Anger: swearing, "the third time I ask", or shouting in capitals. */
export function findAnger(text: string): string | null {
  const found = firstMatch(normalise(text), angerPatterns, [])
  if (found !== null) return found
  const shouted = text.match(/\b[A-Z]{3,}\b/g)?.filter((word) => !/^(?:USA|ASAP|BBQ|DJ|PM|AM|NYE|CA|OK|LOL|OMG|FYI|ETA|VIP|RSVP)$/.test(word)) ?? []
  return shouted.length >= 2 && /[!?]{2,}/.test(text) ? 'shouting' : null
}

const confusionPatterns: readonly RegExp[] = [
  /\b(?:don'?t|do not|still don'?t|doesn'?t) (?:understand|get it|get what)\b/,
  /\b(?:makes no sense|doesn'?t make sense|not what i (?:asked|meant|said)|that'?s not what|you'?re not (?:listening|understanding)|you don'?t understand|confused|confusing|forget it|never ?mind)\b/,
  /^\s*(?:huh|what)\s*\?+\s*$/,
  /^\s*\?{2,}\s*$/,
]

/** The customer is lost after our answers: the second sign of it, or one after we asked again. */
export function isRepeatedConfusion(turns: readonly ConversationTurn[]): boolean {
  const customerTurns = turns.filter((turn) => turn.role === 'customer').map((turn) => normalise(turn.text))
  const confused = customerTurns.filter((text) => confusionPatterns.some((pattern) => pattern.test(text))).length
  if (confused >= 2) return true
  const last = customerTurns.at(-1) ?? ''
  const lastIsConfused = confusionPatterns.some((pattern) => pattern.test(last))
  // We already said we did not understand, and the customer says they are not understood.
  const weAskedAgain = turns.filter((turn) => turn.role === 'agent').some((turn) => /\b(?:didn'?t (?:quite )?catch|not sure what you mean|could you tell me what you need)\b/i.test(turn.text))
  return lastIsConfused && (weAskedAgain || customerTurns.length >= 3)
}

/** A phrase that carries its own negation ("never showed up") is not undone by it. */
const ownNegation = /\b(?:no|not|never|didn'?t|don'?t|won'?t|wasn'?t|nobody|no one)\b|n't\b/

function firstMatch(lower: string, patterns: readonly RegExp[], negated: readonly TextSpan[]): string | null {
  for (const pattern of patterns) {
    for (const match of lower.matchAll(pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`))) {
      if (ownNegation.test(match[0]) || !isNegated(negated, match.index, match.index + match[0].length)) return match[0].trim()
    }
  }
  return null
}

function normalise(text: string): string {
  // Same length as the text, so match offsets line up with the negated spans.
  return text.toLowerCase().replace(/[’‘]/g, "'").replace(/\s/g, ' ')
}

/** Kept for the existing checks: a complaint anywhere in the text. */
export function isComplaint(text: string): boolean {
  return findComplaint(text) !== null
}
