import type { AgentEntities, Channel, Intent } from './agent-result'
import { findComplaint, findHumanRequest } from './escalation'
import type { TextSpan } from './negation'
import { isOptOutRequest, smsKeyword } from './sms-keywords'

const patterns = {
  // The customer cancelling their own booking; "our caterer cancelled on us" is not one.
  cancel: [
    /\b(?:need|want|have|going|like|wish|decided|hoping|got)\s+to\s+cancel\b/,
    /\bcancel\s+(?:(?:on\s+|for\s+)?(?:jan|feb|mar|nov|dec|sat|sun|fri|\w+day\b|the\s+\d|\d))/,
    /\b(?:not|n't)\s+(?:to\s+)?go(?:ing)?\s+ahead\b|\bback(?:ing)?\s+out\s+of\s+(?:the|our|my)\b/,
    /\b(?:can|could|may|should)\s+(?:i|we)\s+cancel\b/,
    /\b(?:please\s+)?cancel(?:l?ing)?\s+(?:my|our|the|this|that|it)\b(?!\s+policy)/,
    /\b(?:please|pls|plz)\s+cancel\b(?!\s+policy)/,
    /\bcancellation\s+(?:request|for)\b/,
    // A bare "cancel" (an SMS keyword on a text, see smsKeyword) said on a call.
    /^\s*cancel\W*$/,
    /\bcall(?:ing)?\s+(?:it\s+)?off\b/,
    /\bno longer (?:need|want|having)\b/,
    /\b(?:won'?t|don'?t|do not|will not)\s+(?:be\s+)?need(?:ing)?\s+(?:you|the chef|the party|it|us|a chef)\b.*\b(?:anymore|any more|after all)\b/,
    /\b(?:don'?t|do not)\s+need\s+(?:the|a|our)\s+(?:party|chef|booking)\s+(?:anymore|any more)\b/,
    /\b(?:event|party|wedding|reunion)\s+(?:got|was|has been|is)\s+cancell?ed\b/,
  ],
  /** "If we cancel, do we lose the deposit?": a question about the policy, not a cancellation. */
  policyQuestion: [
    /\bif (?:i|we) (?:cancel|reschedule|postpone|need to cancel|have to cancel)\b/,
    /\b(?:cancell?ation|cancel|refund|reschedul\w*) polic(?:y|ies)\b/,
    /\bnotice\b.*\bcancel\b|\bcancel\b.*\bnotice\b/,
    /\bpolicy\b/,
    /\bpayment (?:methods?|options?)\b|\bwhat happens (?:to|with) (?:my|our|the) deposit\b|\bif (?:i|we) (?:have to |need to )?(?:cancel|back out)\b/,
  ],
  /** A change asked about, not asked for: "if something comes up and we have to cancel…?" */
  hypotheticalChange: [
    /\bif\b[^.?!]{0,40}\b(?:cancel|reschedul|postpone|change the date)\w*[^.!]*\?|\bif\b[^.?!]{0,40}\b(?:cancel|reschedul|postpone)\w*\b[^.!?]{0,30}\b(?:do|does|will|would|can)\s+(?:we|i)\b/,
    /\bhow\s+(?:late|close|soon|far (?:ahead|in advance)|much notice)\b[^.?!]{0,30}\b(?:cancel|reschedul|postpone)/,
    /\b(?:cancel|reschedule|postpone)\w*\s+without\s+(?:a\s+)?(?:penalty|losing|fee|being charged|charge)/,
  ],
  reschedule: [
    /\breschedul/,
    /\b(?:change|move|switch|push|bump)\s+(?:the|our|my)?\s*(?:date|day|time|booking|event|party|reservation)\b/,
    /\b(?:push|move|bump|switch)\s+(?:it|us|things|everything|the party|our party|our event)?\s*(?:back|up|forward|to)\b/,
    /\bpostpon/,
    /\b(?:different|another|new)\s+(?:date|day|time)\b/,
    // "the 19th instead of the 12th", "Dec 27 rather than Dec 20", "a date change"
    /\b(?:instead of|rather than)\s+(?:the\s+)?(?:\d|jan|feb|mar|nov|dec|sat|sun|fri|\w+day\b|lunch|dinner)/,
    /\b(?:date|time)\s+change\b/,
  ],
  payment: [
    /\b(?:paid|paying|payment|invoice|receipt|balance|deposit link|owe|venmo'?d|zelled|charge on my|charged)\b/,
    /\b(?:pay|send|sent|make)\s+(?:the|my|our|a)\s+(?:deposit|balance|payment)\b/,
  ],
  /** "deposit" or "pay" inside a price question ("how much would we pay?") is about price. */
  paymentWords: [/\b(?:deposit|pay)\b/],
  availability: [
    // "free" as in a free date, not "gluten free" or "free of charge".
    /\b(?:available|availability|avail|openings?|open slots?|free on|booked up|fully booked|any dates?|do you have .*\b(?:open|(?<!(?:gluten|dairy|nut|sugar|soy|peanut|fat|shellfish|egg|meat)[\s-])free(?! of charge)))\b/,
    /\b(?:(?:can|could) you do (?:this|next|that|the \d|\w+day|dec|jan|feb|nov)|work on|fit us in|squeeze (?:us )?in|slots?|what dates|how booked|next available|still have (?:spots|room|openings?|anything)|still open|(?:is|are) .{0,30}\b(?:open|free|taken)\b)/,
  ],
  booking: [
    /\b(?:book|booking|reserve|reservation|hire|hiring|schedule (?:a|an|our)|sign (?:us|me) up|lock in|secure (?:a|the) date)\b/,
    /\b(?:get on your calendar|need a chef|want a chef|have you (?:for|cater|come)|cater (?:our|my|a)|set up a party|like to have you)\b/,
  ],
  /** Planning talk without a booking verb: weaker than a price or availability question. */
  planning: [
    /\b(?:want|like|looking|planning|interested)\b.*\b(?:hibachi|party|event|dinner|celebration|birthday|anniversary|chef)\b/,
  ],
  pricing: [
    // Asking an amount; "is there a setup fee?" or "do you charge extra for travel?" asks a policy (faq).
    /\b(?:how much|price|prices|pricing|cost|costs|quote|estimate|rate|rates|per (?:person|head|guest)|minimum|\$)/,
    /\$/,
  ],
  faq: [
    /\b(?:fees?|charge extra|extra charge|accept|take (?:cards?|cash|venmo|zelle)|credit cards?|upgrade|insurance|setup fee|set-up fee|come out to|how many proteins|meatless|toddlers?|gift cards?|what(?:'s| is| does)? included|include|includes|come with|menu|what do you (?:serve|bring|need)|do you (?:bring|provide|supply|serve|cook|do|offer|need|travel|have)|does (?:it|the)|how long|how does|tables?|chairs?|plates|utensils|setup|set up|clean ?up|indoors?|outdoors?|rain|vegetarian|vegan|gluten|allerg\w*|peanuts?|halal|kosher|ages?|kids? (?:eat|price|under)|service area|travel)\b/,
  ],
} satisfies Record<string, readonly RegExp[]>

export interface IntentContext {
  /** SMS keywords ("STOP", "HELP") mean something only in a text message. */
  channel: Channel
  escalationPhrases: readonly string[]
  entities: Pick<AgentEntities, 'guestCount' | 'date'>
  /** The text's negated spans, when already known (saves parsing it again). */
  negated?: readonly TextSpan[]
}

/**
 * Picks one intent. Order matters: what the customer needs a person for (opt-out, a person, a
 * complaint, changing an existing booking, money) outranks questions a quote can answer.
 */
export function detectIntent(text: string, context: IntentContext): Intent {
  const lower = text.toLowerCase().replace(/[’‘]/g, "'")
  const keyword = context.channel === 'sms' ? smsKeyword(text) : null
  if (keyword === 'opt_out' || isOptOutRequest(text)) return 'opt_out'
  if (keyword === 'help') return 'faq'
  if (keyword === 'opt_in') return 'other'
  if (findHumanRequest(text, context.escalationPhrases, context.negated) !== null) return 'human_request'
  if (findComplaint(text, context.negated) !== null) return 'complaint'
  if (isHypotheticalChange(lower)) return 'faq'
  if (matchesAny(lower, patterns.reschedule) && !/\bif (?:i|we) reschedul/.test(lower)) return 'reschedule'
  if (matchesAny(lower, patterns.cancel) && !/\bif (?:i|we) (?:cancel|have to|need to)\b/.test(lower)) return 'cancel'
  if (matchesAny(lower, patterns.policyQuestion)) return 'faq'
  const asksPrice = matchesAny(lower, patterns.pricing)
  if (matchesAny(lower, patterns.payment) || (matchesAny(lower, patterns.paymentWords) && !asksPrice)) {
    return 'payment'
  }
  if (matchesAny(lower, patterns.booking)) return 'booking_inquiry'
  if (matchesAny(lower, patterns.availability)) return 'availability'
  if (asksPrice) return 'pricing'
  if (matchesAny(lower, patterns.faq)) return 'faq'
  if (matchesAny(lower, patterns.planning)) return 'booking_inquiry'
  // Details without a question ("party of 12 next Saturday") are someone planning an event.
  if (context.entities.guestCount !== null || context.entities.date !== null) return 'booking_inquiry'
  if (/\?\s*$/.test(lower)) return 'faq'
  return 'other'
}

/** "How late can we cancel?", "if we have to reschedule, do we lose the deposit?": the policy, not a request. */
export function isHypotheticalChange(lowerText: string): boolean {
  return matchesAny(lowerText, patterns.hypotheticalChange)
}

/**
 * Which groups of intent phrases a message contains ("cancel", "reschedule", "pricing" …): the
 * hand-written cues, given to the classifier as features so it can weigh them against the words.
 */
export function intentCues(lowerText: string): string[] {
  return Object.entries(patterns)
    .filter(([, list]) => matchesAny(lowerText, list))
    .map(([name]) => name)
}

function matchesAny(text: string, list: readonly RegExp[]): boolean {
  return list.some((pattern) => pattern.test(text))
}
