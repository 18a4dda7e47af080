import type { DistanceEstimator } from '../geo/distance-estimator'
import type { PlaceDirectory } from '../geo/place-directory'
import { activePackages } from '../knowledge/active-packages'
import { freeSlots, slotAvailability, type SlotAvailability } from '../knowledge/slot-availability'
import { depositForBooking } from '../pricing/deposit'
import { buildQuote, type Quote, type QuoteDistance } from '../pricing/quote'
import type { Package } from '../schemas/packages'
import type { Settings } from '../schemas/settings'
import type { AgentBrain, AgentInput } from './agent-brain'
import type { AgentEntities, AgentResult, AgentSuggestion, Channel, Intent, Tone } from './agent-result'
import bundledModel from './agent-model.json'
import { emptyEntities, extractEntities, type ExtractionContext } from './entities'
import { findAnger, findComplaint, findHumanRequest, findPaymentDispute, findSafetyConcern, isRepeatedConfusion } from './escalation'
import { businessToday } from './event-date'
import { isHypotheticalChange } from './intent'
import { answersForTopics, findAnswers, type Answer } from './standard-answers'
import { languageName } from './language-check'
import { createMessageReader, type AgentModel, type MessageReader, type PreparedMessage } from './message-reader'
import { dollars, guestPhrase, spokenDate, spokenPhone, spokenTime } from './reply-format'
import { isOptOutRequest, smsKeyword } from './sms-keywords'
import { countPattern, parseCount } from './number-words'
import { detectTone } from './tone'
import type { LabelScore } from './intent-classifier'

export interface RulesBrainDependencies {
  distance: DistanceEstimator
  /** Confirms city names in messages; null falls back to capitalised words. */
  places: PlaceDirectory | null
  /** The trained intent model; the one built from the repository's corpus by default. */
  model?: AgentModel
}

/** The embedded brain: deterministic, offline, and the default when no model is configured. */
export function createRulesBrain(dependencies: RulesBrainDependencies): AgentBrain {
  const reader = createMessageReader(dependencies.model ?? (bundledModel as AgentModel))
  return {
    name: 'rules',
    respond: (input) => respondByRules(input, dependencies, reader),
  }
}

/** Details older than this many customer turns are not read again: the thread has moved on. */
const maxCustomerTurnsRead = 8

/** Why a person must act now, and why staff should follow up later: at most one of each. */
interface HandOver {
  escalation: string | null
  followUp: string | null
}

async function respondByRules(input: AgentInput, dependencies: RulesBrainDependencies, reader: MessageReader): Promise<AgentResult> {
  const now = new Date(input.now)
  if (Number.isNaN(now.getTime())) throw new RangeError(`"now" is not a valid instant: ${input.now}`)
  const customerTurnIndexes = input.turns.flatMap((turn, index) => (turn.role === 'customer' ? [index] : []))
  const lastIndex = customerTurnIndexes.at(-1)
  if (lastIndex === undefined) throw new RangeError('The conversation has no customer message to answer.')

  const { settings } = input.knowledge
  const context: ExtractionContext = {
    now,
    timeZone: settings.timeZone,
    places: dependencies.places,
    defaultState: settings.baseLocation.state,
  }
  const understood = understandConversation(input, customerTurnIndexes.slice(-maxCustomerTurnsRead), context, reader)
  const { entities, locationState, latest } = understood
  const text = input.turns[lastIndex]!.text
  const tone = detectTone(text)
  const quote = entities.guestCount === null ? undefined : await quoteFor(entities, locationState, settings, dependencies)
  const keyword = input.channel === 'sms' ? smsKeyword(text) : null

  const compose: Composition = { reply: '', suggestions: [], escalation: null, followUp: null }
  if (understood.intent === 'opt_out') {
    compose.reply =
      input.channel === 'sms'
        ? `You're unsubscribed from ${settings.businessName} texts and won't receive any more messages. Reply START to resubscribe.`
        : `Understood. We won't contact this number again. Thank you for calling ${settings.businessName}.`
  } else if (keyword === 'help') {
    compose.reply = `${settings.businessName}: call ${spokenPhone(settings.contactPhone)} or email ${settings.contactEmail}. Reply STOP to opt out.`
  } else if (keyword === 'opt_in') {
    compose.reply = `You're subscribed again to texts from ${settings.businessName}. Reply HELP for help, STOP to opt out.`
  } else {
    const today = businessToday(now, settings.timeZone)
    const offers = activePackages(input.knowledge.packages ?? [], today)
    const bookings = input.knowledge.bookings
    const availability =
      bookings === undefined || entities.date === null || entities.date < today ? null : slotAvailability(entities.date, bookings, settings)
    const topicsAsked = understood.topics
    const answers = [
      ...answersForTopics(topicsAsked, settings, input.knowledge.faqs, reader),
      ...findAnswers(latest.lower, settings, input.knowledge.faqs),
    ].filter((answer, index, all) => all.findIndex((other) => other.answer === answer.answer) === index)
    composeAnswer(compose, {
      input,
      text,
      latest,
      intent: understood.intent,
      tone,
      entities,
      quote,
      settings,
      answers,
      topicsAsked,
      offers,
      availability,
      today,
      reader,
    })
  }
  const result: AgentResult = {
    intent: understood.intent,
    tone,
    entities,
    escalate: compose.escalation !== null,
    escalationReason: compose.escalation?.slice(0, 500) ?? null,
    followUp: compose.escalation === null ? (compose.followUp?.slice(0, 500) ?? null) : null,
    // Owner-written FAQ answers can be long; the contract caps the lengths.
    reply: compose.reply.slice(0, 2000),
    suggestions: compose.suggestions.slice(0, 10).map((suggestion) => ({
      ...suggestion,
      title: suggestion.title.slice(0, 200),
      text: suggestion.text.slice(0, 2000),
    })),
  }
  if (quote !== undefined) result.quote = quote
  return result
}

