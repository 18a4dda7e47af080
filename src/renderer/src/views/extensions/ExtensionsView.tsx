import { create } from 'zustand'
import { draftFromExtension } from '../../../../domain/extension-draft'
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
const weekdayShort = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

/** Which extension the owner is editing (null: the form adds a new one). */
const useEditingStore = create<{ editingId: string | null; edit(id: string | null): void }>((set) => ({
  editingId: null,
  edit: (editingId) => set({ editingId }),
}))

function ExtensionEditor({ extensions }: { extensions: Extension[] }) {
  const save = useSyncStore((state) => state.save)
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
        await save('extensions', current ? { ...extension, status: current.status } : extension)
        edit(null)
      }}
      onCancel={editing ? () => edit(null) : undefined}
    />
  )
}

function describeHours(hours: Extension['workingHours']): string {
  if (hours.length === 0) return 'Any time'
  return hours.map((range) => `${weekdayShort[range.weekday]} ${range.start}–${range.end}`).join(', ')
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
  return (
    <ViewFrame view={views.extensions}>
      {!loading && extensions.length === 0 ? (
        <EmptyState title={views.extensions.emptyTitle}>{views.extensions.emptyBody}</EmptyState>
      ) : (
        <ExtensionTable extensions={extensions} canManage={canManage} />
      )}
      {canManage && <ExtensionEditor extensions={extensions} />}
      <UndoRemoval />
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
              <td>{extension.isPrimary ? 'Primary' : ''}</td>
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
