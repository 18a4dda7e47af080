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

/** Links the console may open in the system browser (only https, never file: or custom schemes). */
export function isExternalLinkAllowed(url: string): boolean {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === ''
  } catch {
    return false
  }
}
