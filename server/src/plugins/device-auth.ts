/**
 * Device authentication for the sync API: `Authorization: Bearer <device token>`, else 401.
 * Register `deviceAuthentication()` as a preHandler on routes that need a paired console.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Device } from '../devices/device-registry'
import { AttemptLimiter } from './attempt-limiter'

declare module 'fastify' {
  interface FastifyRequest {
    device?: Device
  }
}

/**
 * A preHandler that requires a paired device. Per source address, 50 unknown tokens within
 * 10 minutes locks that address out for 15.
 */
export function deviceAuthentication(
  tokenGuesses = new AttemptLimiter({ maxFailures: 50, windowMs: 10 * 60_000, lockMs: 15 * 60_000 }),
) {
  return (request: FastifyRequest, reply: FastifyReply) => requireDevice(request, reply, tokenGuesses)
}

async function requireDevice(request: FastifyRequest, reply: FastifyReply, tokenGuesses: AttemptLimiter) {
  const lockedMs = tokenGuesses.lockedFor(request.ip)
  if (lockedMs > 0) {
    return reply
      .code(429)
      .header('Retry-After', String(Math.ceil(lockedMs / 1000)))
      .send({ error: 'locked', message: 'Too many requests with unknown device tokens from this address; try again later.' })
  }
  const header = request.headers.authorization ?? ''
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  const device = match ? request.server.devices.authenticate(match[1]!) : null
  if (!device) {
    if (match) tokenGuesses.recordFailure(request.ip)
    return reply
      .code(401)
      .header('WWW-Authenticate', 'Bearer')
      .send({
        error: 'unauthorized',
        message: match ? 'This device is not paired with the relay (or was revoked). Pair it again in Settings.' : 'A device token is required.',
      })
  }
  tokenGuesses.recordSuccess(request.ip)
  request.device = device
}
