/**
 * The intent classifier: an NLP.js neural network (one perceptron per label over word stems)
 * trained from the labelled corpus (`npm run train:agent` writes `intent-model.json`). Labels are
 * the contract's intents, with questions split by topic (`faq.rain`, `faq.deposit` …) so the
 * same model also says which stored answer a question wants.
 */
import { NeuralNetwork, type NeuralNetworkJson } from '@nlpjs/neural'
import { conceptsIn } from './concepts'
import { stemOf } from './message-words'
import type { TextSpan } from './negation'

export type IntentModel = NeuralNetworkJson

export interface LabelScore {
  label: string
  score: number
}

/** What the classifier reads besides the words: cheap signals from the entity readers. */
export interface MessageSignals {
  hasGuestCount: boolean
  hasDate: boolean
  hasPlace: boolean
  isQuestion: boolean
  /** The rule-based reading (`detectIntent`) and the phrase groups it found (`intentCues`). */
  ruleIntent?: string
  cues?: readonly string[]
}

/** Features of one normalised message: stems, negated stems, each sentence's first word, the ideas it expresses (`concepts`) and signals. */
export function messageFeatures(normalizedText: string, negated: readonly TextSpan[], signals: MessageSignals): Record<string, number> {
  const features: Record<string, number> = {}
  let previous: string | null = null
  for (const match of normalizedText.matchAll(/[a-z][a-z']*|\d+|[.!?,;]/g)) {
    if (/^[.!?,;]$/.test(match[0])) {
      previous = null
      continue
    }
    const raw = match[0].replace(/'s$/, '')
    const words = raw.endsWith("n't") ? [raw.slice(0, -3) || raw, 'not'] : [raw]
    for (const word of words) {
      const stem = /^\d+$/.test(word) ? '#number' : stemOf(word.replace(/'/g, ''))
      if (stem.length === 0) continue
      const start = match.index
      const isNegated = negated.some((span) => start >= span.start && start < span.end)
      const feature = isNegated ? `not_${stem}` : stem
      features[feature] = 1
      // How a sentence opens ("how …", "can …", "pls …") says much about what it asks.
      if (previous === null) features[`#first:${feature}`] = 1
      previous = feature
    }
  }
  for (const concept of conceptsIn(normalizedText)) features[`#concept:${concept}`] = 1
  if (signals.hasGuestCount) features['#guests'] = 1
  if (signals.hasDate) features['#date'] = 1
  if (signals.hasPlace) features['#place'] = 1
  if (signals.isQuestion) features['#question'] = 1
  if (signals.ruleIntent !== undefined) features[`#rule:${signals.ruleIntent}`] = 1
  for (const cue of signals.cues ?? []) features[`#cue:${cue}`] = 1
  return features
}

export interface IntentClassifier {
  /** Every label with its score, best first. */
  classify(features: Record<string, number>): LabelScore[]
  /** The labels it can give. */
  readonly labels: readonly string[]
}

export function loadIntentClassifier(model: IntentModel): IntentClassifier {
  const network = new NeuralNetwork()
  network.fromJSON(model)
  return {
    labels: model.intents,
    classify(features) {
      const scores = network.run(features) ?? {}
      return Object.entries(scores)
        .map(([label, score]) => ({ label, score }))
        .sort((a, b) => b.score - a.score || a.label.localeCompare(b.label))
    },
  }
}

export interface TrainingExample {
  features: Record<string, number>
  label: string
}

/** Trains a classifier; deterministic for the same examples in the same order. */
export function trainIntentModel(examples: readonly TrainingExample[]): IntentModel {
  const network = new NeuralNetwork({ iterations: 2000 })
  network.train(examples.map((example) => ({ input: example.features, output: { [example.label]: 1 } })))
  return network.toJSON()
}
