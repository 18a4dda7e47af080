/**
 * What every JSON body must be before anything parses it: valid UTF-8, and nested no deeper than
 * `maxJsonDepth`. Real provider events and console pushes nest a dozen levels at most; a body
 * nested hundreds deep only exists to exhaust a recursive parser, validator or serializer
 * (`JSON.stringify` throws a RangeError somewhere past a thousand). Both checks scan the raw
 * bytes once, without parsing, and are refused with 400.
 */
import { isUtf8 } from 'node:buffer'
import type { FastifyInstance } from 'fastify'

export const maxJsonDepth = 64

export class JsonBodyError extends Error {
  readonly statusCode = 400
  constructor(
    readonly code: 'too_deep' | 'invalid_utf8',
    message: string,
  ) {
    super(message)
    this.name = 'JsonBodyError'
  }
}

/** Why `bytes` may not be parsed as JSON, or null when it may. */
export function jsonBodyProblem(bytes: Uint8Array, limit = maxJsonDepth): JsonBodyError | null {
  if (exceedsJsonDepth(bytes, limit)) {
    return new JsonBodyError('too_deep', `The JSON body is nested more than ${limit} levels deep.`)
  }
  return isUtf8(bytes) ? null : new JsonBodyError('invalid_utf8', 'The body is not valid UTF-8.')
}

/**
 * True when arrays and objects nest deeper than `limit`. Brackets inside strings do not count. It
 * works on bytes: in UTF-8 no byte of a multi-byte character is a quote, backslash or bracket.
 */
export function exceedsJsonDepth(bytes: Uint8Array, limit = maxJsonDepth): boolean {
  let depth = 0
  let inString = false
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index]
    if (inString) {
      if (byte === 0x5c) index++ // backslash: the next byte is escaped
      else if (byte === 0x22) inString = false
    } else if (byte === 0x22) {
      inString = true
    } else if (byte === 0x7b || byte === 0x5b) {
      if (++depth > limit) return true
    } else if (byte === 0x7d || byte === 0x5d) {
      depth--
    }
  }
  return false
}

/**
 * Replaces Fastify's JSON body parser in `app` (and its children) with one that checks the body
 * first, then parses it as Fastify does (prototype poisoning refused).
 */
export function checkedJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const problem = jsonBodyProblem(body as Buffer)
    if (problem) return done(problem, undefined)
    parseJson(request, (body as Buffer).toString('utf8'), done)
  })
}
