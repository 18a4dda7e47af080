/**
 * Trains the agent's intent model from corpus entries, through the same reading the rules brain
 * does (normalised words, negation, entity signals), so training and answering see the same features.
 */
import type { TrainingExample } from '../../../src/domain/agent/intent-classifier'
import { messageFeatures, trainIntentModel } from '../../../src/domain/agent/intent-classifier'
import { englishWords, isCommonWord, prepareMessage, vocabularyOf, withRuleReading, type AgentModel } from '../../../src/domain/agent/message-reader'
import { extractEntities, type ExtractionContext } from '../../../src/domain/agent/entities'
import { tokenizeWords } from '../../../src/domain/agent/message-words'
import { classifierLabel, corpusNow, isTrainingEntry, type CorpusEntry } from './corpus'

/** Extra examples for the owner's own FAQ wording: each topic's question phrased as a heading. */
export function trainAgentModel(entries: readonly CorpusEntry[], context: Omit<ExtractionContext, 'now'>): AgentModel {
  const training = entries.filter(isTrainingEntry)
  const vocabulary = vocabularyOf(training.flatMap((entry) => tokenizeWords(entry.turns[0]!.text.toLowerCase())))
  const knownWords = new Set([...englishWords(), ...vocabulary])
  const examples: TrainingExample[] = training.map((entry) => ({
    features: featuresOf(entry.turns[0]!.text, knownWords, context),
    label: classifierLabel(entry),
  }))
  return { classifier: trainIntentModel(examples), vocabulary }
}

function featuresOf(text: string, knownWords: ReadonlySet<string>, context: Omit<ExtractionContext, 'now'>): Record<string, number> {
  const message = prepareMessage(text, knownWords)
  const { entities } = extractEntities(message.text, { ...context, now: new Date(corpusNow), isCommonWord })
  return messageFeatures(
    message.lower,
    message.negated,
    withRuleReading(message, {
      hasGuestCount: entities.guestCount !== null,
      hasDate: entities.date !== null,
      hasPlace: entities.location !== null || entities.zip !== null,
      isQuestion: text.includes('?'),
    }),
  )
}
