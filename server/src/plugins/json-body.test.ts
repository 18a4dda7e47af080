import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { exceedsJsonDepth, jsonBodyProblem, maxJsonDepth } from './json-body'

const bytes = (text: string) => Buffer.from(text)

/** The depth of a parsed value, the slow and obvious way. */
function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf))
  if (value !== null && typeof value === 'object') return 1 + Math.max(0, ...Object.values(value).map(depthOf))
  return 0
}

describe('JSON body checks', () => {
  it('refuses nesting past the limit and allows it up to the limit', () => {
    expect(maxJsonDepth).toBe(64)
    expect(exceedsJsonDepth(bytes(`${'['.repeat(64)}${']'.repeat(64)}`))).toBe(false)
    expect(exceedsJsonDepth(bytes(`${'['.repeat(65)}${']'.repeat(65)}`))).toBe(true)
    expect(exceedsJsonDepth(bytes(`${'{"a":'.repeat(65)}1${'}'.repeat(65)}`))).toBe(true)
    // Brackets in strings, escaped quotes included, are text.
    expect(exceedsJsonDepth(bytes(`["${'['.repeat(100)}\\"${'{'.repeat(100)}"]`))).toBe(false)
    // Unclosed nesting counts too.
    expect(exceedsJsonDepth(bytes('['.repeat(65)))).toBe(true)
  })

  it('agrees with the depth of the parsed value for any JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 8 }), (value, limit) => {
        expect(exceedsJsonDepth(bytes(JSON.stringify(value)), limit)).toBe(depthOf(value) > limit)
      }),
      { numRuns: 500 },
    )
  })

  it('refuses bytes that are not UTF-8, and accepts every UTF-8 string', () => {
    expect(jsonBodyProblem(Buffer.from([0x22, 0xff, 0x22]))?.code).toBe('invalid_utf8')
    expect(jsonBodyProblem(Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]))?.code).toBe('invalid_utf8') // an encoded surrogate
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(jsonBodyProblem(bytes(JSON.stringify(text)))).toBeNull()
      }),
    )
  })
})
