/**
 * `GET /sync/stream`: Server-Sent Events of `{collection, documents, checkpoint}` as documents
 * change, and `RESYNC` when a connection (re)opens so the device pulls what it missed.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { ownerOnlyCollections } from '../../../src/domain/schemas'
import type { RelayApp } from '../app'

const keepAliveMs = 20_000

/** Opens the stream on a hijacked reply; returns a function that ends it (for relay shutdown). */
export function attachSyncStream(app: RelayApp, request: FastifyRequest, reply: FastifyReply): () => void {
  const isOwner = request.device!.role === 'owner'
  reply.hijack()
  reply.raw.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  })
  const send = (data: unknown) => reply.raw.write(`data: ${JSON.stringify(data)}\n\n`)
  send('RESYNC')

  const detach = app.storage.documents.onChange((collection, documents, { ownerOnly }) => {
    if (!isOwner && (ownerOnly || ownerOnlyCollections.includes(collection))) return
    const last = documents.at(-1)!
    send({ collection, documents, checkpoint: { updatedAt: last.updatedAt, id: last.id } })
  })
  const keepAlive = setInterval(() => reply.raw.write(': keep-alive\n\n'), keepAliveMs)
  let open = true
  const close = () => {
    if (!open) return
    open = false
    clearInterval(keepAlive)
    detach()
    reply.raw.end()
  }
  request.raw.on('close', close)
  return close
}
