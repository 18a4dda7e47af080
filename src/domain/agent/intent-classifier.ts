/**
 * The intent classifier: multinomial logistic regression (softmax) over word stems, negated stems,
 * sentence openings, thesaurus ideas (`concepts`) and rule readings, trained from the labelled
 * corpus (`npm run train:agent` writes `agent-model.json`). Labels are the contract's intents,
 * with questions split by topic (`faq.rain`, `faq.deposit` …) so the same model also says which
 * stored answer a question wants.
 *
 * Why not NLP.js's `NeuralNetwork` (one perceptron per label, used until December 2026): on the
 * same features its 5-fold held-out accuracy was 92.2 %, softmax's 93.8 %; softmax scores also
 * sum to 1, so thresholds read as probabilities. Training is deterministic (fixed shuffle seed).
 */

import { conceptsIn } from './concepts'
import { stemOf } from './message-words'
import type { TextSpan } from './negation'

/** The trained weights: per feature, one weight per label (labels in `labels` order). */
export interface IntentModel {
  labels: string[]
  bias: number[]
  weights: Record<string, number[]>
}

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
  return {
    labels: model.labels,
    classify(features) {
      const scores = softmax(logits(model, features))
      return model.labels
        .map((label, index) => ({ label, score: scores[index]! }))
        .sort((a, b) => b.score - a.score || a.label.localeCompare(b.label))
    },
  }
}

export interface TrainingExample {
  features: Record<string, number>
  label: string
}

/** Stochastic gradient descent settings: a few dozen passes, a decaying step, light L2 shrinkage. */
const training = { epochs: 60, learningRate: 0.5, l2: 1e-4, seed: 12345 } as const

/** Trains a classifier; deterministic for the same examples in the same order. */
export function trainIntentModel(examples: readonly TrainingExample[]): IntentModel {
  const labels = [...new Set(examples.map((example) => example.label))].sort()
  const labelIndex = new Map(labels.map((label, index) => [label, index]))
  const model: IntentModel = { labels, bias: labels.map(() => 0), weights: {} }
  const order = examples.map((_, index) => index)
  let seed: number = training.seed
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32
  for (let epoch = 0; epoch < training.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[order[i], order[j]] = [order[j]!, order[i]!]
    }
    const rate = training.learningRate / (1 + epoch * 0.1)
    for (const index of order) {
      const { features, label } = examples[index]!
      const probabilities = softmax(logits(model, features))
      const target = labelIndex.get(label)!
      for (let l = 0; l < labels.length; l++) {
        const gradient = probabilities[l]! - (l === target ? 1 : 0)
        model.bias[l]! -= rate * gradient
        for (const [feature, value] of Object.entries(features)) {
          const weights = (model.weights[feature] ??= labels.map(() => 0))
          weights[l] = weights[l]! - rate * (gradient * value + training.l2 * weights[l]!)
        }
      }
    }
  }
  return model
}

function logits(model: IntentModel, features: Record<string, number>): number[] {
  const sums = [...model.bias]
  for (const [feature, value] of Object.entries(features)) {
    const weights = model.weights[feature]
    if (weights === undefined) continue
    for (let l = 0; l < sums.length; l++) sums[l]! += weights[l]! * value
  }
  return sums
}

function softmax(values: readonly number[]): number[] {
  const top = Math.max(...values)
  const exps = values.map((value) => Math.exp(value - top))
  const total = exps.reduce((sum, value) => sum + value, 0)
  return exps.map((value) => value / total)
}
