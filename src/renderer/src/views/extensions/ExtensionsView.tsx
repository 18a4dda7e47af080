import { useEffect, useState } from 'react'
import { create } from 'zustand'
import type { Extension } from '../../../../domain/schemas'
import { views } from '../../app/views'
import { EmptyState } from '../../components/EmptyState'
import { ViewFrame } from '../../components/ViewFrame'
import { useLiveQuery } from '../../db/use-live-query'
import { useNavigationStore } from '../../stores/navigation-store'
import { useSyncStore } from '../../stores/sync-store'

const statusLabels: Record<Extension['status'], string> = { available: 'Available', busy: 'Busy', offline: 'Offline' }
const roleLabels: Record<Extension['role'], string> = { owner: 'Owner', frontdesk: 'Front desk', chef: 'Chef' }

export function ExtensionsView() {
  const sync = useSyncStore((state) => state.sync)
  const show = useNavigationStore((state) => state.show)
  const { documents, loading } = useLiveQuery<Extension>('extensions')
  const extensions = [...documents].sort((a, b) => a.extensionNumber.localeCompare(b.extensionNumber, 'en', { numeric: true }))

  if (!sync?.paired) {
    return (
      <ViewFrame view={views.extensions}>
        <EmptyState title="Pair this console first">
          Extensions are kept on the relay and synced here. Pair this console in Settings to manage them.
        </EmptyState>
        <p className="center">
          <button type="button" onClick={() => show('settings')}>
            Go to Settings
          </button>
        </p>
      </ViewFrame>
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
      {canManage && <AddExtensionForm existing={extensions} />}
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
  useEffect(() => {
    if (!removed) return
    const timer = setTimeout(() => setRemoved(null), 10_000)
    return () => clearTimeout(timer)
  }, [removed, setRemoved])
  if (!removed) return null
  return (
    <div className="toast" role="status">
      Removed extension {removed.extensionNumber} ({removed.employeeName}).{' '}
      <button type="button" className="link-button" onClick={() => void save('extensions', { ...removed }).then(() => setRemoved(null))}>
        Undo
      </button>
    </div>
  )
}

function ExtensionTable({ extensions, canManage }: { extensions: Extension[]; canManage: boolean }) {
  const { save, remove } = useSyncStore()
  const setRemoved = useRemovalStore((state) => state.setRemoved)

  return (
    <>
      <table className="table" aria-label="Extensions">
        <thead>
          <tr>
            <th scope="col">Ext.</th>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
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
              <td>{extension.isPrimary ? 'Primary' : ''}</td>
              {canManage && (
                <td>
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

function AddExtensionForm({ existing }: { existing: Extension[] }) {
  const save = useSyncStore((state) => state.save)
  const [extensionNumber, setExtensionNumber] = useState('')
  const [employeeName, setEmployeeName] = useState('')
  const [role, setRole] = useState<Extension['role']>('frontdesk')
  const [isPrimary, setIsPrimary] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async () => {
    if (!/^\d{1,8}$/.test(extensionNumber)) return setError('The extension number is 1 to 8 digits, like 101.')
    if (existing.some((extension) => extension.extensionNumber === extensionNumber)) {
      return setError(`Extension ${extensionNumber} already exists.`)
    }
    if (employeeName.trim() === '') return setError('Enter the name of the person who answers this extension.')
    const extension: Extension = {
      id: `ext_${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`,
      updatedAt: new Date().toISOString(),
      extensionNumber,
      ringCentralExtensionId: null,
      employeeName: employeeName.trim(),
      role,
      status: 'available',
      workingHours: [],
      isPrimary,
      alertPhone: null,
    }
    await save('extensions', extension)
    setExtensionNumber('')
    setEmployeeName('')
    setIsPrimary(false)
    setError(null)
  }

  return (
    <form
      className="form inline-form"
      aria-label="Add an extension"
      onSubmit={(event) => {
        event.preventDefault()
        void submit()
      }}
    >
      <h2>Add an extension</h2>
      <label>
        Extension number
        <input value={extensionNumber} onChange={(event) => setExtensionNumber(event.target.value.trim())} inputMode="numeric" />
      </label>
      <label>
        Employee name
        <input value={employeeName} onChange={(event) => setEmployeeName(event.target.value)} maxLength={200} />
      </label>
      <label>
        Role
        <select value={role} onChange={(event) => setRole(event.target.value as Extension['role'])}>
          {Object.entries(roleLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={isPrimary} onChange={(event) => setIsPrimary(event.target.checked)} />
        First for escalations
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" className="primary">
        Add extension
      </button>
    </form>
  )
}
