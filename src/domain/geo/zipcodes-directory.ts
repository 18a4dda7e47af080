import zipcodes, { type ZipCode } from 'zipcodes'
import type { PlaceDirectory } from './place-directory'

/**
 * The `zipcodes` package's US/Canada data set as a PlaceDirectory. The data is plain JavaScript
 * (no file or network access), but it is several megabytes: import this module only where the
 * directory is wired up (relay, command-line tools), never from modules the console bundles.
 */
export function createZipcodesDirectory(): PlaceDirectory {
  let byStateAndCity: Map<string, ZipCode[]> | null = null
  return {
    byZip(zip) {
      const fiveDigits = /^\d{5}/.exec(zip.trim())?.[0]
      if (fiveDigits === undefined) return null
      const entry = zipcodes.lookup(fiveDigits)
      if (entry === undefined || entry.country !== 'US') return null
      return { zip: entry.zip, city: entry.city, state: entry.state, latitude: entry.latitude, longitude: entry.longitude }
    },
    byCity(city, state) {
      // The package scans every ZIP of the state per lookup; the agent tries several names per message.
      byStateAndCity ??= indexByStateAndCity()
      const entries = byStateAndCity.get(`${state.trim().toUpperCase()}|${city.trim().toUpperCase()}`) ?? []
      if (entries.length === 0) return null
      // A city has many ZIP codes; their mean is a fair stand-in for "the city".
      const latitude = entries.reduce((sum, entry) => sum + entry.latitude, 0) / entries.length
      const longitude = entries.reduce((sum, entry) => sum + entry.longitude, 0) / entries.length
      const first = entries[0]!
      return { zip: null, city: first.city, state: first.state, latitude, longitude }
    },
  }
}

function indexByStateAndCity(): Map<string, ZipCode[]> {
  const index = new Map<string, ZipCode[]>()
  for (const entry of Object.values(zipcodes.codes)) {
    const key = `${entry.state.toUpperCase()}|${entry.city.toUpperCase()}`
    const list = index.get(key)
    if (list) list.push(entry)
    else index.set(key, [entry])
  }
  return index
}
