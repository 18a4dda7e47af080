import type { Settings } from '../schemas/settings'
import type { FaqEntry } from './agent-brain'
import type { MessageReader } from './message-reader'
import { dollars, spokenPhone, spokenTime } from './reply-format'

export interface Answer {
  question: string
  answer: string
}

/**
 * Answers the rules brain can give from the business profile alone, so they stay right when
 * the owner changes prices. Matched by topic words in the customer's message.
 */
function profileAnswers(settings: Settings): { topic: RegExp; question: string; answer: string }[] {
  const { min, max } = settings.childAgeRange
  return [
    {
      topic: /\b(?:price|prices|pricing|cost|how much|per (?:person|head|guest)|rates?)\b/,
      question: 'How much does it cost?',
      answer: `${dollars(settings.adultPriceCents)} per adult and ${dollars(settings.childPriceCents)} per child (ages ${min}–${max}), with a ${dollars(settings.partyMinimumCents)} party minimum.`,
    },
    {
      topic: /\b(?:kids?|child|children|ages?|toddlers?)\b/,
      question: 'How are children priced?',
      answer: `Children ${min}–${max} are ${dollars(settings.childPriceCents)} each; adults are ${dollars(settings.adultPriceCents)}.`,
    },
    {
      topic: /\bminimum\b/,
      question: 'Is there a minimum?',
      answer: `Yes, the party minimum is ${dollars(settings.partyMinimumCents)}.`,
    },
    {
      topic: /\bdeposit\b/,
      question: 'Is there a deposit?',
      answer: `A ${dollars(settings.depositCents)} deposit holds your date; the balance is due on the day.`,
    },
    {
      topic: /\b(?:travel|service area|come to|drive|how far|far away|distance|do you go)\b/,
      question: 'Do you travel to us?',
      answer: `We come to you: travel is free within ${settings.travelFreeMiles} miles of ${settings.baseLocation.city}, then ${dollars(settings.travelCentsPerMile)} per mile, up to ${settings.serviceAreaMiles} miles.`,
    },
    {
      topic: /\b(?:what times?|start times?|time slots?|what hours|how early|how late|lunch or dinner)\b/,
      question: 'What times can we book?',
      answer:
        settings.timeSlots.length === 0
          ? 'We schedule each party individually.'
          : `Parties start at ${settings.timeSlots.map((slot) => `${spokenTime(slot.start)} (${slot.name.toLowerCase()})`).join(' or ')}.`,
    },
    {
      topic: /\b(?:contact|phone number|email|call you)\b/,
      question: 'How do I reach you?',
      answer: `Call us at ${spokenPhone(settings.contactPhone)} or email ${settings.contactEmail}.`,
    },
  ]
}

/** The question topics the profile alone can answer when the owner wrote no FAQ for them. */
const profileTopics: Readonly<Record<string, string>> = {
  kids: 'How are children priced?',
  deposit: 'Is there a deposit?',
  travel: 'Do you travel to us?',
}

const topicCache = new WeakMap<MessageReader, Map<string, ReadonlyMap<string, number>>>()

/**
 * How strongly an owner-written FAQ is about each question topic (`rain`, `deposit` …), read by
 * the same classifier as the customers' questions, so a question finds its answer by meaning and
 * not only by keyword ("what if it's pouring?" finds "What happens in bad weather?").
 */
export function faqTopicScores(entry: Pick<FaqEntry, 'question' | 'keywords'>, reader: MessageReader): ReadonlyMap<string, number> {
  let cache = topicCache.get(reader)
  if (cache === undefined) {
    cache = new Map()
    topicCache.set(reader, cache)
  }
  const key = `${entry.question}\u0000${entry.keywords.join(',')}`
  const cached = cache.get(key)
  if (cached !== undefined) return cached
  const message = reader.prepare(`${entry.question} ${entry.keywords.join(', ')}`)
  const ranking = reader.classify(message, { hasGuestCount: false, hasDate: false, hasPlace: false, isQuestion: true })
  const topics = ranking.filter((label) => label.label.startsWith('faq.') && label.label !== 'faq.other')
  // Only the entry's two strongest topics count: a menu answer is not also a weak rain answer.
  const scores = new Map(topics.slice(0, 2).filter((label) => label.score >= 0.15).map((label) => [label.label.slice(4), label.score]))
  cache.set(key, scores)
  return scores
}

/** The topic an owner-written FAQ is most about, or null. */
export function faqTopicOf(entry: Pick<FaqEntry, 'question' | 'keywords'>, reader: MessageReader): string | null {
  const [best] = [...faqTopicScores(entry, reader)].sort((a, b) => b[1] - a[1])
  return best?.[0] ?? null
}

/** The owner's answers for the topics asked, in the order asked, with profile facts for the rest. */
export function answersForTopics(topics: readonly string[], settings: Settings, faqs: readonly FaqEntry[], reader: MessageReader): Answer[] {
  const answers: Answer[] = []
  const profile = profileAnswers(settings)
  for (const topic of topics) {
    let entry: FaqEntry | undefined
    let bestScore = 0
    for (const candidate of faqs) {
      const score = faqTopicScores(candidate, reader).get(topic) ?? 0
      if (score > bestScore) {
        entry = candidate
        bestScore = score
      }
    }
    if (entry !== undefined) {
      answers.push({ question: entry.question, answer: entry.answer })
      continue
    }
    const fromProfile = profile.find((answer) => answer.question === profileTopics[topic])
    if (fromProfile !== undefined) answers.push({ question: fromProfile.question, answer: fromProfile.answer })
  }
  return answers
}

/** Every answer that fits the message by its words: owner-written FAQs first, then profile facts. */
export function findAnswers(text: string, settings: Settings, faqs: readonly FaqEntry[]): Answer[] {
  const lower = text.toLowerCase().replace(/[’‘]/g, "'")
  const fromFaqs = faqs
    .filter((entry) => entry.keywords.some((keyword) => keyword.length > 0 && containsPhrase(lower, keyword.toLowerCase())))
    .map(({ question, answer }) => ({ question, answer }))
  const fromProfile = profileAnswers(settings)
    .filter((entry) => entry.topic.test(lower))
    .map(({ question, answer }) => ({ question, answer }))
  return [...fromFaqs, ...fromProfile]
}

/** Whole words only: the keyword "room" is not in "bathroom". */
function containsPhrase(text: string, phrase: string): boolean {
  const index = text.indexOf(phrase)
  if (index < 0) return false
  return new RegExp(`(?:^|[^a-z0-9])${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:$|[^a-z0-9])`).test(text)
}
