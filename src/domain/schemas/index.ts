/**
 * Every synced collection (architecture §3), by the name used in the sync API and in RxDB.
 * RxDB's open-source edition opens at most 13 collections at once; a test keeps us under it.
 */
import { bookingsSchema } from './bookings'
import { callsSchema } from './calls'
import { conversationsSchema } from './conversations'
import { customersSchema } from './customers'
import { extensionsSchema } from './extensions'
import { packagesSchema } from './packages'
import { paymentMatchesSchema } from './payment-matches'
import { settingsSchema } from './settings'
import { suggestionsSchema } from './suggestions'
import { transactionsSchema } from './transactions'
import { transcriptSegmentsSchema } from './transcript-segments'

export const collectionSchemas = {
  customers: customersSchema,
  bookings: bookingsSchema,
  extensions: extensionsSchema,
  calls: callsSchema,
  transcriptSegments: transcriptSegmentsSchema,
  suggestions: suggestionsSchema,
  conversations: conversationsSchema,
  transactions: transactionsSchema,
  paymentMatches: paymentMatchesSchema,
  packages: packagesSchema,
  settings: settingsSchema,
} as const

export type CollectionName = keyof typeof collectionSchemas
export const collectionNames = Object.keys(collectionSchemas) as CollectionName[]

export function isCollectionName(name: string): name is CollectionName {
  return Object.hasOwn(collectionSchemas, name)
}

/** Collections a front-desk device may neither read nor write (architecture §6). */
export const ownerOnlyCollections: readonly CollectionName[] = [
  'transactions',
  'paymentMatches',
  'settings',
]

export * from './bookings'
export * from './calls'
export * from './common'
export * from './conversations'
export * from './customers'
export * from './extensions'
export * from './packages'
export * from './payment-matches'
export * from './settings'
export * from './suggestions'
export * from './transactions'
export * from './transcript-segments'
