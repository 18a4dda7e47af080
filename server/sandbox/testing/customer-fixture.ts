/**
 * A customer as tests seed it: Maria Lopez, with no phone, email, notes, opt-out, merge or other
 * payer names. Tests override what they are about; the relay assigns `updatedAt` when it stores one.
 */
import type { Customer } from '../../../src/domain/schemas'

export function customerFixture(overrides: Partial<Customer> & Pick<Customer, 'id' | 'createdAt'>): Customer {
  return {
    updatedAt: '',
    name: 'Maria Lopez',
    phone: null,
    email: null,
    notes: '',
    smsOptOut: false,
    alsoPaysAs: [],
    mergedInto: null,
    mergedAt: null,
    mergedBy: null,
    ...overrides,
  }
}
