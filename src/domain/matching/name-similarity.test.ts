import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compareNames, nameTokens } from './name-similarity'

const score = (booked: string, payer: string) => compareNames(booked, payer).score

describe('name similarity', () => {
  it('scores an identical name 1 whatever the case and punctuation', () => {
    expect(score('Robert Smith', 'ROBERT SMITH')).toBe(1)
    expect(score("Sean O'Brien", 'SEAN OBRIEN')).toBeLessThan(1) // different spelling, still close
    expect(score("Sean O'Brien", 'SEAN O BRIEN')).toBeGreaterThan(0)
    expect(score('José García', 'JOSE GARCIA')).toBe(1)
  })

  it('understands nicknames', () => {
    const bob = compareNames('Robert Smith', 'BOB SMITH')
    expect(bob.score).toBeGreaterThanOrEqual(0.95)
    expect(bob.explanation).toMatch(/nickname/)
    expect(score('Elizabeth Chen', 'Liz Chen')).toBeGreaterThanOrEqual(0.95)
  })

  it('reads surname-first order, with or without a comma', () => {
    expect(score('Robert Smith', 'SMITH ROBERT')).toBe(1)
    expect(score('Robert Smith', 'SMITH, ROBERT J')).toBe(1)
  })

  it('accepts an initial for the first name, but below a full name', () => {
    const initial = score('Robert Smith', 'R SMITH')
    expect(initial).toBeGreaterThan(0.8)
    expect(initial).toBeLessThan(score('Robert Smith', 'BOB SMITH'))
    expect(score('Robert Smith', 'J SMITH')).toBeLessThan(0.6)
  })

  it('forgives a typo in a longer name part', () => {
    expect(score('Robert Smith', 'Robret Smith')).toBeGreaterThanOrEqual(0.9)
    expect(score('Maria Garcia', 'MARIA GARICA')).toBeGreaterThanOrEqual(0.9)
  })

  it('does not forgive "typos" in short names, where they are different names', () => {
    expect(score('Lee Wong', 'Li Wong')).toBeLessThan(0.6)
  })

  it('treats a shared surname with another first name as family, not the same person', () => {
    const spouse = compareNames('Robert Smith', 'JANE SMITH')
    expect(spouse.score).toBeGreaterThan(0.4)
    expect(spouse.score).toBeLessThan(0.6)
    expect(spouse.explanation).toMatch(/family/)
  })

  it('finds the booker on a joint account', () => {
    expect(score('Jane Smith', 'ROBERT & JANE SMITH')).toBe(1)
  })

  it('gives a single word only partial credit', () => {
    expect(score('Robert Smith', 'SMITH')).toBeLessThanOrEqual(0.5)
    expect(score('Robert Smith', 'SMITH')).toBeGreaterThan(0)
  })

  it('scores unrelated people 0', () => {
    expect(score('Robert Smith', 'MARIA GARCIA')).toBe(0)
    expect(score('Robert Smith', '')).toBe(0)
  })

  it('strips titles and suffixes', () => {
    expect(nameTokens('Mr. Robert Smith Jr.')).toEqual(['robert', 'smith'])
    expect(score('Acme Events', 'ACME EVENTS LLC')).toBe(1)
  })

  it('always stays within 0..1 and is 1 for a name compared with itself', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const result = compareNames(a, b).score
        expect(result).toBeGreaterThanOrEqual(0)
        expect(result).toBeLessThanOrEqual(1)
      }),
    )
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z][a-z]{1,8} [A-Z][a-z]{1,8}$/), (name) => {
        expect(compareNames(name, name.toUpperCase()).score).toBe(1)
      }),
    )
  })
})

describe('names with extra words', () => {
  it('finds the payer behind a city on a wire line or a second surname', () => {
    expect(compareNames('Macy Fulford', 'MACY FULFORD HOUSTON').score).toBeGreaterThanOrEqual(0.9)
    expect(compareNames('Maria Garcia', 'MARIA GARCIA LOPEZ').score).toBeGreaterThanOrEqual(0.9)
    expect(compareNames('Maria Garcia Lopez', 'MARIA GARCIA').score).toBeGreaterThanOrEqual(0.9)
  })

  it('does not let a shared family name stand for the person', () => {
    expect(compareNames('Maria de la Cruz', 'JOSE DE LA CRUZ').score).toBeLessThan(0.8)
    expect(compareNames('Robert Smith', 'JANE SMITH HOUSTON').score).toBeLessThan(0.8)
  })

  it('reads a name the bank cut short', () => {
    expect(compareNames('Christopher Williamson', 'CHRISTOPHER WILLIAMSO').score).toBeGreaterThanOrEqual(0.9)
    // A couple's line cut after four letters of the surname.
    expect(compareNames('Diego Yamamoto', 'DIEGO & JORGE YAMA').score).toBeGreaterThanOrEqual(0.8)
  })

  it('takes no first word for a cut surname: a line width cuts only the end', () => {
    // "JOHN HADDAD" read surname first would make "John" a cut "Johnson" and John Haddad a Johnson relative.
    expect(compareNames('Kwame Johnson', 'JOHN HADDAD').score).toBe(0)
    // A real typo still counts in either order.
    expect(compareNames('Mary Johnson', 'JOHNSEN MARY').score).toBeGreaterThanOrEqual(0.8)
  })
})
