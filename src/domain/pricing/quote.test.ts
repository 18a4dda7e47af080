import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { demoBusinessProfile } from '../business-profile'
import { depositForBooking } from './deposit'
import { priceParty } from './party-price'
import { buildQuote } from './quote'
import { travelFee } from './travel-fee'

const demo = demoBusinessProfile('2026-11-01T00:00:00.000Z')

describe('priceParty', () => {
  it.each([
    { adults: 30, kids: 0, subtotal: 165_000, minimumApplied: false, why: '§4: 30 adults → $1,650' },
    { adults: 20, kids: 5, subtotal: 125_000, minimumApplied: false, why: 'children at $30' },
    { adults: 6, kids: 0, subtotal: 55_000, minimumApplied: true, why: '6 × $55 = $330 → $550 minimum' },
    { adults: 10, kids: 0, subtotal: 55_000, minimumApplied: false, why: 'exactly the minimum' },
    { adults: 9, kids: 2, subtotal: 55_500, minimumApplied: false, why: 'kids push it past the minimum' },
    { adults: 0, kids: 0, subtotal: 55_000, minimumApplied: true, why: 'an empty party still pays the minimum' },
  ])('$why', ({ adults, kids, subtotal, minimumApplied }) => {
    const price = priceParty({ adults, kids }, demo)
    expect(price.subtotalCents).toBe(subtotal)
    expect(price.minimumApplied).toBe(minimumApplied)
    expect(price.foodCents).toBe(adults * 5500 + kids * 3000)
  })

  it('follows the profile rather than built-in prices', () => {
    const price = priceParty({ adults: 3, kids: 1 }, { adultPriceCents: 10_000, childPriceCents: 1, partyMinimumCents: 0 })
    expect(price.subtotalCents).toBe(30_001)
  })

  it('refuses fractional or negative guests', () => {
    expect(() => priceParty({ adults: 2.5, kids: 0 }, demo)).toThrow(/whole number/)
    expect(() => priceParty({ adults: 2, kids: -1 }, demo)).toThrow(/whole number/)
  })
})

describe('travelFee', () => {
  it.each([
    { miles: 0, fee: 0 },
    { miles: 12.3, fee: 0 },
    { miles: 30, fee: 0 },
    { miles: 30.4, fee: 0 },
    { miles: 31, fee: 200 },
    { miles: 40, fee: 2_000 },
    { miles: 99.6, fee: 14_000 },
    { miles: 100, fee: 14_000 },
  ])('$miles miles → $fee cents', ({ miles, fee }) => {
    expect(travelFee(miles, demo)).toEqual({ kind: 'fee', billedMiles: Math.round(miles), feeCents: fee })
  })

  it.each([100.6, 101, 250])('%s miles is outside the 100-mile service area', (miles) => {
    expect(travelFee(miles, demo).kind).toBe('outside_service_area')
  })

  it('rejects impossible distances', () => {
    expect(() => travelFee(-1, demo)).toThrow(RangeError)
    expect(() => travelFee(Number.NaN, demo)).toThrow(RangeError)
  })
})

describe('buildQuote', () => {
  it('§4: 30 adults in Fremont cost $1,650 with no travel fee', () => {
    expect(buildQuote({ adults: 30, kids: 0 }, { miles: 0, isEstimate: true }, demo)).toEqual({
      adults: 30,
      kids: 0,
      subtotalCents: 165_000,
      travelFeeCents: 0,
      totalCents: 165_000,
      distanceMiles: 0,
      distanceIsEstimate: true,
      declined: false,
      reason: null,
    })
  })

  it('§4: at 40 miles the travel fee is $20', () => {
    const quote = buildQuote({ adults: 30, kids: 0 }, { miles: 40, isEstimate: false }, demo)
    expect(quote.travelFeeCents).toBe(2_000)
    expect(quote.totalCents).toBe(167_000)
    expect(quote.distanceIsEstimate).toBe(false)
  })

  it('leaves travel and total null while the location is unknown', () => {
    const quote = buildQuote({ adults: 20, kids: 5 }, null, demo)
    expect(quote).toMatchObject({ subtotalCents: 125_000, travelFeeCents: null, totalCents: null, distanceMiles: null })
    expect(quote.declined).toBe(false)
    expect(quote.reason).toMatch(/location/)
  })

  it('declines beyond the service area and says why', () => {
    const quote = buildQuote({ adults: 30, kids: 0 }, { miles: 140, isEstimate: true }, demo)
    expect(quote.declined).toBe(true)
    expect(quote.travelFeeCents).toBeNull()
    expect(quote.totalCents).toBeNull()
    expect(quote.distanceMiles).toBe(140)
    expect(quote.reason).toMatch(/100-mile service area/)
  })

  it('notes when the party minimum set the price', () => {
    const quote = buildQuote({ adults: 6, kids: 0 }, { miles: 5, isEstimate: true }, demo)
    expect(quote.subtotalCents).toBe(55_000)
    expect(quote.totalCents).toBe(55_000)
    expect(quote.reason).toMatch(/minimum/)
  })
})

describe('depositForBooking', () => {
  it('takes the profile deposit, capped at the booking total', () => {
    expect(depositForBooking(165_000, demo)).toBe(10_000)
    expect(depositForBooking(5_000, demo)).toBe(5_000)
    expect(() => depositForBooking(1.5, demo)).toThrow(/whole cents/)
  })
})

describe('buildQuote properties', () => {
  it('adds up, respects the minimum, and declines only beyond the service area', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 100 }),
        fc.option(fc.double({ min: 0, max: 400, noNaN: true })),
        (adults, kids, miles) => {
          const quote = buildQuote({ adults, kids }, miles === null ? null : { miles, isEstimate: true }, demo)
          expect(quote.subtotalCents).toBe(Math.max(adults * 5_500 + kids * 3_000, 55_000))
          expect(quote.declined).toBe(miles !== null && Math.round(miles) > 100)
          if (miles === null || quote.declined) {
            expect(quote.totalCents).toBeNull()
            expect(quote.travelFeeCents).toBeNull()
          } else {
            expect(quote.travelFeeCents).toBe(Math.max(0, Math.round(miles) - 30) * 200)
            expect(quote.totalCents).toBe(quote.subtotalCents + quote.travelFeeCents!)
          }
        },
      ),
    )
  })
})
