/**
 * Reads one customer message the way the agent needs it: shorthand and typos put right
 * (`message-words`), what is negated (`negation`), whether it is in a language we answer
 * (`language-check`), and the intent classifier's ranking of labels (`intent-classifier`).
 * Entities are read by `entities` from the normalised text in between, because the classifier
 * also weighs whether a guest count, a date or a place was given.
 */
import nlp from 'compromise'
import { detectIntent, intentCues } from './intent'
import { checkLanguage, type LanguageCheck } from './language-check'
import { loadIntentClassifier, messageFeatures, type IntentClassifier, type IntentModel, type LabelScore, type MessageSignals } from './intent-classifier'
import { correctSpelling, domainWords, isShorthand, normalizeMessage, tokenizeWords } from './message-words'
import { negatedSpans, type TextSpan } from './negation'

/** The trained model file: the classifier's weights and the corpus's vocabulary (words never "corrected"). */
export interface AgentModel {
  classifier: IntentModel
  vocabulary: string[]
}

export interface PreparedMessage {
  /** As written. */
  original: string
  /** Shorthand spelled out and typos corrected; words not changed keep their case. */
  text: string
  /** `text` in lower case (same length). */
  lower: string
  words: string[]
  /** Spans of `text` under a negation. */
  negated: TextSpan[]
  language: LanguageCheck
}

export interface MessageReader {
  prepare(text: string): PreparedMessage
  /** An ordinary English word (not a name or a place), for the entity readers. */
  isCommonWord(word: string): boolean
  /** Labels best first; `faq.<topic>` labels are questions about a topic. */
  classify(message: PreparedMessage, signals: MessageSignals): LabelScore[]
  /** The same for a part of a prepared message (one clause of several questions). */
  classifyPart(message: PreparedMessage, start: number, end: number): LabelScore[]
  /** Words treated as correctly spelt English. */
  readonly knownWords: ReadonlySet<string>
}

let lexicon: ReadonlySet<string> | null = null

/** compromise's lexicon: word → its tag or tags. */
function compromiseLexicon(): Record<string, string | string[] | undefined> {
  return (nlp.world() as { model: { one: { lexicon: Record<string, string | string[] | undefined> } } }).model.one.lexicon
}

/** compromise's English lexicon plus the words customers write to us. */
export function englishWords(): ReadonlySet<string> {
  lexicon ??= new Set([...Object.keys(compromiseLexicon()), ...domainWords])
  return lexicon
}

const nameTags = new Set(['City', 'Place', 'ProperNoun', 'Country', 'Region', 'MaleName', 'FemaleName', 'LastName', 'FirstName', 'Person'])

/** A word compromise's lexicon knows as something other than a name or a place. */
export function isCommonWord(word: string): boolean {
  const tags = compromiseLexicon()[word]
  if (tags === undefined) return false
  return !(Array.isArray(tags) ? tags : [tags]).some((tag) => nameTags.has(tag))
}

/** The corpus words worth protecting from correction: those that are not a near-miss of a domain word. */
export function vocabularyOf(words: Iterable<string>): string[] {
  const known = englishWords()
  const kept = new Set<string>()
  for (const word of words) {
    if (!/^[a-z][a-z']*$/.test(word)) continue
    const corrected = correctSpelling(word, known, domainWords)
    if (corrected === null || corrected === word) kept.add(word)
  }
  return [...kept].sort()
}

export function createMessageReader(model: AgentModel): MessageReader {
  const knownWords = new Set([...englishWords(), ...model.vocabulary])
  const classifier: IntentClassifier = loadIntentClassifier(model.classifier)
  return {
    knownWords,
    isCommonWord,
    prepare: (text) => prepareMessage(text, knownWords),
    classify: (message, signals) => classifier.classify(messageFeatures(message.lower, message.negated, withRuleReading(message, signals))),
    classifyPart(message, start, end) {
      const negated = message.negated
        .map((span) => ({ start: Math.max(span.start, start) - start, end: Math.min(span.end, end) - start }))
        .filter((span) => span.end > span.start)
      const part: PreparedMessage = { ...message, text: message.text.slice(start, end), lower: message.lower.slice(start, end), negated }
      const signals = { hasGuestCount: false, hasDate: false, hasPlace: false, isQuestion: true }
      return classifier.classify(messageFeatures(part.lower, part.negated, withRuleReading(part, signals)))
    },
  }
}

/** Adds what the hand-written rules read in the message, as features for the classifier. */
export function withRuleReading(message: PreparedMessage, signals: MessageSignals): MessageSignals {
  const ruleIntent = detectIntent(message.text, {
    channel: 'voice',
    escalationPhrases: [],
    entities: { guestCount: signals.hasGuestCount ? 1 : null, date: signals.hasDate ? 'given' : null },
    negated: message.negated,
  })
  return { ...signals, ruleIntent, cues: intentCues(message.lower) }
}

export function prepareMessage(text: string, knownWords: ReadonlySet<string>): PreparedMessage {
  const normalized = normalizeMessage(text, knownWords)
  const lower = normalized.text.toLowerCase()
  return {
    original: text,
    text: normalized.text,
    lower,
    words: normalized.words,
    negated: negatedSpans(normalized.text),
    // The words as written too: spelling correction turns "opciones" into "options".
    language: checkLanguage(text, normalized.words, knownWords, { words: tokenizeWords(text.toLowerCase()), isShorthand }),
  }
}
