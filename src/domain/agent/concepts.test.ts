import { describe, expect, it } from 'vitest'
import { conceptsIn } from './concepts'

describe('conceptsIn', () => {
  it.each<[string, string]>([
    ['ballpark for forty guests', 'price'],
    ["what's the damage for 18 adults", 'price'],
    ['zelle ok?', 'payMethod'],
    ['its supposed to storm this weekend', 'weather'],
    ['our backyard is pretty small', 'space'],
    ['my wife is plant based', 'vegetarian'],
    ['we need to push it back a week', 'change'],
    ['we have to back out of the booking', 'cancel'],
  ])('%j expresses %s', (text, concept) => {
    expect(conceptsIn(text)).toContain(concept)
  })

  it('matches whole words and phrases only', () => {
    expect(conceptsIn('a priceless evening')).not.toContain('price')
    expect(conceptsIn('the rainbow cake')).not.toContain('weather')
    expect(conceptsIn('')).toEqual([])
  })
})
