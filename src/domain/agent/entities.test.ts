import { describe, expect, it } from 'vitest'
import type { PlaceDirectory } from '../geo/place-directory'
import { createZipcodesDirectory } from '../geo/zipcodes-directory'
import { extractEntities, type ExtractionContext } from './entities'

const now = new Date('2026-11-22T04:00:00Z') // Saturday 21 November 2026, evening in Fremont
const withDirectory: ExtractionContext = {
  now,
  timeZone: 'America/Los_Angeles',
  places: createZipcodesDirectory(),
  defaultState: 'CA',
}
const withoutDirectory: ExtractionContext = { ...withDirectory, places: null }

const entitiesOf = (text: string, context = withDirectory) => extractEntities(text, context).entities

describe('guest counts', () => {
  it.each([
    ["we're expecting about 25 people", { adults: null, kids: null, guestCount: 25 }],
    ['15 adults and 4 kids', { adults: 15, kids: 4, guestCount: 19 }],
    ['party of 12', { adults: null, kids: null, guestCount: 12 }],
    ['20 adults + 5 children', { adults: 20, kids: 5, guestCount: 25 }],
    ['twenty adults and five kids', { adults: 20, kids: 5, guestCount: 25 }],
    ['a dozen guests', { adults: null, kids: null, guestCount: 12 }],
    ['30 adults', { adults: 30, kids: null, guestCount: 30 }],
    ['3 kids', { adults: null, kids: 3, guestCount: 3 }],
    ['25 people including 5 kids', { adults: 20, kids: 5, guestCount: 25 }],
    ['40 guests, 30 adults', { adults: 30, kids: 10, guestCount: 40 }],
    ['hibachi for 18 next week', { adults: null, kids: null, guestCount: 18 }],
    ['headcount is around 50', { adults: null, kids: null, guestCount: 50 }],
    ['group of about 16 people', { adults: null, kids: null, guestCount: 16 }],
    ['dinner for 6pm', { adults: null, kids: null, guestCount: null }],
    ['for 2 hours', { adults: null, kids: null, guestCount: null }],
    ['do you have anything for 2027?', { adults: null, kids: null, guestCount: null }],
    ['how much is it', { adults: null, kids: null, guestCount: null }],
    ['2026 people', { adults: null, kids: null, guestCount: null }],
  ])('%j', (text, expected) => {
    expect(entitiesOf(text)).toMatchObject(expected)
  })
})

describe('dates and times in a message', () => {
  it.each([
    ['Party of 12 next Saturday at 6pm', '2026-11-28', '18:00'],
    ['30 adults on Dec 12 at 5:30', '2026-12-12', '17:30'],
    ['the 14th for 20 people', '2026-12-14', null],
    ['tomorrow, 25 guests', '2026-11-22', null],
    ['25 people', null, null],
  ])('%j → %s %s', (text, date, time) => {
    const entities = entitiesOf(text)
    expect(entities.date).toBe(date)
    expect(entities.time).toBe(time)
  })

  it('does not read guest counts or ZIP codes as times', () => {
    const entities = entitiesOf('20 adults and 5 kids in 95112')
    expect(entities.time).toBeNull()
    expect(entities.date).toBeNull()
  })
})

describe('places', () => {
  it.each([
    ['in San Jose', 'San Jose', null],
    ['party in san jose on friday', 'San Jose', null],
    ['We live in Gilroy', 'Gilroy', null],
    ['at our house in Fremont, CA', 'Fremont', null],
    ['95112', null, '95112'],
    ['our zip is 94539-1234', null, '94539'],
    ['30 adults in Sacramento, zip 95814', 'Sacramento', '95814'],
    ['do you travel to Oakland?', 'Oakland', null],
    ['in December', null, null],
    ['in the backyard', null, null],
    ['at 6pm', null, null],
    ['$12345 budget', null, null],
  ])('%j → location %s, zip %s', (text, location, zip) => {
    const entities = entitiesOf(text)
    expect(entities.location).toBe(location)
    expect(entities.zip).toBe(zip)
  })

  it('reads a bare place name as the location, but not a common reply word', () => {
    expect(entitiesOf('San Jose').location).toBe('San Jose')
    expect(entitiesOf('Gilroy, CA').location).toBe('Gilroy')
    expect(entitiesOf('Cool').location).toBeNull()
    expect(entitiesOf('Cool, see you then').location).toBeNull()
    expect(entitiesOf('Orange chicken please').location).toBeNull()
  })

  it('after we asked where, a message starting with a place is that place', () => {
    expect(entitiesOf('San Jose, on Dec 12').location).toBeNull()
    expect(entitiesOf('San Jose, on Dec 12', { ...withDirectory, expectingPlace: true }).location).toBe('San Jose')
    expect(entitiesOf('san jose', { ...withDirectory, expectingPlace: true }).location).toBe('San Jose')
  })

  it('keeps a state named with the city for the distance lookup', () => {
    expect(extractEntities('Reno, NV', withDirectory)).toMatchObject({ entities: { location: 'Reno' }, locationState: 'NV' })
    expect(extractEntities('in Fremont or Newark', withDirectory).locationState).toBeNull()
  })

  it('asks the directory, so only real cities count', () => {
    const asked: string[] = []
    const directory: PlaceDirectory = {
      byZip: () => null,
      byCity: (city, state) => {
        asked.push(`${city}/${state}`)
        return city === 'Springfield' ? { zip: null, city: 'Springfield', state, latitude: 0, longitude: 0 } : null
      },
    }
    const entities = entitiesOf('party at Noon Lake near Springfield', { ...withDirectory, places: directory })
    expect(entities.location).toBe('Springfield')
    expect(asked).toContain('Springfield/CA')
  })

  it('without a directory takes capitalised words after "in"', () => {
    expect(entitiesOf('party in Walnut Creek on the 14th', withoutDirectory).location).toBe('Walnut Creek')
    expect(entitiesOf('party in the backyard', withoutDirectory).location).toBeNull()
    expect(entitiesOf('something in December', withoutDirectory).location).toBeNull()
  })
})

describe('menu items', () => {
  it('lists proteins and add-ons, absent ones as empty lists', () => {
    expect(entitiesOf('chicken, steak and shrimp with noodles and gyoza')).toMatchObject({
      proteins: ['chicken', 'steak', 'shrimp'],
      addOns: ['noodles', 'gyoza'],
    })
    expect(entitiesOf('how much?')).toMatchObject({ proteins: [], addOns: [] })
  })
})

it('reports everything absent as null or empty', () => {
  expect(entitiesOf('hello')).toEqual({
    adults: null,
    kids: null,
    guestCount: null,
    date: null,
    time: null,
    location: null,
    zip: null,
    proteins: [],
    addOns: [],
  })
})
