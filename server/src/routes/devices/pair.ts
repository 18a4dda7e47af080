/**
 * `POST /devices/pair`: a one-time code (from `npm run relay -- pair`) for a device token.
 *
 * Codes are 16 characters from a 30-letter alphabet (78 bits), single-use and valid for ten
 * minutes, so guessing one is hopeless however many addresses a guesser has. Wrong codes are
 * counted per source: 20 within 10 minutes and that source's wrong codes are answered 429 for 15.
 * A valid code always pairs, from any source, locked or not: no outsider can keep the owner from
 * pairing with a code fresh from the relay's own command line.
 */
import { Type } from 'typebox'
import type { RelayApp } from '../../app'
import { PairingError } from '../../storage/device-registry'
import { AttemptLimiter } from '../../plugins/attempt-limiter'
import { sourceOf } from '../../plugins/request-source'
import { StorageUnavailableError } from '../../storage/contracts'

const PairBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 64 }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
  },
  { additionalProperties: false },
)
const PairResponse = Type.Object({
  token: Type.String(),
  deviceId: Type.String(),
  role: Type.Union([Type.Literal('owner'), Type.Literal('frontdesk')]),
})
const ErrorResponse = Type.Object({ error: Type.String(), message: Type.String() })

export function defaultPairingLockout(): AttemptLimiter {
  return new AttemptLimiter({ maxFailures: 20, windowMs: 10 * 60_000, lockMs: 15 * 60_000 })
}

export async function devicePairingRoutes(app: RelayApp, options: { lockout?: AttemptLimiter } = {}) {
  const lockout = options.lockout ?? defaultPairingLockout()
  app.post(
    '/devices/pair',
    { schema: { body: PairBody, response: { 201: PairResponse, 401: ErrorResponse, 429: ErrorResponse, 503: ErrorResponse } } },
    async (request, reply) => {
      const source = sourceOf(request)
      try {
        // The new device is durably stored before its token is handed out (the store's contract).
        const paired = await app.devices.pair(request.body.code, request.body.name.trim())
        request.log.info({ deviceId: paired.deviceId, role: paired.role }, 'device paired')
        return reply.code(201).send(paired)
      } catch (error) {
        if (error instanceof StorageUnavailableError) {
          return reply.code(503).header('Retry-After', '5').send({ error: 'storage_unavailable', message: 'The relay could not save the pairing; try again in a moment.' })
        }
        if (!(error instanceof PairingError)) throw error
      }
      if (lockout.recordFailure(source)) request.log.warn('pairing: a source was locked out after repeated wrong codes')
      const lockedMs = lockout.lockedFor(source)
      if (lockedMs > 0) {
        return reply
          .code(429)
          .header('Retry-After', String(Math.ceil(lockedMs / 1000)))
          .send({
            error: 'pairing_locked',
            message: `Too many wrong pairing codes from this address; wait ${Math.ceil(lockedMs / 60_000)} minutes, or pair with a new code from "npm run relay -- pair".`,
          })
      }
      return reply.code(401).send({ error: 'invalid_pairing_code', message: new PairingError().message })
    },
  )
}
