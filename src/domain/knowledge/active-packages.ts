import type { Package } from '../schemas/packages'

export type PackageStatus = 'active' | 'upcoming' | 'expired' | 'inactive'

/**
 * Where a package stands on `today` (`YYYY-MM-DD`, the business's date). Dates are ISO calendar
 * dates, so string comparison orders them correctly; `validTo` is inclusive, `null` open-ended.
 */
export function packageStatus(offer: Pick<Package, 'validFrom' | 'validTo' | 'active'>, today: string): PackageStatus {
  if (offer.validTo !== null && offer.validTo < today) return 'expired'
  if (!offer.active) return 'inactive'
  if (offer.validFrom > today) return 'upcoming'
  return 'active'
}

/** The packages an agent may offer today: switched on and inside their validity window. */
export function activePackages<T extends Pick<Package, 'validFrom' | 'validTo' | 'active'>>(packages: readonly T[], today: string): T[] {
  return packages.filter((offer) => packageStatus(offer, today) === 'active')
}
