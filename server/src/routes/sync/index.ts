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
import { StorageUnavailableError } from '../../storage/contracts'
import { applyPush, PushValidationError } from '../../sync/push-service'
import { activityRoutes } from '../activity'
import { attachSyncStream } from '../../sync/stream'
import { businessRulesRoutes } from '../business/rules'

const revocationCheckMs = 500
const maxStreamsPerDevice = 4

/*
 * The wire format (architecture §6, a ★ contract) as schemas: Fastify validates params, query and
 * body before a handler runs and serialises answers by the response schemas.
 */
const CollectionParams = Type.Object({ collection: Type.String({ maxLength: 40 }) })
/** Where a pull resumes: the last document seen, in (`updatedAt`, `id`) order. */
const Checkpoint = Type.Object({ updatedAt: Type.String({ maxLength: 30 }), id: Type.String({ maxLength: 64 }) })
const PullQuery = Type.Object({
  // JSON in the query string (`checkpoint={"updatedAt":…,"id":…}`), parsed before validation; null or absent on the first pull.
  checkpoint: Type.Optional(Type.Union([Type.Null(), Checkpoint])),
  // A newly paired console catches up in pages this large (a few MB of JSON at most).
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
})
const SyncDocument = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: true })
/** A document as the relay sends it: its fields, the relay's `updatedAt` and RxDB's deletion flag. */
const StoredDocument = Type.Object(
  { id: Type.String(), updatedAt: Type.String(), _deleted: Type.Boolean() },
  { additionalProperties: true },
)
/** The push answer: the master state of each document that was not applied as proposed. */
const PushAnswer = Type.Array(
  Type.Object({ id: Type.String(), updatedAt: Type.Optional(Type.String()), _deleted: Type.Optional(Type.Boolean()) }, { additionalProperties: true }),
)
const PullAnswer = Type.Object({ documents: Type.Array(StoredDocument), checkpoint: Type.Union([Checkpoint, Type.Null()]) })
const ErrorAnswer = Type.Object({ error: Type.String(), message: Type.String() })
const StreamQuery = Type.Object({}, { additionalProperties: false })
/** Server-Sent Events, each `data:` line one JSON value: "RESYNC", or changed documents of one collection and where they end. */
const StreamEvents = Type.String({ description: 'data: "RESYNC" | {"collection", "documents", "checkpoint"} per event; ": keep-alive" comments' })
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

const invalidCheckpoint = { error: 'invalid_checkpoint', message: 'checkpoint must be JSON like {"updatedAt":"…","id":"…"} or null.' }

/** Turns the query's checkpoint JSON into a value for the schema to check (an empty one is the first pull). */
async function checkpointFromJson(request: FastifyRequest, reply: FastifyReply) {
  const query = request.query as { checkpoint?: unknown }
  if (typeof query.checkpoint !== 'string') return
  if (query.checkpoint.length > 500) return reply.code(400).send(invalidCheckpoint)
  if (query.checkpoint === '') {
    query.checkpoint = null
    return
  }
  try {
    query.checkpoint = JSON.parse(query.checkpoint) as unknown
  } catch {
    return reply.code(400).send(invalidCheckpoint)
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
  let isCheckingRevocations = false
  const revocationWatch = setInterval(() => {
    if (openStreams.size === 0 || isCheckingRevocations) return
    isCheckingRevocations = true
    app.devices
      .revokedAmong([...new Set(openStreams.values())])
      .then((revoked) => {
        for (const [close, deviceId] of openStreams) if (revoked.has(deviceId)) close()
      })
      .catch((error: unknown) => app.log.warn({ err: error }, 'sync: could not check for revoked devices'))
      .finally(() => {
        isCheckingRevocations = false
      })
  }, revocationCheckMs)
  revocationWatch.unref()

  app.get(
    '/sync/:collection/pull',
    {
      schema: { params: CollectionParams, querystring: PullQuery, response: { 200: PullAnswer, '4xx': ErrorAnswer } },
      // Pages of up to 5,000 documents with every field passed through: one JSON.stringify is
      // faster than a schema serialiser walking each field, and the store's rows already fit PullAnswer.
      serializerCompiler: () => (data) => JSON.stringify(data),
      preValidation: checkpointFromJson,
      // A checkpoint of the wrong shape is answered as one, not as a generic validation error.
      attachValidation: true,
    },
    async (request, reply) => {
      if (request.validationError) {
        if (request.validationError.validationContext === 'querystring' && /checkpoint/.test(request.validationError.message)) return reply.code(400).send(invalidCheckpoint)
        throw Object.assign(request.validationError, { statusCode: 400 })
      }
      const collection = collectionFor(request, reply)
      if (!collection) return reply
      const checkpoint: SyncCheckpoint | null = request.query.checkpoint ? { updatedAt: request.query.checkpoint.updatedAt, id: request.query.checkpoint.id } : null
      return app.storage.documents.pull(collection, checkpoint, request.query.limit ?? 100, {
        includeOwnerOnly: request.device!.role === 'owner',
      })
    },
  )

  app.post(
    '/sync/:collection/push',
    { schema: { params: CollectionParams, body: PushBody, response: { 200: PushAnswer, '4xx': ErrorAnswer, 503: ErrorAnswer } } },
    async (request, reply) => {
      const collection = collectionFor(request, reply)
      if (!collection) return reply
      try {
        // Answered only once the edit is durable (on SQLite concurrent pushes share the commit: storage/group-commit.ts).
        const conflicts = await app.storage.units((unit) => applyPush({ unit, device: request.device!, now: app.relayNow }, collection, request.body))
        // A decision on a payment is answered once its money has followed (server/src/matching).
        if (collection === 'paymentMatches') await app.paymentMatching.idle()
        return conflicts
      } catch (error) {
        if (error instanceof PushValidationError) {
          return reply.code(400).send({ error: 'invalid_document', message: error.message })
        }
        if (error instanceof StorageUnavailableError) {
          return reply.code(503).header('Retry-After', '5').send({ error: 'storage_unavailable', message: 'The relay could not save the changes; they stay on the console and are sent again.' })
        }
        throw error
      }
    },
  )

  // The front desk's view of the business rules, behind the same device authentication.
  await app.register(businessRulesRoutes)

  app.get(
    '/sync/stream',
    {
      schema: {
        // No parameters: every (re)connect starts with RESYNC, and the device pulls from its own checkpoints.
        querystring: StreamQuery,
        response: { 200: { content: { 'text/event-stream': { schema: StreamEvents } } }, '4xx': ErrorAnswer },
      },
    },
    async (request, reply) => {
      // A console needs one stream (two while it reconnects): a device's oldest beyond a few is closed.
      const own = [...openStreams].filter(([, deviceId]) => deviceId === request.device!.id)
      for (const [older] of own.slice(0, Math.max(0, own.length - (maxStreamsPerDevice - 1)))) older()
      const close = attachSyncStream(app, request, reply)
      openStreams.set(close, request.device!.id)
      request.raw.on('close', () => openStreams.delete(close))
    },
  )

}
