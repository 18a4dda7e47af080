import type { Settings } from '../schemas/settings'
import { greatCircleMiles } from './great-circle'
import type { Place, PlaceDirectory } from './place-directory'

/** Where an event is, as far as the customer told us. */
export interface EventLocation {
  zip: string | null
  city: string | null
  /** Two-letter state; the business's own state is assumed when missing. */
  state: string | null
}

export interface DistanceResult {
  miles: number
  /** True for offline centroid estimates; a routing service (driving distance) sets false. */
  isEstimate: boolean
  /** The place the distance was measured to, for the reply ("San Jose, CA"). */
  place: { city: string; state: string; zip: string | null }
}

/**
 * Distance from the business's base location to an event. Async so that a routing service
 * (Google's Distance Matrix, when a maps key is configured) can implement it later; the offline
 * implementation below answers from bundled ZIP/city centroids.
 */
export interface DistanceEstimator {
  distanceFromBase(location: EventLocation): Promise<DistanceResult | null>
}

export type BaseLocation = Settings['baseLocation']

/** Straight-line distance between ZIP or city centroids, labelled as an estimate. */
export function createCentroidDistanceEstimator(
  directory: PlaceDirectory,
  base: BaseLocation,
): DistanceEstimator {
  const basePlace = directory.byZip(base.zip) ?? directory.byCity(base.city, base.state)
  return {
    async distanceFromBase(location) {
      if (basePlace === null) return null
      const place = resolvePlace(directory, location, base.state)
      if (place === null) return null
      // A city's centroid can sit miles from the base ZIP; "in Fremont" means at home for Fremont.
      if (place.zip === null && isSameCity(place, base)) {
        return { miles: 0, isEstimate: true, place: { city: place.city, state: place.state, zip: null } }
      }
      const sameZip = place.zip !== null && place.zip === basePlace.zip
      const miles = sameZip ? 0 : roundToTenth(greatCircleMiles(basePlace, place))
      return { miles, isEstimate: true, place: { city: place.city, state: place.state, zip: place.zip } }
    },
  }
}

/** A ZIP is more precise than a city name, so it wins when both are given. */
export function resolvePlace(directory: PlaceDirectory, location: EventLocation, defaultState: string): Place | null {
  if (location.zip !== null) {
    const byZip = directory.byZip(location.zip)
    if (byZip !== null) return byZip
  }
  if (location.city !== null) return directory.byCity(location.city, location.state ?? defaultState)
  return null
}

function isSameCity(place: Place, base: BaseLocation): boolean {
  return place.city.toLowerCase() === base.city.toLowerCase() && place.state.toLowerCase() === base.state.toLowerCase()
}

function roundToTenth(miles: number): number {
  return Math.round(miles * 10) / 10
}
