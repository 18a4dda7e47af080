/** Sends the Link session's one result to the console: the Electron preload, else the page's own host. */
import { linkResultPath, type LinkPageResult, type PlaidLinkHostApi } from '../../../shared/plaid-link-contract'

declare global {
  interface Window {
    /** Present only in Electron's Link window (its preload exposes nothing else). */
    plaidLinkHost?: PlaidLinkHostApi
  }
}

export async function deliverLinkResult(result: LinkPageResult): Promise<boolean> {
  if (window.plaidLinkHost) {
    window.plaidLinkHost.finish(result)
    return true
  }
  try {
    const response = await fetch(linkResultPath, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(result) })
    return response.ok
  } catch {
    return false
  }
}
