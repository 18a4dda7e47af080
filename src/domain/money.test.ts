import { describe, expect, it } from 'vitest'
import { dollarsToCents, formatCents } from './money'

describe('money', () => {
  it('formats cents as US dollars', () => {
    expect(formatCents(165000)).toBe('$1,650.00')
    expect(formatCents(2000)).toBe('$20.00')
    expect(formatCents(-2050)).toBe('-$20.50')
    expect(formatCents(0)).toBe('$0.00')
  })

  it('refuses fractional cents instead of rounding them silently', () => {
    expect(() => formatCents(10.5)).toThrow(/whole cents/)
  })

  it('converts bank dollar amounts to cents without float drift', () => {
    expect(dollarsToCents(1650)).toBe(165000)
    expect(dollarsToCents(0.1 + 0.2)).toBe(30)
    expect(dollarsToCents(19.995)).toBe(2000)
    expect(dollarsToCents(-42.1)).toBe(-4210)
    expect(() => dollarsToCents(Number.NaN)).toThrow(/finite/)
  })

  it('rounds half away from zero instead of truncating float noise', () => {
    expect([1.005, -1.005, 0.1 + 0.2, -100, 12.345, 0, 1e-7].map(dollarsToCents)).toEqual([101, -101, 30, -10_000, 1_235, 0, 0])
  })
})
