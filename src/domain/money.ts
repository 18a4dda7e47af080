/**
 * Money is integer cents everywhere: prices, payments and bank amounts. These helpers are the
 * only place cents become dollars or text, so rounding happens once and the same way.
 */

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' })

/** `165000` → `"$1,650.00"`; negative amounts keep their sign (`"-$20.00"`). */
export function formatCents(cents: number): string {
  assertCents(cents)
  return usd.format(cents / 100)
}

/**
 * Converts a decimal dollar amount (as banks and Plaid report it) to integer cents, rounding
 * half away from zero so `19.995` becomes `2000` rather than drifting with binary floats.
 */
export function dollarsToCents(dollars: number): number {
  if (!Number.isFinite(dollars)) throw new RangeError(`Not a finite amount: ${dollars}`)
  // 12 significant digits drop the float noise (1.005 * 100 = 100.49999…) before rounding.
  const cents = Number((Math.abs(dollars) * 100).toPrecision(12))
  return Math.sign(dollars) * Math.round(cents) || 0
}

export function assertCents(cents: number): void {
  if (!Number.isSafeInteger(cents)) {
    throw new RangeError(`Money must be whole cents, got ${cents}`)
  }
}

/** Dollars as a person types them ("$1,650", "99.5") in cents; null when it is not an amount. */
export function typedDollarsToCents(typed: string): number | null {
  const cleaned = typed.trim().replace(/^\$/, '').replace(/,/g, '')
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(cleaned)) return null
  return dollarsToCents(Number(cleaned))
}
