import { describe, expect, it } from 'vitest'
import { countPattern, parseCount } from './number-words'

describe('parseCount', () => {
  it.each([
    ['25', 25],
    ['twelve', 12],
    ['twenty-five', 25],
    ['twenty five', 25],
    ['forty', 40],
    ['a dozen', 12],
    ['two dozen', 24],
    ['2 dozen', 24],
    ['3dozen', 36],
    ['dozen', 12],
    ['a hundred', 100],
    ['Fifteen', 15],
  ])('%s → %i', (text, expected) => {
    expect(parseCount(text)).toBe(expected)
    expect(new RegExp(`^(?:${countPattern})$`, 'i').test(text)).toBe(true)
  })

  it('returns null for words that are not counts', () => {
    expect(parseCount('several')).toBeNull()
    expect(parseCount('many dozen')).toBeNull()
  })
})
