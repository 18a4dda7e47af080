import { describe, expect, it } from 'vitest'
import { loadIntentClassifier, messageFeatures, trainIntentModel, type TrainingExample } from './intent-classifier'

const noSignals = { hasGuestCount: false, hasDate: false, hasPlace: false, isQuestion: false }
const example = (text: string, label: string): TrainingExample => ({ features: messageFeatures(text, [], noSignals), label })

const examples = [
  example('how much for 20 people', 'pricing'),
  example('what is the price per person', 'pricing'),
  example('quote for 30 adults please', 'pricing'),
  example('do you have vegetarian options', 'faq.vegetarian'),
  example('can the chef do tofu', 'faq.vegetarian'),
  example('anything for vegans', 'faq.vegetarian'),
  example('i need to cancel my party', 'cancel'),
  example('please cancel our booking', 'cancel'),
  example('we have to call it off', 'cancel'),
]

describe('intent classifier', () => {
  it('learns labels from examples and ranks unseen wordings by them, scores summing to 1', () => {
    const classifier = loadIntentClassifier(trainIntentModel(examples))
    const ranking = classifier.classify(messageFeatures('how much is it per person for 12', [], noSignals))
    expect(ranking[0]!.label).toBe('pricing')
    expect(ranking.reduce((sum, label) => sum + label.score, 0)).toBeCloseTo(1, 6)
    expect(classifier.classify(messageFeatures('cancel the booking please', [], noSignals))[0]!.label).toBe('cancel')
    expect(classifier.classify(messageFeatures('is there tofu for vegetarian guests', [], noSignals))[0]!.label).toBe('faq.vegetarian')
  })

  it('trains the same model from the same examples', () => {
    expect(JSON.stringify(trainIntentModel(examples))).toBe(JSON.stringify(trainIntentModel(examples)))
  })

  it('reads negated words, sentence openings and ideas as their own features', () => {
    const features = messageFeatures("we don't need to cancel. how much for 20?", [{ start: 3, end: 24 }], { ...noSignals, hasGuestCount: true })
    expect(features).toMatchObject({ not_cancel: 1, '#first:we': 1, '#first:how': 1, '#concept:price': 1, '#guests': 1 })
    expect(features['cancel']).toBeUndefined()
  })
})
