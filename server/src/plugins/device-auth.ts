/**
 * Device authentication for the sync API: `Authorization: Bearer <device token>`, else 401.
 * Register `deviceAuthentication()` as a preHandler on routes that need a paired console.
 *
 * Tokens are 256 random bits, so guessing one is hopeless; the lockouts make a misbehaving client
 * back off and keep a flood cheap. They key on the token presented (a console retrying its revoked
 * token is told to stop, and later tries cost no database lookup) and on the source address (a
 * guesser trying many tokens is answered 429). Neither ever refuses a valid token: consoles behind
 * the same proxy, NAT or tunnel as a misbehaving client keep working.
 */
import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Device } from '../storage/device-registry'
import { AttemptLimiter } from './attempt-limiter'
import { sourceOf } from './request-source'

declare module 'fastify' {
  interface FastifyRequest {
    device?: Device
  }
}

export interface TokenLockouts {
  /** Per token presented: 10 refusals within 10 minutes lock that token out for 15. */
  byToken: AttemptLimiter
  /** Per source: 50 unknown tokens within 10 minutes, and its unknown tokens get 429 for 15. */
  bySource: AttemptLimiter
}

export function defaultTokenLockouts(): TokenLockouts {
  return {
    byToken: new AttemptLimiter({ maxFailures: 10, windowMs: 10 * 60_000, lockMs: 15 * 60_000 }),
    bySource: new AttemptLimiter({ maxFailures: 50, windowMs: 10 * 60_000, lockMs: 15 * 60_000 }),
  }
}

/** A preHandler that requires a paired device. */
export function deviceAuthentication(lockouts: TokenLockouts = defaultTokenLockouts()) {
  return (request: FastifyRequest, reply: FastifyReply) => requireDevice(request, reply, lockouts)
}

/** Tokens are remembered by a digest: the limiter never holds what a client sent. */
const tokenKey = (token: string) => createHash('sha256').update(token).digest('base64url').slice(0, 22)

async function requireDevice(request: FastifyRequest, reply: FastifyReply, lockouts: TokenLockouts) {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')
  if (!match) return unauthorized(reply, 'A device token is required.')
  const token = match[1]!
  const key = tokenKey(token)
  // A token locked out is one already refused again and again: no need to look it up.
  const tokenLockedMs = lockouts.byToken.lockedFor(key)
  if (tokenLockedMs > 0) return locked(reply, tokenLockedMs, 'This device token was refused too many times; pair the console again in Settings.')

  const device = await request.server.devices.authenticate(token)
  if (device) {
    request.device = device
    return
  }
  lockouts.byToken.recordFailure(key)
  const source = sourceOf(request)
  lockouts.bySource.recordFailure(source)
  const nowTokenLockedMs = lockouts.byToken.lockedFor(key)
  if (nowTokenLockedMs > 0) return locked(reply, nowTokenLockedMs, 'This device token was refused too many times; pair the console again in Settings.')
  const sourceLockedMs = lockouts.bySource.lockedFor(source)
  if (sourceLockedMs > 0) return locked(reply, sourceLockedMs, 'Too many requests with unknown device tokens from this address; try again later.')
  return unauthorized(reply, 'This device is not paired with the relay (or was revoked). Pair it again in Settings.')
}

function unauthorized(reply: FastifyReply, message: string) {
  return reply.code(401).header('WWW-Authenticate', 'Bearer').send({ error: 'unauthorized', message })
}

function locked(reply: FastifyReply, lockedMs: number, message: string) {
  return reply
    .code(429)
    .header('Retry-After', String(Math.ceil(lockedMs / 1000)))
    .send({ error: 'locked', message })
}
