import { calendarDateInZone } from '../../../../domain/matching/calendar-days'
import type { BusinessRules } from '../../../../domain/business-rules'
import type { CustomerTextSettings } from '../../../../domain/conversations/suggestion-text'
import type { Settings } from '../../../../domain/schemas'
import { useLiveQuery } from '../../db/use-live-query'
import { useBusinessRulesStore } from '../../stores/business-rules-store'
import { useSyncStore } from '../../stores/sync-store'

export interface Business {
  /**
   * Prices, deposit, travel rules, time slots and time zone: from the owner's settings on an
   * owner console, from the relay's read-only business rules on a front desk. Null while the
   * business is not set up (nothing is priced then: there is no stand-in business).
   */
  rules: BusinessRules | null
  /** Still waiting for the settings or the rules (a front desk that has never reached the relay). */
  loading: boolean
  /** Today's calendar date where the business is (this computer's zone until it is set up). */
  today: string
}

export function useBusiness(): Business {
  const role = useSyncStore((state) => state.sync?.role ?? null)
  const settingsQuery = useLiveQuery<Settings>('settings')
  const frontDesk = useBusinessRulesStore((state) => state.rules)
  const stored = settingsQuery.documents.find((document) => document.id === 'business') ?? null
  const rules: BusinessRules | null = role === 'owner' ? stored : (frontDesk ?? null)
  const loading = role === 'owner' ? settingsQuery.loading : frontDesk === undefined
  return { rules, loading, today: businessToday(rules?.timeZone ?? localTimeZone()) }
}

let computerTimeZone: string | undefined

/** This computer's zone, read once: building a formatter to ask costs more than a render should. */
function localTimeZone(): string {
  computerTimeZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone
  return computerTimeZone
}

/**
 * What texts to customers are written with (a quote names the business and its deposit): the
 * owner's settings, or front desk's business rules with the default templates; null until the
 * business is set up, and then no quote is texted.
 */
export function useCustomerTextSettings(): CustomerTextSettings | null {
  return useBusiness().rules
}

/** Today's calendar date where the business is. */
export function businessToday(timeZone: string, now = new Date()): string {
  try {
    return calendarDateInZone(now.toISOString(), timeZone)
  } catch {
    // An unknown zone in settings must not blank the view; the console's own zone is close enough.
    return calendarDateInZone(now.toISOString(), localTimeZone())
  }
}

/** Who acts from this console, for the timeline: the owner's device or front desk, by device name. */
export function useActor(): { actor: 'owner' | 'staff'; by: string } {
  const sync = useSyncStore((state) => state.sync)
  const actor = sync?.role === 'owner' ? 'owner' : 'staff'
  return { actor, by: sync?.deviceName ?? (actor === 'owner' ? 'Owner console' : 'Front desk') }
}
