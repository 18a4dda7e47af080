import { describe, expect, it } from 'vitest'
import { payerToLearn } from './known-payer'

describe('payerToLearn', () => {
  it('learns a spouse, a parent or a company who paid for the customer', () => {
    expect(payerToLearn('Robert Okafor', 'JANE OKAFOR', [])).toBe('JANE OKAFOR')
    expect(payerToLearn('Robert Okafor', 'ACME EVENTS LLC', ['JANE OKAFOR'])).toBe('ACME EVENTS LLC')
  })

  it('learns nothing from the customer under their own name, a nickname, or a payer already known', () => {
    expect(payerToLearn('Robert Okafor', 'BOB OKAFOR', [])).toBeNull()
    expect(payerToLearn('Robert Okafor', 'OKAFOR, ROBERT', [])).toBeNull()
    expect(payerToLearn('Robert Okafor', 'Jane Okafor', ['JANE OKAFOR'])).toBeNull()
    expect(payerToLearn('Robert Okafor', '  ', [])).toBeNull()
    expect(payerToLearn('Robert Okafor', null, [])).toBeNull()
  })

  it('stops at the list bound', () => {
    const full = Array.from({ length: 50 }, (_, index) => `PAYER ${String.fromCharCode(65 + (index % 26))}${index}`)
    expect(payerToLearn('Robert Okafor', 'JANE OKAFOR', full)).toBeNull()
  })
})
