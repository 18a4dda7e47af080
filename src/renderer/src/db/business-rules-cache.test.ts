import { describe, expect, it } from 'vitest'
import { businessRulesOf } from '../../../domain/business-rules'
import { demoBusinessProfile } from '../../../domain/business-profile'
import { BusinessRulesCache } from './business-rules-cache'

function memoryStorage() {
  const items = new Map<string, string>()
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
    items,
  }
}

const rules = businessRulesOf({ ...demoBusinessProfile('2026-11-01T00:00:00.000Z'), businessName: 'Teppan Tom', adultPriceCents: 6000 })

describe('the front desk cache of the business rules', () => {
  it('gives back what was last fetched, including "not set up"', () => {
    const storage = memoryStorage()
    const cache = new BusinessRulesCache('rules.dev1', storage)
    expect(cache.read()).toBeNull()
    cache.write({ rules, fetchedAt: '2026-11-22T10:00:00.000Z' })
    expect(new BusinessRulesCache('rules.dev1', storage).read()).toEqual({ rules, fetchedAt: '2026-11-22T10:00:00.000Z' })
    cache.write({ rules: null, fetchedAt: '2026-11-22T11:00:00.000Z' })
    expect(cache.read()).toEqual({ rules: null, fetchedAt: '2026-11-22T11:00:00.000Z' })
  })

  it('treats a damaged or foreign entry as nothing cached', () => {
    const storage = memoryStorage()
    const cache = new BusinessRulesCache('rules.dev1', storage)
    storage.setItem('rules.dev1', '{not json')
    expect(cache.read()).toBeNull()
    storage.setItem('rules.dev1', JSON.stringify({ rules: { ...rules, adultPriceCents: 'free' }, fetchedAt: '2026-11-22T10:00:00.000Z' }))
    expect(cache.read()).toBeNull()
    storage.setItem('rules.dev1', JSON.stringify({ rules: { ...rules, faqs: [] }, fetchedAt: '2026-11-22T10:00:00.000Z' }))
    expect(cache.read()).toBeNull()
    cache.clear()
    expect(storage.items.size).toBe(0)
  })
})
