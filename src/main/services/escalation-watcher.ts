/**
 * Watches the live sync stream for text threads the agent handed to a person and announces each
 * new customer message on one once (domain/conversations/inbox-notices): the renderer shows a
 * toast, and the Electron shell raises a native notification so it is seen with the window hidden.
 */
import { escalationToAnnounce, type EscalationAnnouncement } from '../../domain/conversations/inbox-notices'
import { documentOf } from '../../domain/schemas/document-guard'
import type { SyncStreamEvent } from '../../shared/ipc-contract'

/** Threads remembered; the oldest are forgotten past this (a console runs for weeks). */
const maxRemembered = 5000

export class EscalationWatcher {
  private readonly announced = new Map<string, string>()

  constructor(
    private readonly announce: (notice: EscalationAnnouncement) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  accept(event: SyncStreamEvent): void {
    if (event === 'RESYNC' || event.collection !== 'conversations') return
    for (const document of event.documents) {
      if ('_deleted' in document && document._deleted === true) continue
      const thread = documentOf('conversations', document)
      if (!thread) continue
      const notice = escalationToAnnounce(thread, this.announced.get(thread.id), this.now())
      if (!notice) continue
      this.announced.delete(thread.id)
      this.announced.set(thread.id, notice.messageId)
      if (this.announced.size > maxRemembered) this.announced.delete(this.announced.keys().next().value!)
      this.announce(notice)
    }
  }
}
