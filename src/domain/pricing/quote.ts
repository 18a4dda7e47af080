import type { Settings } from '../schemas/settings'
import { priceParty, type PartySize } from './party-price'
import { travelFee } from './travel-fee'

export type QuoteRules = Pick<
  Settings,
  | 'adultPriceCents'
  | 'childPriceCents'
  | 'partyMinimumCents'
  | 'travelFreeMiles'
  | 'travelCentsPerMile'
  | 'serviceAreaMiles'
>

/** How far the event is from the base, when known. */
export interface QuoteDistance {
  miles: number
  /** True when the distance comes from ZIP/city centroids rather than a routing service. */
  isEstimate: boolean
}

/** The quote of architecture §7 (field names are part of the `agent` command's contract). */
export interface Quote {
  adults: number
  kids: number
  subtotalCents: number
  /** Null while the event's location (and so its distance) is unknown, or when declined. */
  travelFeeCents: number | null
  totalCents: number | null
  distanceMiles: number | null
  distanceIsEstimate: boolean
  /** True when the event is beyond the service area: we offer a call instead of a price. */
  declined: boolean
  reason: string | null
}

export function buildQuote(party: PartySize, distance: QuoteDistance | null, rules: QuoteRules): Quote {
  const { subtotalCents, minimumApplied } = priceParty(party, rules)
  const base = { adults: party.adults, kids: party.kids, subtotalCents }
  const minimumNote = minimumApplied ? 'Party minimum applies.' : null
  if (distance === null) {
    return {
      ...base,
      travelFeeCents: null,
      totalCents: null,
      distanceMiles: null,
      distanceIsEstimate: false,
      declined: false,
      reason: joinNotes(minimumNote, 'Travel fee depends on the event location.'),
    }
  }
  const fee = travelFee(distance.miles, rules)
  if (fee.kind === 'outside_service_area') {
    return {
      ...base,
      travelFeeCents: null,
      totalCents: null,
      distanceMiles: fee.billedMiles,
      distanceIsEstimate: distance.isEstimate,
      declined: true,
      reason: `About ${fee.billedMiles} miles away, beyond our ${rules.serviceAreaMiles}-mile service area.`,
    }
  }
  return {
    ...base,
    travelFeeCents: fee.feeCents,
    totalCents: subtotalCents + fee.feeCents,
    distanceMiles: fee.billedMiles,
    distanceIsEstimate: distance.isEstimate,
    declined: false,
    reason: minimumNote,
  }
}

function joinNotes(...notes: (string | null)[]): string | null {
  const present = notes.filter((note): note is string => note !== null)
  return present.length > 0 ? present.join(' ') : null
}
