import { useCallback, useEffect, useState } from 'react'
import type { ActivityPage } from '../../../../shared/ipc-contract'
import { views } from '../../app/views'
import { api } from '../../bridge'
import { EmptyState } from '../../components/EmptyState'
import { PairFirst } from '../../components/PairFirst'
import { ViewFrame } from '../../components/ViewFrame'
import { useSyncStore } from '../../stores/sync-store'
import { formatInstant } from '../bookings/booking-model'
import { activityCollections, dayRange, describeCollection, describeFields } from './activity-model'

/**
 * Who changed what (the owner's): every edit the relay accepted from a console, newest first,
 * with the device, its role and the time. Read from the relay when opened; never stored on the
 * console, and never shown to a front-desk console (the relay refuses it).
 */
export function ActivityView() {
  const sync = useSyncStore((state) => state.sync)
  if (!sync?.paired) {
    return <PairFirst view={views.activity}>The relay keeps the record of who changed what. Pair this console in Settings to see it.</PairFirst>
  }
  if (sync.role !== 'owner') {
    return (
      <ViewFrame view={views.activity}>
        <EmptyState title="For the owner's console only">The record of who changed what is the owner's. This console is paired as front desk.</EmptyState>
      </ViewFrame>
    )
  }
  return <ActivityList />
}

interface Filters {
  collection: string
  deviceId: string
  from: string
  to: string
}

const noFilters: Filters = { collection: '', deviceId: '', from: '', to: '' }

function ActivityList() {
  const [filters, setFilters] = useState<Filters>(noFilters)
  const [page, setPage] = useState<ActivityPage | null>(null)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const range = dayRange(filters.from, filters.to)
  const badRange = range.from !== null && range.to !== null && range.from >= range.to

  const load = useCallback(
    async (before: number | null) => {
      setLoading(true)
      setError(null)
      const result = await api.invoke('activity:list', {
        collection: filters.collection || null,
        deviceId: filters.deviceId || null,
        from: range.from,
        to: range.to,
        before,
      })
      setLoading(false)
      if (!result.ok) {
        setError(result.error.message)
        return
      }
      setPage((current) => (before !== null && current ? { ...result.value, entries: [...current.entries, ...result.value.entries] } : result.value))
    },
    [filters.collection, filters.deviceId, range.from, range.to],
  )

  useEffect(() => {
    if (!badRange) void load(null)
  }, [load, badRange])

  const devices = page?.devices ?? []
  const filtered = filters.collection || filters.deviceId || filters.from || filters.to
  return (
    <section className="view" aria-labelledby="view-title-activity" data-testid="view-activity">
      <header className="view-header">
        <h1 id="view-title-activity">{views.activity.label}</h1>
      </header>
      <form className="activity-filters" aria-label="Filter activity" onSubmit={(event) => event.preventDefault()}>
        <label>
          Records{' '}
          <select value={filters.collection} onChange={(event) => setFilters({ ...filters, collection: event.target.value })}>
            <option value="">All</option>
            {activityCollections.map((collection) => (
              <option key={collection.id} value={collection.id}>
                {collection.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Console{' '}
          <select value={filters.deviceId} onChange={(event) => setFilters({ ...filters, deviceId: event.target.value })}>
            <option value="">All</option>
            {devices.map((device) => (
              <option key={device.id} value={device.id}>
                {device.name} ({device.role === 'owner' ? 'owner' : 'front desk'}
                {device.revokedAt ? ', revoked' : ''})
              </option>
            ))}
          </select>
        </label>
        <label>
          From <input type="date" value={filters.from} onChange={(event) => setFilters({ ...filters, from: event.target.value })} />
        </label>
        <label>
          To <input type="date" value={filters.to} onChange={(event) => setFilters({ ...filters, to: event.target.value })} />
        </label>
        {filtered && (
          <button type="button" onClick={() => setFilters(noFilters)}>
            Clear filters
          </button>
        )}
        <button type="button" onClick={() => void load(null)} disabled={loading || badRange}>
          Refresh
        </button>
      </form>
      {badRange && (
        <p className="error" role="alert">
          The “From” day must not be after the “To” day.
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {page && page.entries.length === 0 && !loading && (
        <EmptyState title={filtered ? 'Nothing matches these filters' : 'No changes recorded yet'}>
          {filtered
            ? 'Try another console, kind of record or dates.'
            : 'Every change a console makes to bookings, customers, prices, packages, extensions, settings or payment matches is listed here with who made it and when.'}
        </EmptyState>
      )}
      {page && page.entries.length > 0 && (
        <table className="table activity-table" aria-label="Changes, newest first">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Console</th>
              <th scope="col">Record</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {page.entries.map((entry) => (
              <tr key={entry.seq} data-testid="activity-entry">
                <td>
                  <time dateTime={entry.at}>{formatInstant(entry.at)}</time>
                </td>
                <td>
                  {entry.deviceName} <span className="hint">({entry.role === 'owner' ? 'owner' : 'front desk'})</span>
                </td>
                <td>
                  {describeCollection(entry.collection)} <code>{entry.documentId}</code>
                </td>
                <td>{describeFields(entry.fields)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {loading && <p role="status">Loading…</p>}
      {page?.nextBefore && !loading && (
        <button type="button" onClick={() => void load(page.nextBefore)}>
          Show older changes
        </button>
      )}
    </section>
  )
}
