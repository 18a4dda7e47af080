import { describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../business-profile'
import { findHumanRequest, isComplaint, mentionsAllergy } from './escalation'

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
