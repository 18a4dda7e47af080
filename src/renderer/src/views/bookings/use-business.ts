import { useMemo } from 'react'
import { demoBusinessProfile } from '../../../../domain/business-profile'
import { calendarDateInZone } from '../../../../domain/matching/calendar-days'
import type { Settings } from '../../../../domain/schemas'
import { useLiveQuery } from '../../db/use-live-query'
import { useSyncStore } from '../../stores/sync-store'

/**
 * The business settings (time slots, prices, time zone) and today's date in its zone. Front-desk
 * consoles never receive settings, and a relay without a settings document answers with the
 * built-in profile, so that profile stands in until the owner's settings are here.
 */
export function useBusiness(): { settings: Settings; fromOwner: boolean; today: string } {
  const { documents } = useLiveQuery<Settings>('settings')
  const stored = documents.find((document) => document.id === 'business') ?? null
  const settings = useMemo(() => stored ?? demoBusinessProfile(new Date(0).toISOString()), [stored])
  return { settings, fromOwner: stored !== null, today: businessToday(settings.timeZone) }
}

/**
 * Settings for texts to customers (a quote's business name): without the owner's settings (front
 * desk) a text must not name the built-in demo business.
 */
export function useCustomerTextSettings(): Settings {
  const { settings, fromOwner } = useBusiness()
  return useMemo(() => (fromOwner ? settings : { ...settings, businessName: '' }), [fromOwner, settings])
}

/** Today's calendar date where the business is. */
export function businessToday(timeZone: string, now = new Date()): string {
  try {
    return calendarDateInZone(now.toISOString(), timeZone)
  } catch {
    // An unknown zone in settings must not blank the view; the console's own zone is close enough.
    return calendarDateInZone(now.toISOString(), Intl.DateTimeFormat().resolvedOptions().timeZone)
  }
}

/** Who acts from this console, for the timeline: the owner's device or front desk, by device name. */
export function useActor(): { actor: 'owner' | 'staff'; by: string } {
  const sync = useSyncStore((state) => state.sync)
  const actor = sync?.role === 'owner' ? 'owner' : 'staff'
  return { actor, by: sync?.deviceName ?? (actor === 'owner' ? 'Owner console' : 'Front desk') }
}
