/**
 * The Plaid SDK client, pointed at `PLAID_BASE_URL` (the sandbox simulator in tests and the demo;
 * Plaid's own sandbox when unset). Credentials travel as `PLAID-CLIENT-ID` / `PLAID-SECRET`
 * headers on every call.
 */
import { Configuration, PlaidApi, PlaidEnvironments } from 'plaid'
import type { RelayConfig } from '../../config/config'

type PlaidSettings = RelayConfig['providers']['plaid']

export function createPlaidClient(settings: PlaidSettings): PlaidApi {
  const headers: Record<string, string> = {}
  if (settings.clientId) headers['PLAID-CLIENT-ID'] = settings.clientId
  if (settings.secret) headers['PLAID-SECRET'] = settings.secret
  return new PlaidApi(
    new Configuration({ basePath: settings.baseUrl ?? PlaidEnvironments.sandbox, baseOptions: { headers, timeout: 15_000 } }),
  )
}

/** Plaid's error body (`error_code`, …) from an SDK (axios) error, if the API answered one. */
export function plaidErrorOf(error: unknown): { status: number; errorCode: string | null } | null {
  const response = (error as { response?: { status?: unknown; data?: unknown } } | null)?.response
  if (!response || typeof response.status !== 'number') return null
  const data = response.data as { error_code?: unknown } | undefined
  return { status: response.status, errorCode: typeof data?.error_code === 'string' ? data.error_code : null }
}

/** A Plaid call failed; the message names the error code only (no tokens, no bodies). */
export class PlaidApiError extends Error {
  /** Plaid's `error_code`, when Plaid answered one. */
  readonly errorCode: string | null
  constructor(operation: string, error: unknown) {
    const plaid = plaidErrorOf(error)
    super(plaid ? `${operation} failed: HTTP ${plaid.status} ${plaid.errorCode ?? ''}`.trim() : `${operation} failed: no answer from Plaid`)
    this.name = 'PlaidApiError'
    this.errorCode = plaid?.errorCode ?? null
  }
}