interface Understanding {
  intent: Intent
  entities: AgentEntities
  locationState: string | null
  /** The message being answered, normalised. */
  latest: PreparedMessage
  /** Question topics asked in the latest message (`rain`, `deposit` …), most likely first. */
  topics: string[]
  /** The classifier's ranking for the latest message. */
  ranking: LabelScore[]
}

/** Intents the classifier gives; `faq.<topic>` labels are questions. */
function intentOfLabel(label: string): Intent {
  return label.startsWith('faq.') ? 'faq' : (label as Intent)
}

/**
 * The intent with the highest summed score: a question split between two topics ("faq.setup"
 * 0.3, "faq.space" 0.3) is still clearly a question, even when another intent has 0.4.
 */
function bestIntent(ranking: readonly LabelScore[]): Intent {
  const sums = new Map<Intent, number>()
  for (const { label, score } of ranking) sums.set(intentOfLabel(label), (sums.get(intentOfLabel(label)) ?? 0) + score)
  let best: Intent = intentOfLabel(ranking[0]?.label ?? 'other')
  for (const [intent, score] of sums) if (score > (sums.get(best) ?? 0)) best = intent
  return best
}

/** Words that say what the customer wants, so a turn with them is not just details. */
const intentCue = /\b(?:how much|price|cost|quote|available|availability|open|free|book|reserve|cancel|reschedule|move|refund|pay)\b/

/** A turn that changes what was asked ("make it 25 instead", "what about the 16th"). */
const changeCue = /\b(?:instead|actually|make (?:it|that)|change (?:it|that) to|what about|how about|and if|can we do|could we do|what if|or maybe|wait)\b/

/**
 * Details accumulate over the conversation (the guest count in one text, the city in the next);
 * the intent is the latest message's, unless that message only added or changed details.
 */
