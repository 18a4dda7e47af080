import { describe, expect, it } from 'vitest'
import { activityCollections, dayRange, describeCollection, describeFields } from './activity-model'

describe('activity wording', () => {
  it('says what a change did', () => {
    expect(describeFields(['_created'])).toBe('created')
    expect(describeFields(['_deleted'])).toBe('deleted')
    expect(describeFields(['depositCents', 'eventDate'])).toBe('changed deposit, event date')
    expect(describeCollection('paymentMatches')).toBe('Payment matches')
    expect(describeCollection('settings')).toBe('The business settings')
    expect(activityCollections.map((collection) => collection.id)).toContain('packages')
  })

  it('turns local days into the instants the relay filters by, the end day included', () => {
    const range = dayRange('2026-03-07', '2026-03-08')
    expect(new Date(range.from!).getDate()).toBe(7)
    expect(new Date(range.from!).getHours()).toBe(0)
    expect(new Date(range.to!).getDate()).toBe(9)
    expect(new Date(range.to!).getHours()).toBe(0)
    expect(dayRange('', 'nonsense')).toEqual({ from: null, to: null })
  })
})
