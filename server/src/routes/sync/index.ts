/**
 * The sync API (architecture §6): pull by checkpoint, push with conflict handling, and a live
 * stream. Every route needs a paired device; front-desk devices never see owner-only data.
 */
import { Type } from 'typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { isCollectionName, ownerOnlyCollections, type CollectionName } from '../../../../src/domain/schemas'
import type { RelayApp } from '../../app'
import { deviceAuthentication } from '../../plugins/device-auth'
import type { SyncCheckpoint } from '../../storage/document-store'
import { CommitFailedError } from '../../storage/group-commit'
import { applyPush, PushValidationError } from '../../sync/push-service'
import { activityRoutes } from '../activity'
import { attachSyncStream } from '../../sync/stream'
import { businessRulesRoutes } from '../business/rules'

const revocationCheckMs = 500
const maxStreamsPerDevice = 4

const CollectionParams = Type.Object({ collection: Type.String({ maxLength: 40 }) })
const PullQuery = Type.Object({
  checkpoint: Type.Optional(Type.String({ maxLength: 500 })),
  // A newly paired console catches up in pages this large (a few MB of JSON at most).
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
})
const SyncDocument = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: true })
const PushBody = Type.Array(
  Type.Object(
    {
      assumedMasterState: Type.Union([SyncDocument, Type.Null()]),
      newDocumentState: SyncDocument,
    },
    { additionalProperties: false },
  ),
  { maxItems: 500 },
)

function parseCheckpoint(raw: string | undefined): SyncCheckpoint | null | 'invalid' {
  if (raw === undefined || raw === '' || raw === 'null') return null
  try {
    const value = JSON.parse(raw) as unknown
    if (value === null) return null
    const candidate = value as SyncCheckpoint
    return typeof candidate?.updatedAt === 'string' && typeof candidate?.id === 'string' && candidate.updatedAt.length <= 30 && candidate.id.length <= 64
      ? { updatedAt: candidate.updatedAt, id: candidate.id }
      : 'invalid'
  } catch {
    return 'invalid'
  }
}

/** Resolves `:collection` and checks the device's role; sends 404/403 and returns null otherwise. */
function collectionFor(request: FastifyRequest<{ Params: { collection: string } }>, reply: FastifyReply): CollectionName | null {
  const { collection } = request.params
  if (!isCollectionName(collection)) {
    void reply.code(404).send({ error: 'unknown_collection', message: `There is no collection named "${collection.slice(0, 40)}".` })
    return null
  }
  if (request.device!.role !== 'owner' && ownerOnlyCollections.includes(collection)) {
    void reply.code(403).send({ error: 'forbidden', message: `Only the owner's devices may use ${collection}.` })
    return null
  }
  return collection
}

export async function syncRoutes(app: RelayApp) {
  app.addHook('preHandler', deviceAuthentication())
  // The owner's audit trail, behind the same device authentication.
  await app.register(activityRoutes)
  // Live streams never go idle, so end them when the relay shuts down or it would wait forever.
  const openStreams = new Map<() => void, string>()
  app.addHook('preClose', async () => {
    clearInterval(revocationWatch)
    for (const close of openStreams.keys()) close()
  })
  // A revoked device (`npm run relay -- devices revoke`, possibly from another process) loses its
  // open streams within a second: the device table is checked twice a second while any is open.
  const revocationWatch = setInterval(() => {
    if (openStreams.size === 0) return
    const revoked = app.devices.revokedAmong([...new Set(openStreams.values())])
    for (const [close, deviceId] of openStreams) if (revoked.has(deviceId)) close()
  }, revocationCheckMs)
  revocationWatch.unref()

  app.get(
    '/sync/:collection/pull',
    { schema: { params: CollectionParams, querystring: PullQuery } },
    async (request, reply) => {
      const collection = collectionFor(request, reply)
      if (!collection) return reply
      const checkpoint = parseCheckpoint(request.query.checkpoint)
      if (checkpoint === 'invalid') {
        return reply.code(400).send({ error: 'invalid_checkpoint', message: 'checkpoint must be JSON like {"updatedAt":"…","id":"…"} or null.' })
      }
      return app.documents.pull(collection, checkpoint, request.query.limit ?? 100, {
        includeOwnerOnly: request.device!.role === 'owner',
      })
    },
  )

  app.post(
    '/sync/:collection/push',
    { schema: { params: CollectionParams, body: PushBody } },
    async (request, reply) => {
      const collection = collectionFor(request, reply)
      if (!collection) return reply
      try {
        // Answered only once the edit is on disk; concurrent pushes share the commit (storage/group-commit.ts).
        return await app.groupCommit.run(() =>
          applyPush({ db: app.db, store: app.documents, device: request.device!, quotas: app.deviceQuotas, now: app.relayNow }, collection, request.body),
        )
      } catch (error) {
        if (error instanceof PushValidationError) {
          return reply.code(400).send({ error: 'invalid_document', message: error.message })
        }
        if (error instanceof CommitFailedError) {
          return reply.code(503).header('Retry-After', '5').send({ error: 'storage_unavailable', message: 'The relay could not save the changes; they stay on the console and are sent again.' })
        }
        throw error
      }
    },
  )

  // The front desk's view of the business rules, behind the same device authentication.
  await app.register(businessRulesRoutes)

  app.get('/sync/stream', async (request, reply) => {
    // A console needs one stream (two while it reconnects): a device's oldest beyond a few is closed.
    const own = [...openStreams].filter(([, deviceId]) => deviceId === request.device!.id)
    for (const [older] of own.slice(0, Math.max(0, own.length - (maxStreamsPerDevice - 1)))) older()
    const close = attachSyncStream(app, request, reply)
    openStreams.set(close, request.device!.id)
    request.raw.on('close', () => openStreams.delete(close))
  })

}
