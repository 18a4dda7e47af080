import { describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../business-profile'
import { findComplaint, findHumanRequest, findPaymentDispute, findSafetyConcern, isComplaint, mentionsAllergy } from './escalation'

const phrases = demoBusinessProfile('2026-11-01T00:00:00.000Z').escalationPhrases

describe('findHumanRequest', () => {
  it.each([
    ['I want to speak to a human', 'speak to a human'],
    ['Can I TALK TO A PERSON?', 'talk to a person'],
    ['representative', 'representative'],
    ['get me the manager now', 'manager'],
    ['is there a real person there', 'real person'],
    ['can someone call me', 'can someone call me'],
    ['Are you a bot?', 'are you a bot'],
  ])('%j → %j', (text, phrase) => {
    expect(findHumanRequest(text, phrases)).toBe(phrase)
  })

  it.each(['How much for 20?', 'I manage the office party', 'Personally I like shrimp'])('%j is not a request for a person', (text) => {
    expect(findHumanRequest(text, phrases)).toBeNull()
  })
})

describe('isComplaint', () => {
  it.each(['The food was terrible', 'your chef never showed up... never showed', 'I was charged twice', 'very disappointed'])(
    '%j is a complaint',
    (text) => expect(isComplaint(text)).toBe(true),
  )
  it.each(['How much for 20?', 'We loved it!'])('%j is not', (text) => expect(isComplaint(text)).toBe(false))
})

describe('mentionsAllergy', () => {
  it('spots allergy and celiac questions', () => {
    expect(mentionsAllergy('my son is allergic to shellfish')).toBe(true)
    expect(mentionsAllergy('One guest has celiac')).toBe(true)
    expect(mentionsAllergy('30 adults, chicken and steak')).toBe(false)
  })
})

describe('findPaymentDispute', () => {
  it.each([
    'you charged my card twice for the deposit',
    'why was i charged $300 more than the quote?',
    'I never agreed to a travel fee, please remove it from my bill',
    "There's an extra charge on my statement from you",
    'i want my deposit back, you cancelled on us',
  ])('%j is a dispute', (text) => expect(findPaymentDispute(text)).not.toBeNull())

  it.each(['I paid the deposit yesterday, did you get it?', 'is there a fee for paying by card', 'can you send the invoice'])('%j is not', (text) =>
    expect(findPaymentDispute(text)).toBeNull(),
  )
})

describe('findSafetyConcern', () => {
  it('reads an accident at the party, not a relative in hospital as a reason to postpone', () => {
    expect(findSafetyConcern('my nephew got burned and we rushed him to the hospital')).not.toBeNull()
    expect(findSafetyConcern('we have to postpone, my dad is in the hospital')).toBeNull()
  })

  it('treats an intolerance as a dietary safety question, a gluten-free option question as not', () => {
    expect(findSafetyConcern('my wife is gluten intolerant, is the soy sauce gluten free')).not.toBeNull()
    expect(findSafetyConcern('Do you have gluten free options?')).toBeNull()
  })
})

describe('findComplaint, softly worded', () => {
  it.each([
    'honestly the party was a letdown',
    'the food was good but the chef seemed annoyed the whole time',
    'The chef burned our patio table with the grill',
    'the chef showed up without the tofu we ordered',
    'not to be rude but we expected a lot more for what we paid',
    'WHY IS NO ONE ANSWERING ME',
  ])('%j is a complaint', (text) => expect(findComplaint(text)).not.toBeNull())

  it.each(['we expect about 20 people', 'can the chef come without the grill cover?'])('%j is not', (text) => expect(findComplaint(text)).toBeNull())
})
