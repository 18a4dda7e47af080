import { describe, expect, it } from 'vitest'
import { createCentroidDistanceEstimator } from './distance-estimator'
import { greatCircleMiles } from './great-circle'
import type { Place, PlaceDirectory } from './place-directory'
import { createZipcodesDirectory } from './zipcodes-directory'

const base = { city: 'Fremont', state: 'CA', zip: '94539' }

/** A tiny directory with made-up coordinates, so distances are known exactly. */
function fakeDirectory(places: Place[]): PlaceDirectory {
  return {
    byZip: (zip) => places.find((place) => place.zip === zip) ?? null,
    byCity: (city, state) =>
      places.find((place) => place.city.toLowerCase() === city.toLowerCase() && place.state === state.toUpperCase()) ??
      null,
  }
}

// One degree of latitude is ~69.09 miles on the haversine sphere.
const fake = fakeDirectory([
  { zip: '94539', city: 'Fremont', state: 'CA', latitude: 37, longitude: -122 },
  { zip: '90001', city: 'Northtown', state: 'CA', latitude: 38, longitude: -122 },
  { zip: null, city: 'Southville', state: 'CA', latitude: 36.5, longitude: -122 },
  { zip: null, city: 'Southville', state: 'NV', latitude: 30, longitude: -122 },
])

describe('greatCircleMiles', () => {
  it('is zero for the same point and symmetric', () => {
    const a = { latitude: 37.5, longitude: -121.9 }
    const b = { latitude: 38.6, longitude: -121.5 }
    expect(greatCircleMiles(a, a)).toBe(0)
    expect(greatCircleMiles(a, b)).toBeCloseTo(greatCircleMiles(b, a), 9)
  })

  it('measures one degree of latitude as about 69 miles', () => {
    expect(greatCircleMiles({ latitude: 0, longitude: 0 }, { latitude: 1, longitude: 0 })).toBeCloseTo(69.09, 1)
  })
})

describe('createCentroidDistanceEstimator', () => {
  const estimator = createCentroidDistanceEstimator(fake, base)

  it('measures to a ZIP and labels it as an estimate', async () => {
    const result = await estimator.distanceFromBase({ zip: '90001', city: null, state: null })
    expect(result?.miles).toBeCloseTo(69.1, 1)
    expect(result?.isEstimate).toBe(true)
    expect(result?.place).toEqual({ city: 'Northtown', state: 'CA', zip: '90001' })
  })

  it("assumes the business's state for a bare city name", async () => {
    const result = await estimator.distanceFromBase({ zip: null, city: 'southville', state: null })
    expect(result?.miles).toBeCloseTo(34.5, 1)
    const nevada = await estimator.distanceFromBase({ zip: null, city: 'Southville', state: 'NV' })
    expect(nevada?.miles).toBeGreaterThan(400)
  })

  it('prefers the ZIP over the city when both are given', async () => {
    const result = await estimator.distanceFromBase({ zip: '90001', city: 'Southville', state: null })
    expect(result?.place.city).toBe('Northtown')
  })

  it('treats the base ZIP and base city as zero miles', async () => {
    expect((await estimator.distanceFromBase({ zip: '94539', city: null, state: null }))?.miles).toBe(0)
    expect((await estimator.distanceFromBase({ zip: null, city: 'Fremont', state: 'CA' }))?.miles).toBe(0)
  })

  it('returns null for unknown places or an unknown base', async () => {
    expect(await estimator.distanceFromBase({ zip: '00000', city: null, state: null })).toBeNull()
    expect(await estimator.distanceFromBase({ zip: null, city: 'Atlantis', state: null })).toBeNull()
    expect(await estimator.distanceFromBase({ zip: null, city: null, state: null })).toBeNull()
    const lost = createCentroidDistanceEstimator(fake, { city: 'Nowhere', state: 'CA', zip: '11111' })
    expect(await lost.distanceFromBase({ zip: '90001', city: null, state: null })).toBeNull()
  })
})

describe('createZipcodesDirectory (bundled US data)', () => {
  const directory = createZipcodesDirectory()
  const estimator = createCentroidDistanceEstimator(directory, base)

  it('finds ZIP codes and cities', () => {
    expect(directory.byZip('95112')).toMatchObject({ city: 'San Jose', state: 'CA' })
    expect(directory.byZip('95112-1234')).toMatchObject({ zip: '95112' })
    expect(directory.byZip('hello')).toBeNull()
    expect(directory.byCity('san jose', 'ca')).toMatchObject({ city: 'San Jose', state: 'CA', zip: null })
    expect(directory.byCity('Not A Real City', 'CA')).toBeNull()
  })

  it.each([
    { city: 'San Jose', min: 8, max: 20 },
    { city: 'Sacramento', min: 65, max: 90 },
    { city: 'Fresno', min: 101, max: 160 },
    { city: 'Los Angeles', min: 280, max: 360 },
  ])('puts $city between $min and $max miles from Fremont', async ({ city, min, max }) => {
    const result = await estimator.distanceFromBase({ zip: null, city, state: null })
    expect(result?.miles).toBeGreaterThanOrEqual(min)
    expect(result?.miles).toBeLessThanOrEqual(max)
  })
})
