/**
 * For the conformance suites: the fields a provider's reference marks required, checked by name
 * (the suites copy the names from the reference, cited at the top of each file).
 */
import { expect } from 'vitest'

/** Fails listing every field of `fields` (space-separated) that `object` lacks. */
export function expectRequired(object: unknown, fields: string): void {
  const missing = fields.split(' ').filter((field) => typeof object !== 'object' || object === null || !(field in object))
  expect(missing, 'required fields missing').toEqual([])
}
