import type { DistanceEstimator } from '../geo/distance-estimator'
import { activePackages } from '../knowledge/active-packages'
import { freeSlots, slotAvailability, type SlotAvailability } from '../knowledge/slot-availability'
import type { PlaceDirectory } from '../geo/place-directory'
import { depositForBooking } from '../pricing/deposit'
import { buildQuote, type Quote, type QuoteDistance } from '../pricing/quote'
import type { Package } from '../schemas/packages'
import type { Settings } from '../schemas/settings'
import type { AgentBrain, AgentInput } from './agent-brain'
import type { AgentEntities, AgentResult, AgentSuggestion, Channel, Intent, Tone } from './agent-result'
import { emptyEntities, extractEntities, type ExtractionContext } from './entities'
import { findHumanRequest, mentionsAllergy } from './escalation'
import { businessToday } from './event-date'
import { detectIntent } from './intent'
import { dollars, guestPhrase, spokenDate, spokenPhone, spokenTime } from './reply-format'
import { smsKeyword } from './sms-keywords'
import { findAnswers, type Answer } from './standard-answers'
import { detectTone } from './tone'

export interface RulesBrainDependencies {
  distance: DistanceEstimator
  /** Confirms city names in messages; null falls back to capitalised words. */
  places: PlaceDirectory | null
}

/** The embedded brain: deterministic, offline, and the default when no model is configured. */
export function createRulesBrain(dependencies: RulesBrainDependencies): AgentBrain {
  return {
    name: 'rules',
    respond: (input) => respondByRules(input, dependencies),
  }
}

/** Intents that only a person can complete; the reply acknowledges and hands over. */
const handOverReasons: Partial<Record<Intent, string>> = {
  complaint: 'Complaint: the customer needs a person to make it right.',
  cancel: 'Cancellation request: check the booking and the deposit policy.',
  reschedule: 'Reschedule request: check the booking and the calendar.',
  payment: "Payment question: check the booking's payments.",
}

