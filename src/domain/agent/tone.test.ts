import { describe, expect, it } from 'vitest'
import type { Tone } from './agent-result'
import { detectTone } from './tone'

describe('detectTone', () => {
  it.each<[string, Tone]>([
    ['Dear Sir or Madam, I would like to inquire about catering for 20 guests. Kind regards', 'formal'],
    ['Good afternoon. Could you please send me your pricing?', 'formal'],
    ['hey! u guys free next sat? lol', 'casual'],
    ['yo wanna book for 10 ppl', 'casual'],
    ["Thank you so much! We loved the last party and can't wait to book again :)", 'warm'],
    ["I'm so worried, the party is tomorrow and our caterer cancelled. Is it too late??", 'anxious'],
    ['URGENT need a chef asap', 'anxious'],
    ['Price for 20 adults.', 'direct'],
    ['30 adults Dec 12 San Jose', 'direct'],
  ])('%j → %s', (text, tone) => {
    expect(detectTone(text)).toBe(tone)
  })
})
