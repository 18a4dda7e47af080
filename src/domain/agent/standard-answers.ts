import type { Settings } from '../schemas/settings'
import type { FaqEntry } from './agent-brain'
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

/** Every answer that fits the message: owner-written FAQs first, then profile facts. */
export function findAnswers(text: string, settings: Settings, faqs: readonly FaqEntry[]): Answer[] {
  const lower = text.toLowerCase().replace(/[’‘]/g, "'")
  const fromFaqs = faqs
    .filter((entry) => entry.keywords.some((keyword) => keyword.length > 0 && lower.includes(keyword.toLowerCase())))
    .map(({ question, answer }) => ({ question, answer }))
  const fromProfile = profileAnswers(settings)
    .filter((entry) => entry.topic.test(lower))
    .map(({ question, answer }) => ({ question, answer }))
  return [...fromFaqs, ...fromProfile]
}
