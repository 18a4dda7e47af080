/**
 * Device authentication for the sync API: `Authorization: Bearer <device token>`, else 401.
 * Register `requireDevice` as a preHandler on routes that need a paired console.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Device } from '../devices/device-registry'

declare module 'fastify' {
  interface FastifyRequest {
    device?: Device
  }
}

export async function requireDevice(request: FastifyRequest, reply: FastifyReply) {
  const header = request.headers.authorization ?? ''
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  const device = match ? request.server.devices.authenticate(match[1]!) : null
  if (!device) {
    return reply
      .code(401)
      .header('WWW-Authenticate', 'Bearer')
      .send({
        error: 'unauthorized',
        message: match ? 'This device is not paired with the relay (or was revoked). Pair it again in Settings.' : 'A device token is required.',
      })
  }
  request.device = device
}
