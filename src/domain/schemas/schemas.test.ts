import { afterEach, describe, expect, it } from 'vitest'
import { Value } from 'typebox/value'
import { addRxPlugin, createRxDatabase, type RxDatabase } from 'rxdb'
import { RxDBDevModePlugin, disableWarnings } from 'rxdb/plugins/dev-mode'
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv'
import { demoBusinessProfile } from '../business-profile'
import {
  BookingDocument,
  collectionNames,
  collectionSchemas,
  type Booking,
  collectionMigrationStrategies,
  settingsMigrationStrategies,
  SettingsDocument,
  type CollectionName,
} from './index'

disableWarnings()
addRxPlugin(RxDBDevModePlugin)
addRxPlugin(RxDBMigrationSchemaPlugin)

/** Collections whose schema version was bumped, with the strategies the console uses. */
const migrationStrategies = collectionMigrationStrategies

const at = '2026-11-22T18:00:00.000Z'

/** One valid document per collection: proves each schema accepts what the product stores. */
const samples: Record<CollectionName, Record<string, unknown>> = {
  customers: {
    id: 'cus_1', updatedAt: at, name: 'Dana Whitfield', phone: '+14085550199', email: null,
    notes: '', smsOptOut: false, createdAt: at,
  },
  bookings: {
    id: 'bk_1', updatedAt: at, customerId: 'cus_1', customerName: 'Dana Whitfield',
    customerPhone: '+14085550199', customerEmail: null, eventDate: '2026-12-12', eventTime: '17:00',
    adults: 30, kids: 0, address: null, zip: '94539', subtotalCents: 165000, travelFeeCents: 0,
    totalCents: 165000, depositCents: 10000, paidCents: 0, status: 'confirmed', notes: '',
    createdAt: at,
  },
  extensions: {
    id: 'ext_101', updatedAt: at, extensionNumber: '101', ringCentralExtensionId: '62264425016',
    employeeName: 'Kenji Sato', role: 'owner', status: 'available',
    workingHours: [{ weekday: 1, start: '09:00', end: '17:00' }], isPrimary: true,
    alertPhone: '+15105550111',
  },
  calls: {
    id: 'call_1', updatedAt: at, telephonySessionId: 's-a6abd24ca6774373', direction: 'inbound',
    fromNumber: '+14085550199', toNumber: '+15105550100', customerId: null, status: 'ringing',
    startedAt: at, endedAt: null, escalated: false, escalationReason: null,
    assignedExtensionId: null, summary: '',
  },
  transcriptSegments: {
    id: 'seg_1', updatedAt: at, callId: 'call_1', speaker: 'caller', text: 'Hi there',
    startMs: 0, endMs: 900, isFinal: true,
  },
  suggestions: {
    id: 'sug_1', updatedAt: at, callId: 'call_1', conversationId: null, kind: 'quote',
    title: 'Quote for 30 adults', text: '$1,650.00, no travel fee', status: 'open', createdAt: at,
  },
  conversations: {
    id: 'conv_1', updatedAt: at, customerPhone: '+14085550199', customerId: null,
    messages: [{ id: 'm1', direction: 'inbound', author: 'customer', text: 'Price for 30?', at, status: 'received' }],
    needsHuman: false, lastMessageAt: at,
  },
  transactions: {
    id: 'txn_1', updatedAt: at, accountId: 'acc_1', amountCents: -10000, currency: 'USD',
    date: '2026-11-20', authorizedDate: null, description: 'Zelle from DANA WHITFIELD',
    merchantName: null, counterpartyName: 'Dana Whitfield', paymentChannel: 'other',
    pending: false, pendingTransactionId: null, removed: false,
  },
  paymentMatches: {
    id: 'pm_1', updatedAt: at, transactionId: 'txn_1', bookingId: 'bk_1', paymentType: 'deposit',
    confidence: 0.95, status: 'auto_accepted', reasons: ['name matches'], decidedBy: null,
    decidedAt: null,
  },
  packages: {
    id: 'pkg_1', updatedAt: at, name: 'Holiday feast', description: 'Lobster add-on included',
    pricePerAdultCents: 6500, pricePerChildCents: 3500, validFrom: '2026-12-01',
    validTo: '2026-12-31', active: true,
  },
  settings: demoBusinessProfile(at),
  needsAttention: {
    id: 'att_1', updatedAt: at, kind: 'rejected_edit', title: 'Your change to a booking was not applied',
    collectionName: 'bookings', documentId: 'bk_1', conflictingFields: ['status'],
    serverState: { status: 'confirmed' }, rejectedEdit: { status: 'cancelled' }, deviceId: 'dev_1',
    deviceName: 'Front desk laptop', createdAt: at, status: 'open', resolvedBy: null, resolvedAt: null,
  },
}

