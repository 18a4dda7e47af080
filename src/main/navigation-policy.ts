/**
 * Which URLs a console window may show, and which links go to the user's browser instead.
 * Pure functions so they are tested without Electron.
 */

/** The renderer's own origin: the dev server in development, the app's files when built. */
export interface RendererLocation {
  devServerUrl?: string
  /** `file:///…/out/renderer/index.html` in a build. */
  indexFileUrl: string
}

/** True when `url` is the console itself; every other navigation is refused. */
export function isConsoleUrl(url: string, location: RendererLocation): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (location.devServerUrl) {
    return parsed.origin === new URL(location.devServerUrl).origin
  }
  const index = new URL(location.indexFileUrl)
  return parsed.protocol === 'file:' && parsed.pathname === index.pathname
}

/** Where Stripe Checkout sends a customer to pay a deposit link. */
export const stripeCheckoutHosts: readonly string[] = ['checkout.stripe.com']

/** What the console may open outside itself, besides Stripe Checkout. */
export interface ExternalLinkTargets {
  /** The business's own review page, from the owner's settings; null when none is set. */
  reviewUrl: string | null
}

/**
 * Links the console may hand to the system browser: https only, without credentials, and only to
 * Stripe Checkout or the business's own review page. Anything else (another site, `file:`, a
 * custom scheme that starts a program) is refused, whatever a compromised page asks for.
 */
export function isExternalLinkAllowed(url: string, targets: ExternalLinkTargets): boolean {
  const parsed = httpsUrl(url)
  if (!parsed) return false
  if (stripeCheckoutHosts.includes(parsed.hostname) && parsed.port === '') return true
  const review = targets.reviewUrl ? httpsUrl(targets.reviewUrl) : null
  return review !== null && parsed.origin === review.origin && parsed.pathname === review.pathname && parsed.search === review.search
}

function httpsUrl(url: string): URL | null {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' ? parsed : null
  } catch {
    return null
  }
}
