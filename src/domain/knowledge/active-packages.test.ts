import { describe, expect, it } from 'vitest'
import type { Package } from '../schemas/packages'
import { activePackages, packageStatus } from './active-packages'

function offer(name: string, validFrom: string, validTo: string | null, active = true): Package {
  return {
    id: `pkg_${name}`, updatedAt: '2026-11-01T00:00:00.000Z', name, description: '', pricePerAdultCents: 6500,
    pricePerChildCents: 3500, validFrom, validTo, active,
  }
}

const today = '2026-12-10'

describe('activePackages', () => {
  it('keeps switched-on packages whose window contains today, both ends inclusive', () => {
    const packages = [
      offer('Holiday', '2026-12-01', '2026-12-31'),
      offer('Starts today', '2026-12-10', '2026-12-20'),
      offer('Ends today', '2026-11-01', '2026-12-10'),
      offer('Open-ended', '2026-01-01', null),
    ]
    expect(activePackages(packages, today).map((p) => p.name)).toEqual(['Holiday', 'Starts today', 'Ends today', 'Open-ended'])
  })

  it('never offers an expired package, even one still switched on', () => {
    const packages = [offer('Summer', '2026-06-01', '2026-08-31'), offer('Ended yesterday', '2026-11-01', '2026-12-09')]
    expect(activePackages(packages, today)).toEqual([])
  })

  it('leaves out upcoming and switched-off packages', () => {
    const packages = [offer('New Year', '2026-12-28', '2027-01-05'), offer('Paused', '2026-12-01', '2026-12-31', false)]
    expect(activePackages(packages, today)).toEqual([])
  })
})

describe('packageStatus', () => {
  it('labels every package for the console', () => {
    expect(packageStatus(offer('a', '2026-12-01', '2026-12-31'), today)).toBe('active')
    expect(packageStatus(offer('b', '2026-12-11', null), today)).toBe('upcoming')
    expect(packageStatus(offer('c', '2026-06-01', '2026-08-31'), today)).toBe('expired')
    expect(packageStatus(offer('d', '2026-06-01', '2026-08-31', false), today)).toBe('expired')
    expect(packageStatus(offer('e', '2026-12-01', null, false), today)).toBe('inactive')
  })
})
