/**
 * Generators of hostile JSON for the fuzz tests: nesting far past the relay's 64-level limit,
 * very wide arrays and objects, huge and escape-heavy strings, invalid UTF-8 and the edge cases
 * of JSON numbers. Each produces the *value* text; the tests place it inside a request body.
 */
import fc from 'fast-check'

/** Arrays and objects nested `depth` levels, sometimes mixed, sometimes never closed. */
export const deepValue = fc
  .tuple(fc.integer({ min: 60, max: 5_000 }), fc.constantFrom('array', 'object', 'mixed'), fc.boolean())
  .map(([depth, kind, isClosed]) => {
    const opener = (level: number) => (kind === 'array' || (kind === 'mixed' && level % 2 === 0) ? '[' : '{"k":')
    const closer = (level: number) => (kind === 'array' || (kind === 'mixed' && level % 2 === 0) ? ']' : '}')
    const levels = Array.from({ length: depth }, (_, level) => level)
    return `${levels.map(opener).join('')}1${isClosed ? levels.reverse().map(closer).join('') : ''}`
  })

/** Tens of thousands of elements or keys. */
export const wideValue = fc.tuple(fc.integer({ min: 1_000, max: 60_000 }), fc.boolean()).map(([width, isObject]) =>
  isObject
    ? `{${Array.from({ length: width }, (_, index) => `"k${index}":${index}`).join(',')}}`
    : `[${Array.from({ length: width }, (_, index) => index).join(',')}]`,
)

/** Strings from a few KB to past the 1 MiB body limit, plain or made of escapes and odd code points. */
export const hugeString = fc
  .tuple(fc.integer({ min: 4_000, max: 1_200_000 }), fc.constantFrom('x', '\\u0000', '\\"', '\\ud800', '😀', '\\\\', '\u2028'))
  .map(([length, unit]) => `"${unit.repeat(Math.ceil(length / unit.length))}"`)

/** Numbers at and past the edges of what JSON and JavaScript can hold, and not-quite numbers. */
export const edgeNumber = fc.constantFrom(
  '1e309', '-1e309', '-0', '0', '9007199254740993', '-9007199254740993', '1e-400', '1e21', '1.7976931348623157e308',
  '5e-324', '123456789012345678901234567890', '100000000001', '1.5', '0.1e1', '1E+2', '-0.0',
  // not JSON at all
  'NaN', 'Infinity', '-Infinity', '01', '.5', '1.', '+1', '0x10', '1e', '--1',
)

/** Byte sequences that are not UTF-8: stray continuation, overlong, surrogate, truncated, out of range. */
export const invalidUtf8: fc.Arbitrary<number[]> = fc.constantFrom(
  [0xff], [0x80], [0xc3, 0x28], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0xfe, 0xfe, 0xff, 0xff],
)

/** `text` with `bytes` spliced in somewhere (inside a string or between tokens). */
export function withBytes(text: string, bytes: number[], at: number): Buffer {
  const raw = Buffer.from(text)
  const position = Math.min(raw.length, Math.max(0, at))
  return Buffer.concat([raw.subarray(0, position), Buffer.from(bytes), raw.subarray(position)])
}
