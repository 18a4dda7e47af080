/**
 * Whether a value is a valid document of a collection, as a type guard: a document that came
 * untyped (pushed by a device, read from a stream) is narrowed by checking it against its
 * collection's schema, never by a cast. The relay's store checks every write with the same
 * validators (`documentProblems`).
 */
import type { Static } from 'typebox'
import { Compile } from 'typebox/compile'
import { collectionNames, documentSchemas, type CollectionName } from './index'

/** A collection's document as its schema describes it (no sync flags). */
export type DocumentOf<C extends CollectionName> = Static<(typeof documentSchemas)[C]>

interface Validator {
  Check(value: unknown): boolean
  Errors(value: unknown): { instancePath: string; message: string }[]
}

let validators: Map<CollectionName, Validator> | null = null

/** Compiled on first use: a console that never checks a document never pays for compiling them. */
function validatorOf(collection: CollectionName): Validator {
  validators ??= new Map(collectionNames.map((name) => [name, Compile(documentSchemas[name]) as Validator]))
  return validators.get(collection)!
}

/** Whether `value` (with or without the sync API's `_deleted` flag) is a valid document of `collection`. */
export function isDocumentOf<C extends CollectionName>(collection: C, value: unknown): value is DocumentOf<C> {
  return validatorOf(collection).Check(withoutDeletedFlag(value))
}

/** `value` as a document of `collection` when it is a valid one, else null. */
export function documentOf<C extends CollectionName>(collection: C, value: unknown): DocumentOf<C> | null {
  const fields = withoutDeletedFlag(value)
  return isDocumentOf(collection, fields) ? fields : null
}

/** What makes `value` an invalid document of `collection` (the first few problems), or [] when it is valid. */
export function documentProblems(collection: CollectionName, value: unknown, limit = 5): string[] {
  const validator = validatorOf(collection)
  const fields = withoutDeletedFlag(value)
  if (validator.Check(fields)) return []
  return validator
    .Errors(fields)
    .slice(0, limit)
    .map((error) => `${error.instancePath || '/'} ${error.message}`)
}

function withoutDeletedFlag(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('_deleted' in value)) return value
  const { _deleted: _ignored, ...fields } = value
  return fields
}
