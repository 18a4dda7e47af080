/**
 * Plaid objects as `/transactions/sync` and webhooks carry them, typed by the plaid SDK.
 */
import { createHash, randomUUID } from 'node:crypto'
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose'
import {
  TransactionPaymentChannelEnum,
  type Transaction,
  type TransactionCounterparty,
} from 'plaid'
import { randomId, unixSeconds } from '../simulator-server'

export interface PlaidTransactionInput {
  transactionId?: string
  accountId?: string
  /** Plaid's sign: positive = money out, negative = money in. Decimal dollars. */
  amount: number
  date: string
  name: string
  merchantName?: string | null
  payer?: string | null
  counterpartyName?: string | null
  pending?: boolean
  pendingTransactionId?: string | null
  authorizedDate?: string | null
  paymentChannel?: 'online' | 'in store' | 'other'
}

export const defaultAccountId = 'acc_sandbox_checking'

export function buildPlaidTransaction(input: PlaidTransactionInput): Transaction {
  const counterparties: TransactionCounterparty[] = input.counterpartyName
    ? [{ name: input.counterpartyName, type: 'payment_app' as TransactionCounterparty['type'], entity_id: null, website: null, logo_url: null, confidence_level: 'LOW' }]
    : []
  return {
    transaction_id: input.transactionId ?? randomId('txn_'),
    account_id: input.accountId ?? defaultAccountId,
    amount: input.amount,
    iso_currency_code: 'USD',
    unofficial_currency_code: null,
    date: input.date,
    datetime: null,
    authorized_date: input.authorizedDate ?? null,
    authorized_datetime: null,
    name: input.name,
    merchant_name: input.merchantName ?? null,
    original_description: null,
    payment_channel: (input.paymentChannel ?? 'other') as TransactionPaymentChannelEnum,
    pending: input.pending ?? false,
    pending_transaction_id: input.pendingTransactionId ?? null,
    transaction_code: null,
    account_owner: null,
    check_number: null,
    location: { address: null, city: null, region: null, postal_code: null, country: null, lat: null, lon: null, store_number: null },
    payment_meta: {
      payer: input.payer ?? null,
      payee: null,
      by_order_of: null,
      payment_method: null,
      payment_processor: null,
      ppd_id: null,
      reason: null,
      reference_number: null,
    },
    counterparties,
    merchant_entity_id: null,
    logo_url: null,
    website: null,
  }
}

export interface SyncUpdatesAvailableWebhook {
  webhook_type: 'TRANSACTIONS'
  webhook_code: 'SYNC_UPDATES_AVAILABLE'
  item_id: string
  initial_update_complete: boolean
  historical_update_complete: boolean
  environment: 'sandbox' | 'production'
}

export function buildSyncUpdatesAvailableWebhook(
  itemId: string,
  progress: { initialUpdateComplete?: boolean; historicalUpdateComplete?: boolean } = {},
): SyncUpdatesAvailableWebhook {
  return {
    webhook_type: 'TRANSACTIONS',
    webhook_code: 'SYNC_UPDATES_AVAILABLE',
    item_id: itemId,
    initial_update_complete: progress.initialUpdateComplete ?? true,
    historical_update_complete: progress.historicalUpdateComplete ?? true,
    environment: 'sandbox',
  }
}

export interface PlaidSigningKey {
  kid: string
  privateKey: CryptoKey
  /** The public half as Plaid serves it from `/webhook_verification_key/get`. */
  publicJwk: { alg: 'ES256'; crv: 'P-256'; kid: string; kty: 'EC'; use: 'sig'; x: string; y: string; created_at: number; expired_at: number | null }
}

/** A new P-256 signing key with its public half as Plaid serves it (not expired). */
export async function generatePlaidSigningKey(now: Date = new Date()): Promise<PlaidSigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true })
  const jwk = await exportJWK(publicKey)
  const kid = randomUUID()
  return {
    kid,
    privateKey,
    publicJwk: { alg: 'ES256', crv: 'P-256', kid, kty: 'EC', use: 'sig', x: jwk.x!, y: jwk.y!, created_at: unixSeconds(now), expired_at: null },
  }
}

/**
 * The `Plaid-Verification` header for `body`: an ES256 JWT with `iat` and the body's SHA-256.
 * Options let tests forge the failure cases (another algorithm, an old `iat`, a wrong hash).
 */
export async function signPlaidWebhook(
  body: string,
  key: PlaidSigningKey,
  options: { now?: Date; issuedAt?: Date; bodyHash?: string } = {},
): Promise<string> {
  const bodyHash = options.bodyHash ?? createHash('sha256').update(body).digest('hex')
  return new SignJWT({ request_body_sha256: bodyHash })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
    .setIssuedAt(unixSeconds(options.issuedAt ?? options.now ?? new Date()))
    .sign(key.privateKey)
}
