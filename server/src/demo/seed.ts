/**
 * Seeds the demo business (resources/demo/business.json) into an empty relay: the business
 * profile, extensions, packages and a handful of bookings priced with the real quote rules.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { demoBusinessProfile } from '../../../src/domain/business-profile'
import { buildQuote } from '../../../src/domain/pricing/quote'
import type { Booking, Extension, Package } from '../../../src/domain/schemas'
import type { RelayStorage } from '../storage/relay-storage'
import { ask } from '../storage/unit-of-work'

export const demoBusinessFile = fileURLToPath(new URL('../../../resources/demo/business.json', import.meta.url))

interface DemoBusiness {
  extensions: Omit<Extension, 'updatedAt' | 'ringCentralExtensionId'>[]
  packages: (Omit<Package, 'updatedAt' | 'validFrom' | 'validTo' | 'active'> & { validFromInDays: number; validToInDays: number })[]
  bookings: {
    id: string
    customerName: string
    customerPhone: string
    adults: number
    kids: number
    zip: string
    eventInDays: number
    eventTime: string
    createdDaysAgo: number
    travelFeeCents: number
    paidCents: number
    status: Booking['status']
  }[]
}

const day = 24 * 60 * 60 * 1000
const dateIn = (now: Date, days: number) => new Date(now.getTime() + days * day).toISOString().slice(0, 10)

function readDemoBusiness(file: string): DemoBusiness {
  return JSON.parse(readFileSync(file, 'utf8')) as DemoBusiness
}

/** The demo business's seasonal packages, their dates placed around `now`. */
export function demoPackages(now: Date, file = demoBusinessFile): Package[] {
  return readDemoBusiness(file).packages.map(({ validFromInDays, validToInDays, ...offer }) => ({
    ...offer,
    updatedAt: now.toISOString(),
    validFrom: dateIn(now, validFromInDays),
    validTo: dateIn(now, validToInDays),
    active: validToInDays >= 0,
  }))
}

/**
 * Seeds once, in one unit of work on either engine: does nothing when the relay already has a
 * business profile. Resolves with whether it seeded.
 */
export function seedDemoBusiness(storage: Pick<RelayStorage, 'units'>, now: Date, file = demoBusinessFile): Promise<boolean> {
  const demo = readDemoBusiness(file)
  const settings = demoBusinessProfile(now.toISOString())
  return storage.units(function* (unit) {
    if (yield* ask(() => unit.documents.get('settings', 'business'))) return false
    yield* ask(() => unit.documents.put('settings', settings))
    for (const extension of demo.extensions) {
      yield* ask(() => unit.documents.put('extensions', { ...extension, updatedAt: '', ringCentralExtensionId: null }))
    }
    for (const offer of demoPackages(now, file)) yield* ask(() => unit.documents.put('packages', { ...offer, updatedAt: '' }))
    for (const seed of demo.bookings) {
      const quote = buildQuote({ adults: seed.adults, kids: seed.kids }, { miles: 0, isEstimate: true }, settings)
      const totalCents = (quote.subtotalCents ?? 0) + seed.travelFeeCents
      const booking: Booking = {
        id: seed.id,
        updatedAt: '',
        customerId: null,
        customerName: seed.customerName,
        customerPhone: seed.customerPhone,
        customerEmail: null,
        eventDate: dateIn(now, seed.eventInDays),
        eventTime: seed.eventTime,
        adults: seed.adults,
        kids: seed.kids,
        address: null,
        zip: seed.zip,
        subtotalCents: quote.subtotalCents,
        travelFeeCents: seed.travelFeeCents,
        totalCents,
        depositCents: settings.depositCents,
        paidCents: seed.paidCents,
        status: seed.status,
        notes: '',
        createdAt: new Date(now.getTime() - seed.createdDaysAgo * day).toISOString(),
      }
      yield* ask(() => unit.documents.put('bookings', booking))
    }
    return true
  })
}
