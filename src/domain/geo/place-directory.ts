/** A ZIP code or city reduced to one point: enough to estimate distances offline. */
export interface Place {
  zip: string | null
  city: string
  /** Two-letter state code. */
  state: string
  latitude: number
  longitude: number
}

/**
 * Looks places up in a bundled data set. An interface so the domain stays free of the data
 * package: the relay and the command-line tools inject an implementation.
 */
export interface PlaceDirectory {
  byZip(zip: string): Place | null
  /** The centroid of a city's ZIP codes; null when the city is unknown in that state. */
  byCity(city: string, state: string): Place | null
}