describe('collection schemas', () => {
  let db: RxDatabase | undefined
  afterEach(async () => {
    await db?.remove()
    db = undefined
  })

  it('stays under the 13 collections RxDB opens at once', () => {
    expect(collectionNames.length).toBeLessThanOrEqual(13)
  })

  it('are accepted by RxDB and store a valid document in every collection', async () => {
    db = await createRxDatabase({
      name: `schemas-${Date.now()}`,
      storage: wrappedValidateAjvStorage({ storage: getRxStorageMemory() }),
    })
    await db.addCollections(
      Object.fromEntries(
        collectionNames.map((name) => [name, { schema: collectionSchemas[name] as never, migrationStrategies: migrationStrategies[name] ?? {} }]),
      ),
    )
    for (const name of collectionNames) {
      await db.collections[name]!.insert(samples[name])
      const stored = await db.collections[name]!.findOne(samples[name]!.id as string).exec()
      expect(stored?.toJSON()).toMatchObject(samples[name]!)
    }
  })

  it('refuses fractional cents and unknown fields in RxDB', async () => {
    db = await createRxDatabase({
      name: `schemas-bad-${Date.now()}`,
      storage: wrappedValidateAjvStorage({ storage: getRxStorageMemory() }),
    })
    await db.addCollections({ bookings: { schema: collectionSchemas.bookings as never, migrationStrategies: migrationStrategies.bookings } })
    await expect(
      db.collections.bookings!.insert({ ...samples.bookings, id: 'bk_2', totalCents: 1650.5 }),
    ).rejects.toThrow()
    await expect(
      db.collections.bookings!.insert({ ...samples.bookings, id: 'bk_3', surprise: true }),
    ).rejects.toThrow()
  })

  it('upgrades a settings document stored before FAQs existed (version 0) to one with an empty FAQ list', async () => {
    const name = `schemas-migrate-${Date.now()}`
    const { faqs: _none, ...before } = demoBusinessProfile(at)
    const versionZero = { ...collectionSchemas.settings, version: 0, properties: { ...collectionSchemas.settings.properties } }
    delete (versionZero.properties as Record<string, unknown>).faqs
    // One in-memory storage for both opens: it keeps the data after the first database closes.
    const storage = wrappedValidateAjvStorage({ storage: getRxStorageMemory() })
    const old = await createRxDatabase({ name, storage })
    await old.addCollections({ settings: { schema: versionZero as never } })
    await old.collections.settings!.insert(before)
    await old.close()

    db = await createRxDatabase({ name, storage })
    await db.addCollections({ settings: { schema: collectionSchemas.settings as never, migrationStrategies: settingsMigrationStrategies } })
    const upgraded = await db.collections.settings!.findOne('business').exec()
    expect(upgraded?.toJSON()).toMatchObject({ ...before, faqs: [] })
  })

  it('upgrades a booking stored before version 1 to one with empty status facts and timeline', async () => {
    const name = `schemas-migrate-bookings-${Date.now()}`
    const before = { ...samples.bookings } as Record<string, unknown>
    for (const field of ['quotedAt', 'confirmedAt', 'cancelledAt', 'sourceSuggestionId', 'depositCheckout', 'timeline']) delete before[field]
    const properties = { ...collectionSchemas.bookings.properties } as Record<string, unknown>
    for (const field of ['quotedAt', 'confirmedAt', 'cancelledAt', 'sourceSuggestionId', 'depositCheckout', 'timeline']) delete properties[field]
    const storage = wrappedValidateAjvStorage({ storage: getRxStorageMemory() })
    const old = await createRxDatabase({ name, storage })
    await old.addCollections({ bookings: { schema: { ...collectionSchemas.bookings, version: 0, properties } as never } })
    await old.collections.bookings!.insert(before)
    await old.close()

    db = await createRxDatabase({ name, storage })
    await db.addCollections({ bookings: { schema: collectionSchemas.bookings as never, migrationStrategies: migrationStrategies.bookings } })
    const upgraded = await db.collections.bookings!.findOne(String(before.id)).exec()
    expect(upgraded?.toJSON()).toMatchObject({ ...before, quotedAt: null, confirmedAt: null, cancelledAt: null, depositCheckout: null, timeline: [] })
  })

  it('lets the relay keep accepting settings stored without FAQs, but not malformed ones', () => {
    const { faqs: _none, ...withoutFaqs } = demoBusinessProfile(at)
    expect(Value.Check(SettingsDocument, withoutFaqs)).toBe(true)
    expect(Value.Check(SettingsDocument, { ...withoutFaqs, faqs: [{ question: 'Hours?', keywords: ['hours'] }] })).toBe(false)
  })

  it('gives the relay the same validation as the console', () => {
    const booking = samples.bookings as Booking
    expect(Value.Check(BookingDocument, booking)).toBe(true)
    expect(Value.Check(BookingDocument, { ...booking, eventDate: '12/12/2026' })).toBe(false)
    expect(Value.Check(BookingDocument, { ...booking, status: 'maybe' })).toBe(false)
    expect(Value.Check(BookingDocument, { ...booking, customerPhone: '408-555-0199' })).toBe(false)
  })
})