function understandConversation(
  input: AgentInput,
  customerTurnIndexes: readonly number[],
  context: ExtractionContext,
  reader: MessageReader,
): Understanding {
  const phrases = input.knowledge.settings.escalationPhrases
  let entities: AgentEntities = emptyEntities
  let locationState: string | null = null
  let intent: Intent = 'other'
  let latest: PreparedMessage | null = null
  let ranking: LabelScore[] = []
  let topics: string[] = []
  for (const index of customerTurnIndexes) {
    const text = input.turns[index]!.text
    const previous = input.turns[index - 1]
    const message = reader.prepare(text)
    const expectingPlace = previous?.role === 'agent' && /\b(?:where|city|zip)\b/i.test(previous.text)
    // A message in a language we do not read is left to a person whole: no half-understood numbers.
    const extracted = message.language.supported
      ? extractEntities(message.text, { ...context, expectingPlace, isCommonWord: reader.isCommonWord, referenceDate: entities.date })
      : { entities: emptyEntities, locationState: null }
    const turnEntities = countFromThread(extracted.entities, message.lower, previous, entities)
    const signals = {
      hasGuestCount: turnEntities.guestCount !== null,
      hasDate: turnEntities.date !== null,
      hasPlace: turnEntities.location !== null || turnEntities.zip !== null,
      isQuestion: text.includes('?'),
    }
    const turnRanking = reader.classify(message, signals)
    const turnIntent = decideIntent(message, turnRanking, input.channel, phrases)
    const hasDetails = signals.hasGuestCount || signals.hasDate || signals.hasPlace || turnEntities.addOns.length > 0
    const continuesEventTalk = (['pricing', 'booking_inquiry', 'availability', 'reschedule'] as Intent[]).includes(intent)
    // After we asked for details, an answer of details ("18 adults, dec 19, pleasanton") keeps the intent.
    const answersOurQuestion = previous?.role === 'agent' && previous.text.includes('?') && !intentCue.test(message.lower)
    // A short fragment of details ("to jan 16 if possible", "the 19th") carries on what was asked.
    const fragment = message.words.length <= 6 && !intentCue.test(message.lower)
    const onlyDetails = hasDetails && (turnIntent === 'other' || (continuesEventTalk && (changeCue.test(message.lower) || answersOurQuestion || fragment)))
    const wantsToBook = /\b(?:book|reserve|lock (?:it|us) in|sign (?:us|me) up|let'?s do it|go ahead)\b/.test(message.lower)
    // "Dinner for 16 please" after we said the date is open is a booking.
    const takesOpenDate = intent === 'availability' && previous?.role === 'agent' && /\bis open\b/i.test(previous.text) && hasDetails
    if ((continuesEventTalk && wantsToBook && (turnIntent === 'other' || turnIntent === 'booking_inquiry' || turnIntent === 'pricing')) || takesOpenDate) {
      intent = 'booking_inquiry'
    } else if (!onlyDetails || intent === 'other') {
      intent = turnIntent === 'other' && hasDetails && intent !== 'other' ? intent : turnIntent
    }
    if (turnEntities.location !== null || turnEntities.zip !== null) locationState = extracted.locationState
    entities = mergeEntities(entities, turnEntities, message.lower)
    latest = message
    ranking = turnRanking
    topics = questionTopics(message, turnRanking, reader)
  }
  return { intent, entities, locationState, latest: latest!, topics, ranking }
}

/**
 * One intent per message. What needs a person (opt-out, a person, a complaint) is found by rules
 * that respect negation; otherwise the classifier's best label decides.
 */
function decideIntent(message: PreparedMessage, ranking: readonly LabelScore[], channel: Channel, phrases: readonly string[]): Intent {
  const keyword = channel === 'sms' ? smsKeyword(message.original) : null
  if (keyword === 'opt_out' || isOptOutRequest(message.original)) return 'opt_out'
  if (keyword === 'help') return 'faq'
  if (keyword === 'opt_in') return 'other'
  if (!message.language.supported) return 'other'
  if (findHumanRequest(message.text, phrases, message.negated) !== null) return 'human_request'
  const best = bestIntent(ranking)
  // "cancel" said alone on a call (a text's CANCEL is an opt-out keyword, above).
  if (/^\s*cancel\W*$/.test(message.lower)) return 'cancel'
  // Money taken wrongly is about a payment; an accident at the party is a complaint.
  if (findPaymentDispute(message.text) !== null) return 'payment'
  if (findComplaint(message.text, message.negated) !== null) return 'complaint'
  if (findAnger(message.original) !== null) return 'complaint'
  if (/\b(?:gas|fire|flame|burn|burned|injur\w*|bleeding|ambulance|hospital)\b/.test(message.lower) && findSafetyConcern(message.text, message.negated) !== null) return 'complaint'
  if (/^\s*(?:hi|hello|hey|yo|good (?:morning|afternoon|evening))?\W*(?:who is this|who's this|who are you|hello|hi|hey)\W*$/.test(message.lower)) return 'other'
  // "We won't need to reschedule after all": a negated change is no change.
  // A question about changing ("how late can we cancel?") wants the policy, not a change.
  if ((best === 'reschedule' || best === 'cancel') && isHypotheticalChange(message.lower)) return 'faq'
  if ((best === 'reschedule' || best === 'cancel') && changeWordsAllNegated(message)) {
    return intentOfLabel(ranking.find((label) => !['reschedule', 'cancel'].includes(intentOfLabel(label.label)))?.label ?? 'other')
  }
  if (best === 'human_request' || best === 'complaint') {
    // Without the words that make one, the classifier's guess must be confident.
    const score = ranking.find((label) => label.label === best)?.score ?? 0
    return score >= 0.6 ? best : bestIntent(ranking.filter((label) => label.label !== best))
  }
  // "Other" is thanks, greetings and chatter; a question is about something, so it takes the
  // next label the classifier sees in it ("zelle ok?", "is dessert part of it").
  if (best === 'other' && isQuestion(message)) {
    const next = ranking.find((label) => label.label !== 'other' && label.score > 0)
    if (next !== undefined && !['human_request', 'complaint'].includes(intentOfLabel(next.label))) return intentOfLabel(next.label)
  }
  return best
}

const questionStart = /^\s*(?:hi|hey|hello)?[\s,!]*(?:what|what's|whats|when|where|which|who|how|why|do|does|did|is|are|can|could|will|would|should|may|any|anything)\b(?!')(?!\s+do\b)/

function isQuestion(message: PreparedMessage): boolean {
  return message.original.includes('?') || questionStart.test(message.lower)
}

/** Where a message asking several things splits: sentence ends, "also", "and do you", "2)" … */
const clauseBreak = /[?.!;\n]+|\b(?:also|plus|btw)\b|\band(?= (?:do|does|is|are|can|could|what|what's|how|will|would)\b)|\d\)/gi

function clauseRanges(text: string): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = []
  let start = 0
  for (const match of text.matchAll(clauseBreak)) {
    ranges.push({ start, end: match.index })
    start = match.index + match[0].length
  }
  ranges.push({ start, end: text.length })
  return ranges.filter((range) => text.slice(range.start, range.end).trim().split(/\s+/).length >= 2)
}

function changeWordsAllNegated(message: PreparedMessage): boolean {
  const matches = [...message.lower.matchAll(/\b(?:reschedul\w*|cancel\w*|postpone\w*|move|change)\b/g)]
  return matches.length > 0 && matches.every((match) => message.negated.some((span) => match.index >= span.start && match.index < span.end))
}

/** Topics of the questions in a message, including each clause of a message asking several. */
function questionTopics(message: PreparedMessage, ranking: readonly LabelScore[], reader: MessageReader): string[] {
  const topics: string[] = []
  const add = (label: string | undefined, score: number, minimum: number) => {
    if (label?.startsWith('faq.') && score >= minimum && !topics.includes(label.slice(4))) topics.push(label.slice(4))
  }
  add(ranking[0]?.label, ranking[0]?.score ?? 0, 0.25)
  const clauses = clauseRanges(message.text)
  if (clauses.length > 1) {
    for (const clause of clauses) {
      const [best] = reader.classifyPart(message, clause.start, clause.end)
      add(best?.label, best?.score ?? 0, 0.45)
    }
  }
  return topics
}

const wholeCountInWords = new RegExp(`^\\W*(?:about|around|maybe|like|roughly)?\\s*(${countPattern})\\W*(?:people|guests|of us|ppl)?\\W*$`)

/**
 * Guest counts that only make sense with the thread: "25" in reply to "How many guests?",
 * "make it 25 instead" after a quote.
 */
function countFromThread(
  entities: AgentEntities,
  lower: string,
  previousTurn: AgentInput['turns'][number] | undefined,
  earlier: AgentEntities,
): AgentEntities {
  if (entities.guestCount !== null || previousTurn?.role !== 'agent') return entities
  const askedHowMany = /\bhow many\b/i.test(previousTurn.text)
  const changing = earlier.guestCount !== null && changeCue.test(lower)
  if (!askedHowMany && !changing) return entities
  // "twenty two" on its own: a count in words answering "how many?".
  const inWords = wholeCountInWords.exec(lower)
  const bare = /(?:^|[^\d$/:])(\d{1,3})(?!\s*(?:st|nd|rd|th|am|pm|:|\/|miles?|mi\b|%|dollars|bucks))(?:\D|$)/.exec(lower)
  if (inWords === null && (bare === null || /\bthe\s+\d/.test(lower.slice(Math.max(0, bare.index - 4), bare.index + 3)))) return entities
  const count = inWords === null ? Number(bare![1]) : (parseCount(inWords[1]!) ?? 0)
  if (count < 2 || count > 500) return entities
  return { ...entities, adults: null, kids: null, guestCount: count }
}

/** Later turns override earlier details; "5 kids too" adds to the adults, "6 of them are kids" splits them. */
function mergeEntities(earlier: AgentEntities, later: AgentEntities, lower: string): AgentEntities {
  let counts = { adults: earlier.adults, kids: earlier.kids, guestCount: earlier.guestCount }
  if (later.guestCount !== null) {
    const earlierAdults = earlier.adults ?? (earlier.kids === null ? earlier.guestCount : null)
    if (later.kids !== null && later.adults === null && earlierAdults !== null && /\b(?:of them|of those)\b/.test(lower) && earlier.guestCount !== null) {
      counts = { adults: Math.max(0, earlier.guestCount - later.kids), kids: later.kids, guestCount: earlier.guestCount }
    } else if (later.kids !== null && later.adults === null && earlierAdults !== null && /\b(?:too|also|as well|plus|and)\b/.test(lower)) {
      counts = { adults: earlierAdults, kids: later.kids, guestCount: earlierAdults + later.kids }
    } else {
      counts = { adults: later.adults, kids: later.kids, guestCount: later.guestCount }
    }
  }
  const placeChanged = later.location !== null || later.zip !== null
  return {
    ...counts,
    date: later.date ?? earlier.date,
    time: later.time ?? earlier.time,
    location: placeChanged ? later.location : earlier.location,
    zip: placeChanged ? later.zip : earlier.zip,
    proteins: [...new Set([...earlier.proteins, ...later.proteins])],
    addOns: [...new Set([...earlier.addOns, ...later.addOns])],
  }
}

async function quoteFor(
  entities: AgentEntities,
  locationState: string | null,
  settings: Settings,
  dependencies: RulesBrainDependencies,
): Promise<Quote> {
  // A guest count without an adult/child split is priced as adults (architecture §7).
  const kids = entities.kids ?? 0
  const adults = entities.adults ?? (entities.kids === null ? entities.guestCount! : Math.max(0, entities.guestCount! - kids))
  let distance: QuoteDistance | null = null
  if (entities.location !== null || entities.zip !== null) {
    const found = await dependencies.distance.distanceFromBase({
      zip: entities.zip,
      city: entities.location,
      state: locationState,
    })
    if (found !== null) distance = { miles: found.miles, isEstimate: found.isEstimate }
  }
  return buildQuote({ adults, kids }, distance, settings)
}

interface Composition extends HandOver {
  reply: string
  suggestions: AgentSuggestion[]
}

interface AnswerContext {
  input: AgentInput
  text: string
  latest: PreparedMessage
  intent: Intent
  tone: Tone
  entities: AgentEntities
  quote: Quote | undefined
  settings: Settings
  /** Stored answers that fit the message: by topic first, then by keyword. */
  answers: readonly Answer[]
  topicsAsked: readonly string[]
  /** Packages that may be offered today (never an expired one). */
  offers: readonly Package[]
  /** The time slots on the date asked about, when the bookings are known. */
  availability: SlotAvailability[] | null
  today: string
  reader: MessageReader
}

function composeAnswer(compose: Composition, context: AnswerContext): void {
  const { latest, intent, settings, quote, entities, input } = context
  if (quote !== undefined) compose.suggestions.push(quoteSuggestion(quote, settings))
  for (const answer of context.answers.slice(0, 3)) compose.suggestions.push({ kind: 'faq', title: answer.question, text: answer.answer })
  const open = opener(context.tone)

  // A person must act now.
  if (!latest.language.supported) {
    const language = latest.language.language === null ? 'another language' : languageName(latest.language.language)
    compose.escalation = `The customer wrote in ${language}, which the agent cannot answer.`
    compose.reply = `Thanks for your message! A member of our team will reply to you shortly. (${settings.businessName})`
    compose.suggestions.push(nextStep('Reply in their language', `The message is in ${language}: answer it personally.`))
    return
  }
  if (intent === 'human_request') {
    const phrase = findHumanRequest(latest.text, settings.escalationPhrases, latest.negated)
    compose.escalation = `The customer asked for a person ("${phrase ?? 'person'}").`
    compose.reply =
      input.channel === 'voice'
        ? 'Of course. Let me connect you with a member of our team.'
        : "Of course. I'm passing you to a member of our team; they'll be in touch shortly."
    compose.suggestions.push(nextStep('Take over', 'The customer wants a person: call or reply to them now.'))
    return
  }
  const safety = findSafetyConcern(latest.text, latest.negated)
  if (safety !== null) {
    compose.escalation = `Allergy or safety ("${safety}"): a person must answer it.`
    compose.reply = `${open}Thanks for telling us. Our team will confirm how we handle that and get right back to you.`
    compose.suggestions.push(nextStep('Answer the safety question', 'Confirm ingredients, cross-contact or what happened with the chef before replying.'))
    return
  }
  if (intent === 'complaint') {
    compose.escalation = 'Complaint: the customer needs a person to make it right.'
    compose.reply = "I'm very sorry to hear that. I've passed this to our team and someone will contact you shortly to make it right."
    compose.suggestions.push(nextStep('Call the customer', 'Apologise and make it right.'))
    return
  }
  const dispute = findPaymentDispute(latest.text)
  if (dispute !== null) {
    compose.escalation = `Payment dispute ("${dispute}"): check the charges and call the customer.`
    compose.reply = "I'm sorry about that. I've passed it to our team to check the charges right away; someone will contact you shortly."
    compose.suggestions.push(nextStep('Check the charges', "Compare the customer's payments with the booking and call them."))
    return
  }
  const anger = findAnger(latest.original)
  if (anger !== null || isRepeatedConfusion(input.turns)) {
    compose.escalation = anger !== null ? 'The customer is upset: a person should take over now.' : 'The customer is still confused after our answers: a person should take over.'
    compose.reply = "I'm sorry for the trouble. I'm getting a member of our team to help you personally; they'll be in touch shortly."
    compose.suggestions.push(nextStep('Take over', 'Read the thread and reply personally.'))
    return
  }
  const limit = settings.escalateAboveGuests ?? null
  if (limit !== null && entities.guestCount !== null && entities.guestCount > limit) {
    compose.escalation = `A party of ${entities.guestCount} is above the ${limit} guests the owner handles personally.`
    compose.reply = `${open}A party of ${entities.guestCount} is a big one, so our owner plans those personally. Someone from our team will contact you shortly.`
    compose.suggestions.push(nextStep('Call about the large party', `Plan chefs and grills for ${entities.guestCount} guests.`))
    return
  }

  // Everything else gets an answer now; some also leave staff a task.
  if (intent === 'reschedule' || intent === 'cancel') {
    composeChangeAnswer(compose, context)
    return
  }
  if (intent === 'payment') {
    const link = /\b(?:link|resend|send me|invoice|receipt)\b/.test(latest.lower)
    compose.followUp = link ? 'Payment paperwork: send the deposit link, invoice or receipt asked for.' : "Payment: check the booking's payments and confirm to the customer."
    compose.reply = link
      ? `${open}Sure! Our team will send that over shortly.`
      : `${open}Thanks! Our team will check your booking's payments and confirm shortly.`
    const extra = context.answers.filter((answer) => /deposit|pay/i.test(answer.question)).slice(0, 1)
    if (extra.length > 0) compose.reply = `${compose.reply} ${extra[0]!.answer}`
    compose.suggestions.push(nextStep('Follow up on the payment', compose.followUp))
    return
  }
  if (intent === 'booking_inquiry' || intent === 'pricing' || intent === 'availability') {
    composeEventAnswer(compose, context)
    return
  }
  if (intent === 'faq') {
    const answers = context.answers
    if (answers.length > 0) {
      compose.reply = `${open}${answers.slice(0, 2).map((answer) => answer.answer).join(' ')}`
      if (isCustomRequest(latest.lower)) compose.followUp = `Custom request: ${latest.original.slice(0, 300)}`
      return
    }
    compose.followUp = `Question without a stored answer: ${latest.original.slice(0, 300)}`
    compose.reply = `${open}Good question! I'll check with our team and get back to you shortly.`
    compose.suggestions.push(nextStep('Answer the question', latest.original))
    return
  }
  composeOtherAnswer(compose, context)
}

/** Asks that go beyond the menu and the usual set-up: staff decide. */
function isCustomRequest(lower: string): boolean {
  return /\b(?:whole party|entire party|all of the guests|no butter|second chef|two chefs|2 chefs|own (?:meat|food)|custom|special request|bring (?:a|our) cake)\b/.test(lower)
}

/** Greetings, thanks and everything the agent could not place. */
function composeOtherAnswer(compose: Composition, context: AnswerContext): void {
  const { latest, settings, quote, entities } = context
  const lower = latest.lower.trim()
  if (/^(?:hi|hello|hey|hiya|yo|good (?:morning|afternoon|evening))\b[\s!.,?]*(?:there)?[\s!.?]*$/.test(lower)) {
    compose.reply = `Hi! This is ${settings.businessName}. Are you planning a hibachi party? Tell me the date, city and number of guests and I'll get you a quote.`
    return
  }
  if (/\bwho (?:is|are) (?:this|you)\b/.test(lower)) {
    compose.reply = `This is ${settings.businessName}, a hibachi chef who comes to you. How can I help?`
    return
  }
  if (/\bwrong (?:number|person)\b/.test(lower)) {
    compose.reply = 'No problem, sorry to bother you!'
    return
  }
  if (quote !== undefined || entities.date !== null || entities.location !== null) {
    composeEventAnswer(compose, context)
    return
  }
  // A question the classifier could not place that one of the business's stored answers covers
  // by its keyword ("Where will you park?" and the owner's FAQ about parking): answer it.
  if (context.answers.length > 0 && /\?\s*$|^(?:where|what|when|how|do|does|can|could|will|would|is|are)\b/.test(lower)) {
    compose.reply = `${opener(context.tone)}${context.answers.slice(0, 2).map((answer) => answer.answer).join(' ')}`
    return
  }
  const words = latest.words.length
  const thanksOrPraise = /\b(?:thanks|thank you|thx|loved|was (?:amazing|awesome|great|wonderful|fantastic)|were (?:amazing|awesome|great)|great job|amazing job|perfect|sounds good|got it|will do|okay|cool|talk soon|still works|no complaints|see you)\b/.test(lower)
  if (thanksOrPraise || words <= 3) {
    compose.reply = /\b(?:loved|amazing|awesome|wonderful|great job|was great|talking about)\b/.test(lower)
      ? "Thank you so much for the kind words! We'd love to cook for you again anytime."
      : words <= 3 && !thanksOrPraise && !/^[\p{Emoji}\s]+$/u.test(lower)
        ? `Sorry, I didn't quite catch that. Are you planning a hibachi party? Tell me the date, city and number of guests and I'll get you a quote.`
        : "You're welcome! Just reply here if there's anything else."
    return
  }
  // A message with something to say that the agent cannot place: staff read it, the customer hears back.
  compose.followUp = `Message the agent could not place: ${latest.original.slice(0, 300)}`
  compose.reply = `${opener(context.tone)}Thanks for your message! I've passed it to our team and someone will get back to you shortly.`
  compose.suggestions.push(nextStep('Read and reply', latest.original))
}

/** Reschedule and cancel: the policy now, and a task for staff to make the change. */
function composeChangeAnswer(compose: Composition, context: AnswerContext): void {
  const { intent, entities, settings } = context
  const policy = answersForTopics(['cancellation_policy'], settings, context.input.knowledge.faqs, context.reader)[0]
  const policySentence = policy === undefined ? '' : ` ${policy.answer}`
  const when = entities.date === null ? '' : ` to ${spokenDate(entities.date)}${entities.time === null ? '' : ` at ${spokenTime(entities.time)}`}`
  if (intent === 'reschedule') {
    const moveTo = entities.date === null && entities.time !== null ? ` to ${spokenTime(entities.time)}` : when
    compose.followUp = `Reschedule request${moveTo === '' ? '' : `:${moveTo.replace(/^ to/, ' move to')}`}. Check the calendar and confirm with the customer.`
    compose.reply = `No problem! I've asked our team to move your booking${moveTo}; they'll confirm shortly.${policySentence}`
  } else {
    compose.followUp = 'Cancellation request: check the booking and the deposit under the policy, then confirm with the customer.'
    compose.reply = `I'm sorry your plans changed. I've passed your cancellation to our team and someone will confirm it with you shortly.${policySentence}`
  }
  compose.suggestions.push(nextStep(intent === 'reschedule' ? 'Move the booking' : 'Cancel the booking', compose.followUp))
}

/** Booking, pricing and availability: quote what we can and ask for what is missing. */
function composeEventAnswer(compose: Composition, context: AnswerContext): void {
  const { entities, quote, settings, intent, latest } = context
  const sentences: string[] = []
  if (quote === undefined) {
    sentences.push(
      `We're ${dollars(settings.adultPriceCents)} per adult and ${dollars(settings.childPriceCents)} per child (${settings.childAgeRange.min}–${settings.childAgeRange.max}), with a ${dollars(settings.partyMinimumCents)} party minimum.`,
    )
  } else {
    sentences.push(quoteSentence(quote, entities, settings))
  }
  const extraAnswers = context.answers.filter((answer) => !/cost|children priced|minimum|travel to us/i.test(answer.question) || context.topicsAsked.length > 0)
  for (const answer of extraAnswers.slice(0, 2)) {
    if (quote?.declined === true && /travel/i.test(answer.question)) continue
    sentences.push(answer.answer)
  }

  if (quote?.declined === true) {
    // Out of the area: a polite no with the distance, and an offer to call (in the quote sentence).
    compose.suggestions.push(nextStep('Out of the service area', `About ${quote.distanceMiles} miles away; the owner may still take it if the customer calls.`))
    compose.reply = `${opener(context.tone)}${sentences.join(' ')}`
    return
  }
  const offer = intent === 'pricing' || intent === 'booking_inquiry' ? context.offers[0] : undefined
  if (offer !== undefined && sentences.length < 3) {
    sentences.push(packageSentence(offer))
    compose.suggestions.push({ kind: 'reply', title: `Offer the ${offer.name} package`, text: packageSentence(offer) })
  }
  const { availability } = context
  let dateIsOpen: boolean | null = null
  if ((intent === 'availability' || intent === 'booking_inquiry') && entities.date !== null && availability !== null) {
    if (freeSlots(availability).length === 0) {
      dateIsOpen = false
      const nearby = nearestOpenDates(entities.date, context)
      if (intent === 'booking_inquiry' && availability.length > 0) {
        compose.followUp = `Wants to book ${entities.date}, which is full${nearby.length === 0 ? '' : `; offered ${nearby.join(' or ')}`}: follow up if a place opens.`
      }
      sentences.unshift(
        availability.length === 0
          ? `We schedule each party individually, so our team will confirm ${spokenDate(entities.date)} with you shortly.`
          : `Sorry, ${spokenDate(entities.date)} is fully booked.${nearby.length === 0 ? '' : ` The nearest open dates are ${joinWithOr(nearby.map(spokenDate))}.`}`,
      )
      if (availability.length === 0) compose.followUp = `Availability for ${entities.date}: no time slots are set up, so check the calendar.`
    } else {
      dateIsOpen = true
      if (intent === 'availability') sentences.unshift(availabilitySentence(entities.date, availability))
    }
  } else if (intent === 'availability' && entities.date !== null && availability === null) {
    sentences.unshift(`Let me check ${spokenDate(entities.date)} for you; our team will confirm shortly.`)
    compose.followUp = `Availability: check the calendar for ${entities.date}.`
    compose.suggestions.push(nextStep('Check the calendar', `Is ${spokenDate(entities.date)} open?`))
  } else if (intent === 'availability' && entities.date === null && context.input.knowledge.bookings !== undefined) {
    const upcoming = nearestOpenDates(context.today, context, 3)
    if (upcoming.length > 0) sentences.unshift(`Our next open dates are ${joinWithOr(upcoming.map(spokenDate))}.`)
  }
  const missing = missingDetails(entities, quote)
  if (missing.length > 0 || dateIsOpen === false) {
    if (missing.length > 0) sentences.push(missing.length === 1 ? questionFor(missing[0]!) : `Could you tell me the ${joinWithAnd(missing)}?`)
    compose.reply = `${opener(context.tone)}${sentences.join(' ')}`
    return
  }
  // Everything needed to book is known. Someone wanting to book leaves staff a task; a price
  // question gets the price and the offer to hold the date.
  const date = entities.date!
  const when = entities.time === null ? spokenDate(date) : `${spokenDate(date)} at ${spokenTime(entities.time)}`
  const deposit = dollars(depositForBooking(quote!.totalCents ?? quote!.subtotalCents, settings))
  const wantsToBook = intent === 'booking_inquiry' || /\b(?:book|reserve|lock|hold|sign (?:us|me) up)\b/.test(latest.lower)
  if (wantsToBook) {
    if (dateIsOpen === true) sentences.unshift(`Good news: ${spokenDate(date)} is open.`)
    sentences.push(`I'll have our team confirm ${when} and send you a ${deposit} deposit link to hold it.`)
    compose.followUp ??= `Ready to book: confirm ${date}${entities.time === null ? '' : ` at ${entities.time}`} and send the ${deposit} deposit link.`
    compose.suggestions.push(nextStep('Confirm and send deposit link', `Check ${when}; if open, send the ${deposit} deposit link.`))
  } else {
    sentences.push(`Want me to hold ${when} for you? A ${deposit} deposit secures the date.`)
  }
  compose.reply = `${opener(context.tone)}${sentences.join(' ')}`
}

/** Up to `count` dates near `date` (after it first, then before, never past) with a free slot. */
function nearestOpenDates(date: string, context: AnswerContext, count = 2): string[] {
  const bookings = context.input.knowledge.bookings ?? []
  const found: string[] = []
  const base = Date.parse(`${date}T12:00:00Z`)
  for (let offset = 1; offset <= 21 && found.length < count; offset++) {
    for (const direction of [1, -1]) {
      const candidate = new Date(base + direction * offset * 86_400_000).toISOString().slice(0, 10)
      if (candidate < context.today || found.length >= count) continue
      if (freeSlots(slotAvailability(candidate, bookings, context.settings)).length > 0) found.push(candidate)
    }
  }
  return found.sort()
}

/** "Saturday, December 12 is open for dinner at 5 PM." — only the slots with room left. */
function availabilitySentence(date: string, availability: readonly SlotAvailability[]): string {
  const open = freeSlots(availability).map((slot) => `${slot.name.toLowerCase()} at ${spokenTime(slot.start)}`)
  return `Good news: ${spokenDate(date)} is open for ${joinWithOr(open)}.`
}

function packageSentence(offer: Package): string {
  const until = offer.validTo === null ? '' : ` until ${spokenDate(offer.validTo)}`
  const description = offer.description.trim() === '' ? '' : ` ${offer.description.trim().replace(/[.!]?$/, '.')}`
  return `Ask about our ${offer.name} package${until}: ${dollars(offer.pricePerAdultCents)} per adult, ${dollars(offer.pricePerChildCents)} per child.${description}`
}

type Detail = 'number of guests' | 'date' | 'city or ZIP code'

function missingDetails(entities: AgentEntities, quote: Quote | undefined): Detail[] {
  const missing: Detail[] = []
  if (entities.guestCount === null) missing.push('number of guests')
  if (entities.date === null) missing.push('date')
  // A place we could not find counts as missing: we need a ZIP to price travel.
  if (quote === undefined ? entities.location === null && entities.zip === null : quote.distanceMiles === null) {
    missing.push('city or ZIP code')
  }
  return missing
}

function questionFor(detail: Detail): string {
  switch (detail) {
    case 'number of guests':
      return 'How many guests are you expecting?'
    case 'date':
      return 'What date are you thinking of?'
    case 'city or ZIP code':
      return 'What city or ZIP code will the party be in?'
  }
}

function quoteSentence(quote: Quote, entities: AgentEntities, settings: Settings): string {
  const guests = guestPhrase(quote.adults, quote.kids)
  const place = entities.location ?? entities.zip
  const food = dollars(quote.subtotalCents)
  const minimum = quote.subtotalCents > quote.adults * settings.adultPriceCents + quote.kids * settings.childPriceCents
  const foodText = minimum ? `${food} (our party minimum)` : food
  if (quote.declined) {
    return `Sorry, ${place ?? 'that location'} is about ${quote.distanceMiles} miles from us, beyond our ${settings.serviceAreaMiles}-mile service area, so we can't quote it by text. Please call us at ${spokenPhone(settings.contactPhone)} and we'll see what we can do.`
  }
  if (quote.totalCents === null || quote.travelFeeCents === null) {
    const unknownPlace = place === null ? '' : ` I couldn't place ${place} on our map, so I can't price travel yet.`
    return `For ${guests}, the food comes to ${foodText}. Travel is free within ${settings.travelFreeMiles} miles of ${settings.baseLocation.city}, then ${dollars(settings.travelCentsPerMile)} per mile.${unknownPlace}`
  }
  const about =
    quote.distanceMiles === 0
      ? "we're based there"
      : `${quote.distanceIsEstimate ? 'about ' : ''}${quote.distanceMiles} miles from us`
  const where = place === null ? '' : ` in ${place}`
  if (quote.travelFeeCents === 0) {
    return `For ${guests}${where}, it's ${foodText} with no travel fee (${about}).`
  }
  return `For ${guests}${where}, it's ${foodText} plus ${dollars(quote.travelFeeCents)} travel (${about}), ${dollars(quote.totalCents)} in total.`
}

function quoteSuggestion(quote: Quote, settings: Settings): AgentSuggestion {
  const lines = [`Food: ${dollars(quote.subtotalCents)}`]
  if (quote.declined) lines.push(`Declined: ${quote.reason ?? 'outside the service area'}`)
  else if (quote.travelFeeCents === null) lines.push('Travel: location unknown')
  else lines.push(`Travel: ${dollars(quote.travelFeeCents)} (${quote.distanceMiles} mi${quote.distanceIsEstimate ? ', estimated' : ''})`)
  if (quote.totalCents !== null) {
    lines.push(`Total: ${dollars(quote.totalCents)}`, `Deposit: ${dollars(depositForBooking(quote.totalCents, settings))}`)
  }
  return { kind: 'quote', title: `Quote: ${guestPhrase(quote.adults, quote.kids)}`, text: lines.join('\n') }
}

function nextStep(title: string, text: string): AgentSuggestion {
  return { kind: 'next_step', title, text: text.slice(0, 2000) }
}

/** A few words that match the customer's tone; direct customers get straight to the point. */
function opener(tone: Tone): string {
  switch (tone) {
    case 'anxious':
      return "No worries, we'll take good care of you. "
    case 'formal':
      return 'Thank you for reaching out. '
    case 'warm':
      return 'Thank you so much! '
    case 'casual':
      return 'Hey! '
    case 'direct':
      return ''
  }
}

function joinWithOr(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`
}

function joinWithAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
}