async function respondByRules(input: AgentInput, dependencies: RulesBrainDependencies): Promise<AgentResult> {
  const now = new Date(input.now)
  if (Number.isNaN(now.getTime())) throw new RangeError(`"now" is not a valid instant: ${input.now}`)
  const customerTurnIndexes = input.turns.flatMap((turn, index) => (turn.role === 'customer' ? [index] : []))
  const lastIndex = customerTurnIndexes.at(-1)
  if (lastIndex === undefined) throw new RangeError('The conversation has no customer message to answer.')

  const { settings, faqs } = input.knowledge
  const context: ExtractionContext = {
    now,
    timeZone: settings.timeZone,
    places: dependencies.places,
    defaultState: settings.baseLocation.state,
  }
  const text = input.turns[lastIndex]!.text
  const understood = understandConversation(input, customerTurnIndexes, context)
  const { entities, locationState } = understood
  const intent = understood.intent
  const tone = detectTone(text)
  const quote = entities.guestCount === null ? undefined : await quoteFor(entities, locationState, settings, dependencies)
  const keyword = input.channel === 'sms' ? smsKeyword(text) : null

  const compose: Composition = { reply: '', suggestions: [], escalationReason: null }
  if (intent === 'opt_out') {
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
    // Only with the calendar at hand can the brain say what is free; otherwise a person checks.
    const bookings = input.knowledge.bookings
    const availability =
      bookings === undefined || entities.date === null || entities.date < today ? null : slotAvailability(entities.date, bookings, settings)
    composeAnswer(compose, { text, intent, tone, entities, quote, settings, faqs, channel: input.channel, offers, availability })
  }
  const result: AgentResult = {
    intent,
    tone,
    entities,
    escalate: compose.escalationReason !== null,
    escalationReason: compose.escalationReason,
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
}

/**
 * Details accumulate over the conversation (the guest count in one text, the city in the next);
 * the intent is the latest message's, unless that message only added details.
 */
function understandConversation(
  input: AgentInput,
  customerTurnIndexes: readonly number[],
  context: ExtractionContext,
): Understanding {
  const phrases = input.knowledge.settings.escalationPhrases
  let entities: AgentEntities = emptyEntities
  let locationState: string | null = null
  let intent: Intent = 'other'
  for (const index of customerTurnIndexes) {
    const text = input.turns[index]!.text
    const previous = input.turns[index - 1]
    const expectingPlace = previous?.role === 'agent' && /\b(?:where|city|zip)\b/i.test(previous.text)
    const extracted = extractEntities(text, { ...context, expectingPlace })
    const turnEntities = answerToHowMany(extracted.entities, text, previous)
    const turnIntent = detectIntent(text, { channel: input.channel, escalationPhrases: phrases, entities: turnEntities })
    // A turn that only answers our question ("25", "San Jose") keeps the conversation's intent.
    const saidOnlyDetails =
      detectIntent(text, { channel: input.channel, escalationPhrases: phrases, entities: emptyEntities }) === 'other' &&
      JSON.stringify(turnEntities) !== JSON.stringify(emptyEntities)
    if (!saidOnlyDetails || intent === 'other') intent = turnIntent
    if (turnEntities.location !== null || turnEntities.zip !== null) locationState = extracted.locationState
    entities = mergeEntities(entities, turnEntities)
  }
  return { intent, entities, locationState }
}

/** "25" in reply to "How many guests?" is a guest count. */
function answerToHowMany(
  entities: AgentEntities,
  text: string,
  previousTurn: AgentInput['turns'][number] | undefined,
): AgentEntities {
  if (entities.guestCount !== null || previousTurn?.role !== 'agent') return entities
  if (!/\bhow many\b/i.test(previousTurn.text)) return entities
  const bare = /^\D{0,20}?\b(\d{1,3})\b\D{0,20}$/.exec(text.trim())
  if (bare === null) return entities
  return { ...entities, guestCount: Number(bare[1]) }
}

function mergeEntities(earlier: AgentEntities, later: AgentEntities): AgentEntities {
  const countsChanged = later.guestCount !== null
  const placeChanged = later.location !== null || later.zip !== null
  return {
    adults: countsChanged ? later.adults : earlier.adults,
    kids: countsChanged ? later.kids : earlier.kids,
    guestCount: countsChanged ? later.guestCount : earlier.guestCount,
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
  const adults = entities.adults ?? (entities.kids === null ? entities.guestCount! : 0)
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

interface Composition {
  reply: string
  suggestions: AgentSuggestion[]
  escalationReason: string | null
}

interface AnswerContext {
  text: string
  intent: Intent
  tone: Tone
  entities: AgentEntities
  quote: Quote | undefined
  settings: Settings
  faqs: AgentInput['knowledge']['faqs']
  channel: Channel
  /** Packages that may be offered today (never an expired one). */
  offers: readonly Package[]
  /** The time slots on the date asked about, when the bookings are known. */
  availability: SlotAvailability[] | null
}

function composeAnswer(compose: Composition, context: AnswerContext): void {
  const { text, intent, settings, quote, entities } = context
  const humanPhrase = findHumanRequest(text, settings.escalationPhrases)
  const answers = findAnswers(text, settings, context.faqs)
  if (quote !== undefined) compose.suggestions.push(quoteSuggestion(quote, settings))
  for (const answer of answers) compose.suggestions.push({ kind: 'faq', title: answer.question, text: answer.answer })

  if (intent === 'human_request') {
    compose.escalationReason = `The customer asked for a person ("${humanPhrase ?? 'person'}").`
    compose.reply =
      context.channel === 'voice'
        ? 'Of course. Let me connect you with a member of our team.'
        : "Of course. I'm passing you to a member of our team; they'll be in touch shortly."
    compose.suggestions.push(nextStep('Take over', 'The customer wants a person: call or reply to them now.'))
    return
  }
  const handOver = handOverReasons[intent]
  if (handOver !== undefined) {
    compose.escalationReason = handOver
    compose.reply = handOverReply(intent, entities, settings)
    compose.suggestions.push(nextStep('Follow up', handOver))
    return
  }
  if (mentionsAllergy(text)) {
    compose.escalationReason = 'Allergy or dietary safety question: a person must answer it.'
    compose.reply = `${opener(context.tone)}Thanks for telling us. Our team will confirm how we handle that allergy and get right back to you.`
    compose.suggestions.push(nextStep('Answer the allergy question', 'Confirm ingredients and cross-contact with the chef before replying.'))
    return
  }
  if (intent === 'booking_inquiry' || intent === 'pricing' || intent === 'availability') {
    composeEventAnswer(compose, context, answers)
    return
  }
  if (intent === 'faq') {
    if (answers.length > 0) {
      compose.reply = `${opener(context.tone)}${answers.map((answer) => answer.answer).join(' ')}`
      return
    }
    compose.escalationReason = 'No confident answer to the question: a person should reply.'
    compose.reply = `${opener(context.tone)}Good question. Let me check with our team and get back to you shortly.`
    compose.suggestions.push(nextStep('Answer the question', text))
    return
  }
  // intent "other"
  if (/^\s*(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening))\b[\s!.,]*(?:there)?[\s!.]*$/i.test(text)) {
    compose.reply = `Hi! This is ${settings.businessName}. Are you planning a hibachi party? Tell me the date, city and number of guests and I'll get you a quote.`
    return
  }
  if (/^\s*(?:thanks|thank you|thx|ty|ok|okay|great|perfect|sounds good|cool)\b[\s!.,]*(?:so much|!)*\s*$/i.test(text)) {
    compose.reply = "You're welcome! Just reply here if there's anything else."
    return
  }
  // Praise with no question needs a thank-you, not a person; staff still see it in the thread.
  if (!text.includes('?') && /\b(?:thank you|thanks|loved|love|amazing|awesome|great job|wonderful)\b/i.test(text)) {
    compose.reply = "Thank you so much for the kind words! We'd love to cook for you again anytime."
    return
  }
  if (quote !== undefined || entities.date !== null || entities.location !== null) {
    composeEventAnswer(compose, context, answers)
    return
  }
  compose.escalationReason = 'Could not tell what the customer needs.'
  compose.reply = `${opener(context.tone)}Thanks for your message. Someone from our team will follow up shortly.`
  compose.suggestions.push(nextStep('Read and reply', text))
}

/** Booking, pricing and availability: quote what we can and ask for what is missing. */
function composeEventAnswer(compose: Composition, context: AnswerContext, answers: readonly Answer[]): void {
  const { entities, quote, settings, intent } = context
  const sentences: string[] = []
  if (quote === undefined) {
    sentences.push(
      `We're ${dollars(settings.adultPriceCents)} per adult and ${dollars(settings.childPriceCents)} per child (${settings.childAgeRange.min}–${settings.childAgeRange.max}), with a ${dollars(settings.partyMinimumCents)} party minimum.`,
    )
  } else {
    sentences.push(quoteSentence(quote, entities, settings))
  }
  const extraAnswers = answers.filter((answer) => !/cost|children priced|minimum/i.test(answer.question))
  for (const answer of extraAnswers.slice(0, 1)) sentences.push(answer.answer)

  if (quote?.declined === true) {
    compose.escalationReason = `Outside the service area (about ${quote.distanceMiles} miles): offer a call.`
    compose.suggestions.push(nextStep('Call the customer', 'The event is beyond the service area; the owner may still take it.'))
    compose.reply = `${opener(context.tone)}${sentences.join(' ')}`
    return
  }
  const offer = intent === 'pricing' || intent === 'booking_inquiry' ? context.offers[0] : undefined
  if (offer !== undefined) {
    sentences.push(packageSentence(offer))
    compose.suggestions.push({ kind: 'reply', title: `Offer the ${offer.name} package`, text: packageSentence(offer) })
  }
  const { availability } = context
  if (intent === 'availability' && entities.date !== null) {
    if (availability === null) {
      sentences.unshift(`Let me check ${spokenDate(entities.date)} for you.`)
    } else if (freeSlots(availability).length === 0) {
      // A full date is the owner's call: they may squeeze a party in or suggest another day.
      compose.escalationReason =
        availability.length === 0
          ? `Availability for ${entities.date}: no time slots are set up, so a person checks the calendar.`
          : `${entities.date} is fully booked: a person should offer another date.`
      compose.suggestions.push(nextStep('Offer another date', `${spokenDate(entities.date)} is full; suggest a nearby date.`))
      compose.reply = `${opener(context.tone)}Sorry, ${spokenDate(entities.date)} is fully booked. Our team will get back to you shortly with the nearest open dates.`
      return
    } else {
      sentences.unshift(availabilitySentence(entities.date, availability))
    }
  }
  const missing = missingDetails(entities, quote)
  if (missing.length > 0) {
    sentences.push(missing.length === 1 ? questionFor(missing[0]!) : `Could you tell me the ${joinWithAnd(missing)}?`)
    compose.reply = `${opener(context.tone)}${sentences.join(' ')}`
    if (intent === 'availability' && entities.date !== null && availability === null) {
      compose.escalationReason = `Availability for ${entities.date} needs a calendar check.`
      compose.suggestions.push(nextStep('Check the calendar', `Is ${spokenDate(entities.date)} open?`))
    }
    return
  }
  // Everything needed to book is known: a person confirms the date and takes the deposit.
  const date = entities.date!
  const when = entities.time === null ? spokenDate(date) : `${spokenDate(date)} at ${spokenTime(entities.time)}`
  const deposit = dollars(depositForBooking(quote!.totalCents ?? quote!.subtotalCents, settings))
  sentences.push(`I'll have our team confirm ${when} is open and send you a ${deposit} deposit link to hold it.`)
  compose.escalationReason = `Ready to book: confirm ${date} is available and send the deposit link.`
  compose.suggestions.push(nextStep('Confirm and send deposit link', `Check ${when}; if open, send the ${deposit} deposit link.`))
  compose.reply = `${opener(context.tone)}${sentences.join(' ')}`
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
    return `Sorry, ${place ?? 'that location'} is about ${quote.distanceMiles} miles from us, beyond our ${settings.serviceAreaMiles}-mile service area. Please call us at ${spokenPhone(settings.contactPhone)} and we'll see what we can do.`
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

function handOverReply(intent: Intent, entities: AgentEntities, settings: Settings): string {
  switch (intent) {
    case 'complaint':
      return "I'm very sorry to hear that. I've passed this to our team and someone will contact you shortly to make it right."
    case 'cancel':
      return "I'm sorry your plans changed. I've passed your cancellation request to our team; someone will confirm the details with you shortly."
    case 'reschedule':
      return `No problem. I've asked our team to look at moving your booking${entities.date === null ? '' : ` to ${spokenDate(entities.date)}`}; they'll confirm shortly.`
    default:
      return `Thanks! Our team will check your booking's payments and get back to you shortly. You can also reach us at ${spokenPhone(settings.contactPhone)}.`
  }
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
