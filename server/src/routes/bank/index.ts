/**
 * The owner's bank connection (Plaid Link), for owner devices only; front desk gets 403.
 *
 * - `GET /bank/items` — linked banks: institution, accounts (mask, type), status, last sync, and
 *   the progress of a sync in flight.
 * - `POST /bank/link-token` `{ itemId? }` — a link token for Link (with `itemId`: update mode).
 * - `POST /bank/items` `{ publicToken }` — exchanges Link's public token; the first sync starts.
 * - `POST /bank/items/:itemId/reconnected` — after update mode: the relay asks Plaid and syncs.
 * - `DELETE /bank/items/:itemId` — removes the Item through Plaid's `/item/remove`.
 *
 * Tokens never leave the relay: the console gets a link token (useless without the relay's
 * secret) and sends back a one-time public token.
 */
import { Type } from 'typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { RelayApp } from '../../app'
import { deviceAuthentication } from '../../plugins/device-auth'
import { UnknownBankItemError } from '../../providers/plaid/bank-connection'
import { PlaidApiError } from '../../providers/plaid/plaid-client'

const ItemId = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' })
const ErrorResponse = Type.Object({ error: Type.String(), message: Type.String() })
const BankItem = Type.Object({
  itemId: Type.String(),
  institution: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
  accounts: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      mask: Type.Union([Type.String(), Type.Null()]),
      type: Type.String(),
      subtype: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  status: Type.String(),
  errorCode: Type.Union([Type.String(), Type.Null()]),
  statusChangedAt: Type.Union([Type.String(), Type.Null()]),
  consentExpiresAt: Type.Union([Type.String(), Type.Null()]),
  linkedAt: Type.String(),
  lastSyncedAt: Type.Union([Type.String(), Type.Null()]),
  sync: Type.Object({ state: Type.String(), transactionsPulled: Type.Integer(), error: Type.Union([Type.String(), Type.Null()]) }),
})
const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse, 502: ErrorResponse }
/** Owner actions that reach Plaid; generous for a person, tight for a script. */
const plaidCallLimit = { rateLimit: { max: 30, timeWindow: '1 minute' } }

async function ownerOnly(request: FastifyRequest, reply: FastifyReply) {
  if (request.device?.role !== 'owner') {
    return reply.code(403).send({ error: 'forbidden', message: "Only the owner's devices may manage the bank connection." })
  }
}

/** Where Plaid delivers the Item's webhooks: RELAY_PUBLIC_URL, else the address the relay listens on. */
function webhookAddress(app: RelayApp): string {
  const publicUrl = app.relayConfig.publicUrl
  if (publicUrl) return `${publicUrl}/webhooks/plaid`
  const listening = app.server.address()
  if (!listening || typeof listening === 'string') return `http://${app.relayConfig.host}:${app.relayConfig.port}/webhooks/plaid`
  const host = listening.family === 'IPv6' ? `[${listening.address}]` : listening.address
  return `http://${host}:${listening.port}/webhooks/plaid`
}

export async function bankRoutes(app: RelayApp) {
  app.addHook('preHandler', deviceAuthentication())
  app.addHook('preHandler', ownerOnly)
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof UnknownBankItemError) return reply.code(404).send({ error: 'unknown_bank', message: error.message })
    if (error instanceof PlaidApiError && error.errorCode === 'INVALID_PUBLIC_TOKEN') {
      return reply.code(400).send({ error: 'invalid_public_token', message: 'Plaid did not accept that public token (it is used, expired or not from Link). Connect again.' })
    }
    if (error instanceof PlaidApiError) {
      request.log.warn({ err: error }, 'Plaid call failed')
      return reply.code(502).send({ error: 'plaid_unavailable', message: `Plaid did not accept the request (${error.message}). Try again in a moment.` })
    }
    // Validation and the relay's general error handling (no internals in a 5xx).
    throw error
  })

  app.get('/bank/items', { schema: { response: { 200: Type.Object({ items: Type.Array(BankItem), syncIntervalMs: Type.Integer() }), ...errors } } }, async () => ({
    items: await app.bank.list(),
    syncIntervalMs: app.bank.syncIntervalMs,
  }))

  app.post(
    '/bank/link-token',
    {
      schema: {
        body: Type.Object({ itemId: Type.Optional(ItemId) }, { additionalProperties: false }),
        response: { 201: Type.Object({ linkToken: Type.String(), expiration: Type.String(), mode: Type.Union([Type.Literal('create'), Type.Literal('update')]) }), ...errors },
      },
      config: plaidCallLimit,
    },
    async (request, reply) => {
      const { itemId } = request.body ?? {}
      const created = await app.bank.createLinkToken({ deviceId: request.device!.id, webhookUrl: webhookAddress(app), itemId })
      return reply.code(201).send({ ...created, mode: itemId ? 'update' : 'create' })
    },
  )

  app.post(
    '/bank/items',
    {
      schema: {
        body: Type.Object({ publicToken: Type.String({ minLength: 1, maxLength: 200, pattern: '^public-[A-Za-z0-9-]+$' }) }, { additionalProperties: false }),
        response: { 201: Type.Object({ item: BankItem }), ...errors },
      },
      config: plaidCallLimit,
    },
    async (request, reply) => {
      const item = await app.bank.connect(request.body.publicToken)
      request.log.info({ itemId: item.itemId, deviceId: request.device!.id }, 'bank connected')
      return reply.code(201).send({ item })
    },
  )

  app.post(
    '/bank/items/:itemId/reconnected',
    { schema: { params: Type.Object({ itemId: ItemId }), response: { 200: Type.Object({ item: BankItem }), ...errors } }, config: plaidCallLimit },
    async (request) => ({ item: await app.bank.reconnected(request.params.itemId) }),
  )

  app.delete(
    '/bank/items/:itemId',
    { schema: { params: Type.Object({ itemId: ItemId }), response: { 204: Type.Null(), ...errors } }, config: plaidCallLimit },
    async (request, reply) => {
      await app.bank.remove(request.params.itemId)
      request.log.info({ itemId: request.params.itemId, deviceId: request.device!.id }, 'bank removed by the owner')
      return reply.code(204).send(null)
    },
  )
}
