import { assertCents } from '../money'
import type { Settings } from '../schemas/settings'

export type PriceList = Pick<Settings, 'adultPriceCents' | 'childPriceCents' | 'partyMinimumCents'>

export interface PartySize {
  adults: number
  kids: number
}

export interface PartyPrice {
  /** Guests × per-head prices, before the party minimum. */
  foodCents: number
  /** The food price after the party minimum: what the guests' meals cost the customer. */
  subtotalCents: number
  minimumApplied: boolean
}

/** Prices the food for a party: adults and children (per the profile's age range) per head. */
export function priceParty(party: PartySize, prices: PriceList): PartyPrice {
  assertGuestCount(party.adults, 'adults')
  assertGuestCount(party.kids, 'kids')
  assertCents(prices.adultPriceCents)
  assertCents(prices.childPriceCents)
  assertCents(prices.partyMinimumCents)
  const foodCents = party.adults * prices.adultPriceCents + party.kids * prices.childPriceCents
  const subtotalCents = Math.max(foodCents, prices.partyMinimumCents)
  return { foodCents, subtotalCents, minimumApplied: subtotalCents > foodCents }
}

function assertGuestCount(count: number, label: string): void {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`${label} must be a whole number of guests, got ${count}`)
  }
}
