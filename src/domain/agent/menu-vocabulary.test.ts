import { describe, expect, it } from 'vitest'
import { addOns, distinctNames, findMenuTerms, proteins } from './menu-vocabulary'

function proteinsIn(text: string): string[] {
  return distinctNames(findMenuTerms(text, proteins, findMenuTerms(text, addOns)))
}

describe('menu vocabulary', () => {
  it.each([
    ['chicken and steak', ['chicken', 'steak']],
    ['Shrimp, salmon and scallops please', ['shrimp', 'salmon', 'scallops']],
    ['filet mignon for everyone', ['filet mignon']],
    ['lobster tails and tofu for the vegetarians', ['lobster', 'tofu']],
    ['we love prawns', ['shrimp']],
    ['CHICKEN chicken chicken', ['chicken']],
    ['just rice', []],
  ])('%j → proteins %j', (text, expected) => {
    expect(proteinsIn(text)).toEqual(expected)
  })

  it('claims "lobster upgrade" as an add-on, not the lobster protein', () => {
    const text = 'chicken with the lobster upgrade and gyoza'
    expect(distinctNames(findMenuTerms(text, addOns))).toEqual(['lobster upgrade', 'gyoza'])
    expect(proteinsIn(text)).toEqual(['chicken'])
  })

  it.each([
    ['add noodles and potstickers', ['noodles', 'gyoza']],
    ['edamame to start', ['edamame']],
    ['no extras', []],
  ])('%j → add-ons %j', (text, expected) => {
    expect(distinctNames(findMenuTerms(text, addOns))).toEqual(expected)
  })

  it('does not match inside other words', () => {
    expect(proteinsIn('steakhouse chickens')).toEqual([])
  })
})
