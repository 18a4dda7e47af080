import { setupReminderId } from '../../../domain/setup-reminder'
import type { CollectionName, NeedsAttention } from '../../../domain/schemas'
import { useLiveQuery } from '../db/use-live-query'
import { useNavigationStore } from '../stores/navigation-store'
import { useSyncStore } from '../stores/sync-store'

/**
 * Edits that lost a conflict (what each side had, and a way to re-apply or dismiss), edits the
 * relay refused because they were outside what the device may write or over its quota, and work
 * the relay could not finish. Front desk resolves only the items about its own edits.
 */
export function NeedsAttentionPanel({ onClose }: { onClose: () => void }) {
  const { documents } = useLiveQuery<NeedsAttention>('needsAttention', { selector: { status: 'open' } })
  const { db, save, sync } = useSyncStore()
  const show = useNavigationStore((state) => state.show)
  const items = [...documents].sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  const mayResolve = (item: NeedsAttention) => sync?.role === 'owner' || item.deviceId === sync?.deviceId

  const resolve = (item: NeedsAttention, status: 'reapplied' | 'dismissed') =>
    save('needsAttention', { ...item, status, resolvedBy: 'this console', resolvedAt: new Date().toISOString() })

  const reapply = async (item: NeedsAttention) => {
    const collection = item.collectionName as CollectionName
    const current = await db?.collections[collection]?.findOne(item.documentId ?? '').exec()
    if (!current || !item.rejectedEdit) return
    const reapplied = { ...current.toMutableJSON() } as Record<string, unknown> & { id: string }
    for (const field of item.conflictingFields) reapplied[field] = (item.rejectedEdit as Record<string, unknown>)[field]
    await save(collection, reapplied)
    await resolve(item, 'reapplied')
  }

  return (
    <aside className="attention-panel" aria-label="Needs attention" data-testid="attention-panel">
      <header>
        <h2>Needs attention</h2>
        <button type="button" className="link-button" onClick={onClose}>
          Close
        </button>
      </header>
      {items.length === 0 ? (
        <p className="hint">Nothing needs attention. Edits that lose a conflict with a change made elsewhere, or that the relay refuses, appear here.</p>
      ) : (
        <ul>
          {items.map((item) => (
            <li key={item.id}>
              <p>
                {item.kind === 'refused_edit' && <span className="badge badge-refused">Refused</span>}
                {item.kind === 'payment_alert' && <span className="badge badge-refused">Payment</span>} <strong>{item.title}</strong>
              </p>
              {item.kind === 'refused_edit' && (
                <p className="hint">
                  The relay keeps its own record of money, Stripe links, customer messages and calls, and each console may only change what its
                  role allows. Nothing was changed; sending it again would be refused again.
                </p>
              )}
              {item.kind === 'payment_alert' && typeof (item.rejectedEdit as { alert?: unknown } | null)?.alert === 'string' && (
                <p className="hint">{String((item.rejectedEdit as { alert: string }).alert)}</p>
              )}
              {item.conflictingFields.length > 0 && (
                <table className="table compact">
                  <thead>
                    <tr>
                      <th scope="col">Field</th>
                      <th scope="col">Now on the relay</th>
                      <th scope="col">{item.kind === 'refused_edit' ? 'Attempted' : item.deviceId === sync?.deviceId ? 'Your change' : `Change from ${item.deviceName ?? 'another console'}`}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {item.conflictingFields.map((field) => (
                      <tr key={field}>
                        <td>{field}</td>
                        <td>{display((item.serverState as Record<string, unknown> | null)?.[field])}</td>
                        <td>{display((item.rejectedEdit as Record<string, unknown> | null)?.[field])}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {item.id === setupReminderId && (
                <>
                  <p className="hint">{String((item.rejectedEdit as { why?: unknown } | null)?.why ?? '')}</p>
                  {sync?.role === 'owner' && (
                    <button
                      type="button"
                      className="primary"
                      onClick={() => {
                        show('settings')
                        onClose()
                      }}
                    >
                      Set up the business
                    </button>
                  )}{' '}
                </>
              )}
              {item.kind === 'rejected_edit' && mayResolve(item) && (
                <button type="button" className="primary" onClick={() => void reapply(item)}>
                  {item.deviceId === sync?.deviceId ? 'Re-apply my change' : 'Re-apply this change'}
                </button>
              )}{' '}
              {mayResolve(item) ? (
                <button type="button" onClick={() => void resolve(item, 'dismissed')}>
                  Dismiss
                </button>
              ) : (
                <span className="hint">The owner resolves this one.</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </aside>
  )
}

function display(value: unknown): string {
  if (value === null || value === undefined) return '—'
  if (value === true) return 'deleted'
  return typeof value === 'string' ? value : JSON.stringify(value)
}
