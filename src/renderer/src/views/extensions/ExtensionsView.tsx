import { create } from 'zustand'
import { describeWorkingHours, draftFromExtension, planPrimaryChange, primaryProblem } from '../../../../domain/extension-draft'
import { formatPhoneNumber } from '../../../../domain/phone-number'
import type { Extension } from '../../../../domain/schemas'
import { views } from '../../app/views'
import { EmptyState } from '../../components/EmptyState'
import { PairFirst } from '../../components/PairFirst'
import { UndoToast } from '../../components/UndoToast'
import { ViewFrame } from '../../components/ViewFrame'
import { useLiveQuery } from '../../db/use-live-query'
import { useSyncStore } from '../../stores/sync-store'
import { ExtensionForm, roleLabels } from './ExtensionForm'

const statusLabels: Record<Extension['status'], string> = { available: 'Available', busy: 'Busy', offline: 'Offline' }

/** Which extension the owner is editing (null: the form adds a new one). */
const useEditingStore = create<{ editingId: string | null; edit(id: string | null): void }>((set) => ({
  editingId: null,
  edit: (editingId) => set({ editingId }),
}))

/** The last change of who is first for escalations, undoable for ten seconds. */
const usePrimaryUndoStore = create<{ change: { message: string; before: Extension[]; after: Extension[] } | null; set(change: { message: string; before: Extension[]; after: Extension[] } | null): void }>(
  (set) => ({ change: null, set: (change) => set({ change }) }),
)

/**
 * Saves an extension; when it becomes first for escalations, the one who was first is moved
 * down in the same step, and the change can be undone.
 */
function useSaveExtension() {
  const save = useSyncStore((state) => state.save)
  const setUndo = usePrimaryUndoStore((state) => state.set)
  return async (extensions: readonly Extension[], extension: Extension) => {
    const plan = planPrimaryChange(extensions, extension)
    for (const document of plan.save) await save('extensions', document)
    if (plan.demoted.length > 0) {
      const was = plan.demoted.map((other) => other.employeeName).join(' and ')
      setUndo({ message: `${extension.employeeName} is now first for escalations, instead of ${was}.`, before: plan.before, after: plan.save })
    }
  }
}

function ExtensionEditor({ extensions }: { extensions: Extension[] }) {
  const saveExtension = useSaveExtension()
  const { editingId, edit } = useEditingStore()
  const editing = extensions.find((extension) => extension.id === editingId) ?? null
  return (
    <ExtensionForm
      key={editing?.id ?? 'new'}
      editing={editing}
      initial={editing ? draftFromExtension(editing) : undefined}
      others={extensions}
      onSave={async (extension) => {
        // Only the owner's edits to these fields; the status may have changed meanwhile.
        const current = editing ? extensions.find((e) => e.id === editing.id) : null
        await saveExtension(extensions, current ? { ...extension, status: current.status } : extension)
        edit(null)
      }}
      onCancel={editing ? () => edit(null) : undefined}
    />
  )
}

function UndoPrimary({ extensions }: { extensions: Extension[] }) {
  const save = useSyncStore((state) => state.save)
  const { change, set } = usePrimaryUndoStore()
  if (!change) return null
  return (
    <UndoToast
      message={change.message}
      onUndo={() => {
        set(null)
        // Each extension as it was, keeping any status change made since (status is not part of the undo).
        for (const before of change.before) {
          const current = extensions.find((extension) => extension.id === before.id)
          void save('extensions', { ...before, status: current?.status ?? before.status })
        }
      }}
      onExpire={() => set(null)}
    />
  )
}

function describeHours(hours: Extension['workingHours']): string {
  if (hours.length === 0) return 'Any time'
  return [...hours].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start)).map(describeWorkingHours).join(', ')
}

