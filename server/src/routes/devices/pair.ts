import { Type } from 'typebox'
import type { RelayApp } from '../../app'
import { PairingError } from '../../devices/device-registry'
import { AttemptLimiter } from '../../plugins/attempt-limiter'

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


/** Codes are guessed from anywhere, so wrong guesses count for the whole relay, not per address. */
const pairingKey = 'pairing'

/** `POST /devices/pair`: a one-time code (from `npm run relay -- pair`) for a device token. */
export async function devicePairingRoutes(app: RelayApp, options: { limiter?: AttemptLimiter } = {}) {
  const limiter = options.limiter ?? new AttemptLimiter({ maxFailures: 20, windowMs: 10 * 60_000, lockMs: 15 * 60_000 })
  app.post(
    '/devices/pair',
    {
      schema: { body: PairBody, response: { 201: PairResponse, 401: ErrorResponse, 429: ErrorResponse } },
      // Pairing codes are guessable only by brute force; keep that slow.
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const lockedMs = limiter.lockedFor(pairingKey)
      if (lockedMs > 0) {
        request.log.warn('pairing locked after repeated wrong codes')
        return reply
          .code(429)
          .header('Retry-After', String(Math.ceil(lockedMs / 1000)))
          .send({
            error: 'pairing_locked',
            message: `Pairing is paused for ${Math.ceil(lockedMs / 60_000)} minutes after too many wrong codes.`,
          })
      }
      try {
        const paired = app.devices.pair(request.body.code, request.body.name.trim())
        limiter.recordSuccess(pairingKey)
        request.log.info({ deviceId: paired.deviceId, role: paired.role }, 'device paired')
        return reply.code(201).send(paired)
      } catch (error) {
        if (error instanceof PairingError) {
          limiter.recordFailure(pairingKey)
          request.log.warn('pairing refused')
          return reply.code(401).send({ error: 'invalid_pairing_code', message: error.message })
        }
        throw error
      }
    },
  )
}
