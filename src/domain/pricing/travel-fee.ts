import { assertCents } from '../money'
import type { Settings } from '../schemas/settings'

export type TravelRules = Pick<Settings, 'travelFreeMiles' | 'travelCentsPerMile' | 'serviceAreaMiles'>

export type TravelFee =
  | { kind: 'fee'; billedMiles: number; feeCents: number }
  | { kind: 'outside_service_area'; billedMiles: number }

/**
 * Travel is charged per whole mile beyond the free radius. Distances are rounded to the nearest
 * mile first, so an estimate of 40.4 miles bills the same as 40 and the customer never sees
 * fractions of a cent.
 */
export function travelFee(distanceMiles: number, rules: TravelRules): TravelFee {
  if (!Number.isFinite(distanceMiles) || distanceMiles < 0) {
    throw new RangeError(`Distance must be a non-negative number of miles, got ${distanceMiles}`)
  }
  assertCents(rules.travelCentsPerMile)
  const billedMiles = Math.round(distanceMiles)
  if (billedMiles > rules.serviceAreaMiles) return { kind: 'outside_service_area', billedMiles }
  const chargedMiles = Math.max(0, billedMiles - rules.travelFreeMiles)
  return { kind: 'fee', billedMiles, feeCents: chargedMiles * rules.travelCentsPerMile }
}