export function ExtensionsView() {
  const sync = useSyncStore((state) => state.sync)
  const { documents, loading } = useLiveQuery<Extension>('extensions')
  const extensions = [...documents].sort((a, b) => a.extensionNumber.localeCompare(b.extensionNumber, 'en', { numeric: true }))

  if (!sync?.paired) {
    return (
      <PairFirst view={views.extensions}>
        Extensions are kept on the relay and synced here. Pair this console in Settings to manage them.
      </PairFirst>
    )
  }

  const canManage = sync.role === 'owner'
  const problem = loading ? null : primaryProblem(extensions)
  return (
    <ViewFrame view={views.extensions}>
      {problem && (
        <p className="escalation-notice" role="alert" data-testid="primary-problem">
          {problem}
        </p>
      )}
      {!loading && extensions.length === 0 ? (
        <EmptyState title={views.extensions.emptyTitle}>{views.extensions.emptyBody}</EmptyState>
      ) : (
        <ExtensionTable extensions={extensions} canManage={canManage} />
      )}
      {canManage && <ExtensionEditor extensions={extensions} />}
      <UndoRemoval />
      <UndoPrimary extensions={extensions} />
    </ViewFrame>
  )
}

/** The last removal stays undoable for ten seconds (kept here so it outlives the table). */
const useRemovalStore = create<{ removed: Extension | null; setRemoved(extension: Extension | null): void }>((set) => ({
  removed: null,
  setRemoved: (removed) => set({ removed }),
}))

function UndoRemoval() {
  const save = useSyncStore((state) => state.save)
  const { removed, setRemoved } = useRemovalStore()
  if (!removed) return null
  return (
    <UndoToast
      message={`Removed extension ${removed.extensionNumber} (${removed.employeeName}).`}
      onUndo={() => void save('extensions', { ...removed }).then(() => setRemoved(null))}
      onExpire={() => setRemoved(null)}
    />
  )
}

function ExtensionTable({ extensions, canManage }: { extensions: Extension[]; canManage: boolean }) {
  const { save, remove } = useSyncStore()
  const saveExtension = useSaveExtension()
  const setRemoved = useRemovalStore((state) => state.setRemoved)
  const edit = useEditingStore((state) => state.edit)

  return (
    <>
      <table className="table" aria-label="Extensions">
        <thead>
          <tr>
            <th scope="col">Ext.</th>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Hours</th>
            <th scope="col">Alert phone</th>
            <th scope="col">First for escalations</th>
            {canManage && <th scope="col"><span className="visually-hidden">Actions</span></th>}
          </tr>
        </thead>
        <tbody>
          {extensions.map((extension) => (
            <tr key={extension.id} data-testid={`extension-${extension.extensionNumber}`}>
              <td>{extension.extensionNumber}</td>
              <td>{extension.employeeName}</td>
              <td>{roleLabels[extension.role]}</td>
              <td>
                <select
                  aria-label={`Status of ${extension.employeeName}`}
                  value={extension.status}
                  onChange={(event) => void save('extensions', { ...extension, status: event.target.value as Extension['status'] })}
                >
                  {Object.entries(statusLabels).map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </select>
              </td>
              <td className="hours-cell">{describeHours(extension.workingHours)}</td>
              <td>{extension.alertPhone ? formatPhoneNumber(extension.alertPhone) : <span className="hint">none</span>}</td>
              <td data-testid="primary-cell">
                {extension.isPrimary ? (
                  <strong>Primary</strong>
                ) : (
                  canManage && (
                    <button
                      type="button"
                      className="link-button"
                      aria-label={`Make ${extension.employeeName} first for escalations`}
                      onClick={() => void saveExtension(extensions, { ...extension, isPrimary: true })}
                    >
                      Make primary
                    </button>
                  )
                )}
              </td>
              {canManage && (
                <td className="row-actions">
                  <button type="button" className="link-button" onClick={() => edit(extension.id)}>
                    Edit
                  </button>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => void remove('extensions', extension.id).then(() => setRemoved(extension))}
                  >
                    Remove
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
