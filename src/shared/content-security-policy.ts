/**
 * The console's Content-Security-Policy, in one place: the built index.html carries it as a
 * meta tag, Electron adds it as a response header, and the browser web host sends it too.
 * No inline script, no eval, and the renderer talks only to its own origin (IPC goes through
 * main, so the renderer never needs to reach the relay or a provider directly).
 */
const productionDirectives: Record<string, string[]> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
}

/** Directives browsers honour only in a header, not in a meta tag. */
const headerOnlyDirectives: Record<string, string[]> = {
  'frame-ancestors': ["'none'"],
}

function serialize(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ')
}

/** For the `<meta http-equiv="Content-Security-Policy">` tag in the built renderer. */
export const metaContentSecurityPolicy = serialize(productionDirectives)

/** For HTTP responses. `devServerOrigin` relaxes it for Vite's hot reload in development only. */
export function headerContentSecurityPolicy(devServerOrigin?: string): string {
  if (!devServerOrigin) return serialize({ ...productionDirectives, ...headerOnlyDirectives })
  const ws = devServerOrigin.replace(/^http/, 'ws')
  return serialize({
    ...productionDirectives,
    ...headerOnlyDirectives,
    // Vite's React refresh preamble is an inline script; this never applies to a build.
    'script-src': ["'self'", "'unsafe-inline'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'connect-src': ["'self'", devServerOrigin, ws],
  })
}

/** Plaid's Link script, loaded by `react-plaid-link` from a fixed URL on Plaid's CDN. */
export const plaidLinkScriptUrl = 'https://cdn.plaid.com/link/v2/stable/link-initialize.js'

/**
 * The Plaid Link page's own policy (it runs apart from the console, in its own window or origin):
 * Plaid's script and frame from Plaid's CDN and Plaid's API, as Plaid's CSP guide lists them, and
 * nothing else remote. 'self' frames serve the demo's stand-in; no inline script, no eval.
 */
const linkDirectives: Record<string, string[]> = {
  'default-src': ["'none'"],
  'script-src': ["'self'", plaidLinkScriptUrl],
  'frame-src': ["'self'", 'https://cdn.plaid.com/'],
  'connect-src': ["'self'", 'https://production.plaid.com', 'https://sandbox.plaid.com'],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
}

export const linkMetaContentSecurityPolicy = serialize(linkDirectives)
export const linkHeaderContentSecurityPolicy = serialize({ ...linkDirectives, ...headerOnlyDirectives })
