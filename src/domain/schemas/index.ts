/**
 * Every synced collection (architecture §3, plus `needsAttention` for edits that lost a
 * conflict), by the name used in the sync API and in RxDB.
 * RxDB's open-source edition opens at most 13 collections at once; a test keeps us under it.
 */
import { BookingDocument, bookingsMigrationStrategies, bookingsSchema } from './bookings'
import { CallDocument, callsMigrationStrategies, callsSchema } from './calls'
import { ConversationDocument, conversationsMigrationStrategies, conversationsSchema } from './conversations'
import { CustomerDocument, customersMigrationStrategies, customersSchema } from './customers'
import { NeedsAttentionDocument, needsAttentionMigrationStrategies, needsAttentionSchema } from './needs-attention'
import { ExtensionDocument, extensionsSchema } from './extensions'
import { PackageDocument, packagesSchema } from './packages'
import { PaymentMatchDocument, paymentMatchesMigrationStrategies, paymentMatchesSchema } from './payment-matches'
import { SettingsDocument, settingsMigrationStrategies, settingsSchema } from './settings'
import { SuggestionDocument, suggestionsMigrationStrategies, suggestionsSchema } from './suggestions'
import { TransactionDocument, transactionsSchema } from './transactions'
import { TranscriptSegmentDocument, transcriptSegmentsMigrationStrategies, transcriptSegmentsSchema } from './transcript-segments'

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
  needsAttention: needsAttentionSchema,
} as const

export type CollectionName = keyof typeof collectionSchemas

type MigrationStrategy = (old: Record<string, unknown>) => Record<string, unknown>
/** One upgrade step per schema version above 0, for RxDB to apply to stored documents. */
export const collectionMigrationStrategies: Partial<Record<CollectionName, Record<number, MigrationStrategy>>> = {
  bookings: bookingsMigrationStrategies,
  calls: callsMigrationStrategies,
  conversations: conversationsMigrationStrategies,
  customers: customersMigrationStrategies,
  needsAttention: needsAttentionMigrationStrategies,
  paymentMatches: paymentMatchesMigrationStrategies,
  suggestions: suggestionsMigrationStrategies,
  settings: settingsMigrationStrategies,
  transcriptSegments: transcriptSegmentsMigrationStrategies,
}

/** The document schemas by collection, for validating documents outside RxDB (the relay). */
export const documentSchemas = {
  customers: CustomerDocument,
  bookings: BookingDocument,
  extensions: ExtensionDocument,
  calls: CallDocument,
  transcriptSegments: TranscriptSegmentDocument,
  suggestions: SuggestionDocument,
  conversations: ConversationDocument,
  transactions: TransactionDocument,
  paymentMatches: PaymentMatchDocument,
  packages: PackageDocument,
  settings: SettingsDocument,
  needsAttention: NeedsAttentionDocument,
} as const satisfies Record<CollectionName, unknown>
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
export * from './needs-attention'
export * from './packages'
export * from './payment-matches'
export * from './settings'
export * from './suggestions'
export * from './transactions'
export * from './transcript-segments'
export * from './booking-draft'
