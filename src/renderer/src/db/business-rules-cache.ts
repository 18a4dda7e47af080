/**
 * The business rules a front-desk console last received from the relay, kept in localStorage so
 * its booking drafts are priced and placed with the real business while offline too. Whatever is
 * read back is checked against the schema: a stale or tampered entry counts as nothing cached.
 */
import { Value } from 'typebox/value'
import { BusinessRulesResponse, type BusinessRules } from '../../../domain/business-rules'

export interface CachedBusinessRules {
  /** Null: the relay said the business is not set up yet. */
  rules: BusinessRules | null
  fetchedAt: string
}

export class BusinessRulesCache {
  constructor(
    private readonly storageKey: string,
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null = globalThis.localStorage ?? null,
  ) {}

  read(): CachedBusinessRules | null {
    try {
      const stored = JSON.parse(this.storage?.getItem(this.storageKey) ?? 'null') as { rules?: unknown; fetchedAt?: unknown } | null
      if (!stored || typeof stored.fetchedAt !== 'string' || !Value.Check(BusinessRulesResponse, { rules: stored.rules })) return null
      return { rules: stored.rules as BusinessRules | null, fetchedAt: stored.fetchedAt }
    } catch {
      return null
    }
  }

  write(entry: CachedBusinessRules): void {
    this.storage?.setItem(this.storageKey, JSON.stringify(entry))
  }

  clear(): void {
    this.storage?.removeItem(this.storageKey)
  }
}
