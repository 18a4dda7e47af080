/**
 * The links this console may open in the system browser (see `isExternalLinkAllowed`). The
 * business's review page is learnt from the settings document as the relay sends it, in pulls and
 * on the live stream, never from the renderer: a compromised page cannot widen the list.
 */
import { isExternalLinkAllowed } from '../navigation-policy'

type WireDocument = { id: string } & Record<string, unknown>

export class ExternalLinks {
  private reviewUrl: string | null = null

  /** Takes note of synced documents; only the business settings matter here. */
  observe(collection: string, documents: readonly WireDocument[]): void {
    if (collection !== 'settings') return
    for (const document of documents) {
      this.reviewUrl = document._deleted !== true && typeof document.reviewUrl === 'string' && document.reviewUrl !== '' ? document.reviewUrl : null
    }
  }

  allows(url: string): boolean {
    return isExternalLinkAllowed(url, { reviewUrl: this.reviewUrl })
  }
}
