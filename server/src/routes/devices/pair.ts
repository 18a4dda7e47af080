import { Type } from 'typebox'
import type { RelayApp } from '../../app'
import { PairingError } from '../../devices/device-registry'

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

/** `POST /devices/pair`: a one-time code (from `npm run relay -- pair`) for a device token. */
export async function devicePairingRoutes(app: RelayApp) {
  app.post(
    '/devices/pair',
    {
      schema: { body: PairBody, response: { 201: PairResponse, 401: ErrorResponse } },
      // Pairing codes are guessable only by brute force; keep that slow.
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      try {
        const paired = app.devices.pair(request.body.code, request.body.name.trim())
        request.log.info({ deviceId: paired.deviceId, role: paired.role }, 'device paired')
        return reply.code(201).send(paired)
      } catch (error) {
        if (error instanceof PairingError) {
          request.log.warn('pairing refused')
          return reply.code(401).send({ error: 'invalid_pairing_code', message: error.message })
        }
        throw error
      }
    },
  )
}
