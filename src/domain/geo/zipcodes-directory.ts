import zipcodes from 'zipcodes'
import type { PlaceDirectory } from './place-directory'

/**
 * The `zipcodes` package's US/Canada data set as a PlaceDirectory. The data is plain JavaScript
 * (no file or network access), but it is several megabytes: import this module only where the
 * directory is wired up (relay, command-line tools), never from modules the console bundles.
 */
export function createZipcodesDirectory(): PlaceDirectory {
  return {
    byZip(zip) {
      const fiveDigits = /^\d{5}/.exec(zip.trim())?.[0]
      if (fiveDigits === undefined) return null
      const entry = zipcodes.lookup(fiveDigits)
      if (entry === undefined || entry.country !== 'US') return null
      return { zip: entry.zip, city: entry.city, state: entry.state, latitude: entry.latitude, longitude: entry.longitude }
    },
    byCity(city, state) {
      const entries = zipcodes.lookupByName(city.trim(), state.trim())
      if (entries.length === 0) return null
      // A city has many ZIP codes; their mean is a fair stand-in for "the city".
      const latitude = entries.reduce((sum, entry) => sum + entry.latitude, 0) / entries.length
      const longitude = entries.reduce((sum, entry) => sum + entry.longitude, 0) / entries.length
      const first = entries[0]!
      return { zip: null, city: first.city, state: first.state, latitude, longitude }
    },
  }
}
