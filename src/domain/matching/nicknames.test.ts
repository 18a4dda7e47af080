import { describe, expect, it } from 'vitest'
import { areNicknameForms } from './nicknames'

describe('nickname knowledge', () => {
  it('links formal names and their short forms both ways, ignoring case', () => {
    expect(areNicknameForms('Bob', 'Robert')).toBe(true)
    expect(areNicknameForms('ROBERT', 'bob')).toBe(true)
    expect(areNicknameForms('Liz', 'Elizabeth')).toBe(true)
    expect(areNicknameForms('Bill', 'William')).toBe(true)
  })

  it('links two short forms of the same formal name', () => {
    expect(areNicknameForms('Bobby', 'Rob')).toBe(true)
    expect(areNicknameForms('Liz', 'Beth')).toBe(true)
  })

  it('does not link unrelated names or a name with itself', () => {
    expect(areNicknameForms('Bob', 'William')).toBe(false)
    expect(areNicknameForms('Mary', 'Marty')).toBe(false)
    expect(areNicknameForms('Robert', 'Robert')).toBe(false)
    expect(areNicknameForms('Zyx', 'Robert')).toBe(false)
  })
})
