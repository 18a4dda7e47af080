import { Value } from 'typebox/value'
import { describe, expect, it } from 'vitest'
import { demoBusinessProfile } from './business-profile'
import { BusinessRules, businessRulesOf } from './business-rules'

describe('the front desk projection of the business rules', () => {
  const settings = { ...demoBusinessProfile('2026-11-01T00:00:00.000Z'), reviewUrl: 'https://reviews.example/write' }

  it('keeps what pricing and capacity need, and nothing else', () => {
    const rules = businessRulesOf(settings)
    expect(Value.Check(BusinessRules, rules)).toBe(true)
    expect(rules).toMatchObject({ adultPriceCents: 5500, partyMinimumCents: 55000, depositCents: 10000, travelFreeMiles: 30, timeSlots: settings.timeSlots })
    for (const hidden of ['faqs', 'messageTemplates', 'reviewUrl', 'contactEmail', 'contactPhone', 'tipPercentRange', 'escalationPhrases', 'id']) {
      expect(rules).not.toHaveProperty(hidden)
    }
  })

  it('refuses a document with fields beyond the projection', () => {
    expect(Value.Check(BusinessRules, { ...businessRulesOf(settings), faqs: [] })).toBe(false)
  })
})
