import { describe, expect, it } from 'vitest'
import { deviceEntryId, trimTimeline } from './timeline'

const entry = (id: string, actor: 'relay' | 'staff') => ({ id, actor })

describe('a full timeline', () => {
  it('drops people’s oldest entries before any of the relay’s', () => {
    const entries = [entry('pay', 'relay'), entry('n1', 'staff'), entry('link', 'relay'), entry('n2', 'staff'), entry('n3', 'staff')]
    expect(trimTimeline(entries, 3).map((each) => each.id)).toEqual(['pay', 'link', 'n3'])
    expect(trimTimeline(entries, 1).map((each) => each.id)).toEqual(['link'])
    expect(trimTimeline(entries, 10)).toEqual(entries)
  })
})

describe('device entry ids', () => {
  it('live apart from the relay’s', () => {
    expect(deviceEntryId('pay-stripe-cs_1')).toBe('dev-pay-stripe-cs_1')
    expect(deviceEntryId('dev-note')).toBe('dev-note')
  })
})
