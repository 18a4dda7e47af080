/**
 * `GET /activity` — the audit trail of accepted device edits, for the owner's Activity list:
 * newest first, filtered by collection, device and time, paged by `before`. Owner devices only
 * (front desk → 403). Registered inside the sync routes, so the same device authentication applies.
 */
import { Type } from 'typebox'
import { collectionNames } from '../../../../src/domain/schemas'
import type { RelayApp } from '../../app'

const Instant = Type.String({ format: 'date-time', maxLength: 30 })

const ActivityQuery = Type.Object(
  {
    collection: Type.Optional(Type.Union(collectionNames.map((name) => Type.Literal(name)))),
    deviceId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    before: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
)

const ActivityEntry = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  deviceId: Type.String(),
  deviceName: Type.String(),
  role: Type.Union([Type.Literal('owner'), Type.Literal('frontdesk')]),
  collection: Type.String(),
  documentId: Type.String(),
  fields: Type.Array(Type.String()),
})

const ActivityResponse = Type.Object({
  entries: Type.Array(ActivityEntry),
  /** Pass as `before` for the next (older) page; null when this was the last. */
  nextBefore: Type.Union([Type.Integer(), Type.Null()]),
  /** Every paired device, for the filter (revoked ones too: their history stays). */
  devices: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), role: Type.String(), revokedAt: Type.Union([Type.String(), Type.Null()]) }),
  ),
})

const ErrorResponse = Type.Object({ error: Type.String(), message: Type.String() })

export async function activityRoutes(app: RelayApp) {
  app.get('/activity', { schema: { querystring: ActivityQuery, response: { 200: ActivityResponse, 400: ErrorResponse, 403: ErrorResponse } } }, async (request, reply) => {
    if (request.device!.role !== 'owner') {
      return reply.code(403).send({ error: 'forbidden', message: "Only the owner's devices may read the activity list." })
    }
    const query = request.query
    if (query.from && query.to && query.from >= query.to) {
      return reply.code(400).send({ error: 'invalid_range', message: '"from" must be before "to".' })
    }
    const limit = query.limit ?? 100
    const entries = await app.storage.changes.list({ ...query, from: query.from && normalised(query.from), to: query.to && normalised(query.to), limit })
    return {
      entries,
      nextBefore: entries.length === limit ? entries.at(-1)!.seq : null,
      devices: (await app.devices.list()).map((device) => ({ id: device.id, name: device.name, role: device.role, revokedAt: device.revokedAt })),
    }
  })
}

/** Stored instants are `toISOString()` UTC; compare like with like whatever offset was sent. */
function normalised(instant: string): string {
  return new Date(instant).toISOString()
}
