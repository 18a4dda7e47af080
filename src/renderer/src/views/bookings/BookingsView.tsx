/**
 * Bookings: a calendar (month / week / day) with each slot's "n of capacity", a list with search
 * and filters, and the page of the selected booking with its whole timeline. Status is derived
 * from the facts (domain/bookings), never typed; staff change facts (confirm, cancel).
 */
import { useEffect, useMemo, useRef } from 'react'
import { bookingStatuses, type Booking } from '../../../../domain/schemas'
import { views } from '../../app/views'
import { EmptyState } from '../../components/EmptyState'
import { PairFirst } from '../../components/PairFirst'
import { ViewFrame } from '../../components/ViewFrame'
import { useLiveQuery } from '../../db/use-live-query'
import { useNavigationStore } from '../../stores/navigation-store'
import { useSyncStore } from '../../stores/sync-store'
import { filterBookings, noFilters, statusLabels } from './booking-model'
import { BookingList } from './BookingList'
import { BookingPage, UndoCancel } from './BookingPage'
import { useBookingsViewStore, type BookingsMode } from './bookings-store'
import { CalendarPanel, periodLabel, shiftPeriod, type CalendarMode } from './CalendarPanel'
import { useBusiness } from './use-business'

const modeLabels: Record<BookingsMode, { label: string; key: string }> = {
  list: { label: 'List', key: 'l' },
  month: { label: 'Month', key: 'm' },
  week: { label: 'Week', key: 'w' },
  day: { label: 'Day', key: 'd' },
}
const modes = Object.keys(modeLabels) as BookingsMode[]

export function BookingsView() {
  const sync = useSyncStore((state) => state.sync)
  const { documents, loading } = useLiveQuery<Booking>('bookings')

  if (!sync?.paired) {
    return <PairFirst view={views.bookings}>Bookings are kept on the relay and synced here. Pair this console in Settings to see them.</PairFirst>
  }
  if (!loading && documents.length === 0) {
    return (
      <ViewFrame view={views.bookings}>
        <EmptyState title={views.bookings.emptyTitle}>
          {views.bookings.emptyBody} To book from a conversation, use "Create booking" on the AI's suggestion in the Inbox.
        </EmptyState>
      </ViewFrame>
    )
  }
  return <BookingsWorkspace bookings={documents} />
}

/** Before the business is set up there are no slots to show loads for. */
const noSlots = { timeSlots: [] }

function BookingsWorkspace({ bookings }: { bookings: Booking[] }) {
  const { rules, loading: rulesLoading, today } = useBusiness()
  const settings = rules ?? noSlots
  const { mode, anchor, filters, selectedId, setMode, setAnchor, setFilters, select } = useBookingsViewStore()
  const searchBox = useRef<HTMLInputElement>(null)
  const current = anchor ?? today
  const filtered = useMemo(() => filterBookings(bookings, filters, today), [bookings, filters, today])
  const selected = bookings.find((booking) => booking.id === selectedId) ?? null
  const open = (id: string) => select(id, bookings.find((booking) => booking.id === id)?.eventDate)

  // t today, ←/→ previous/next period, l/m/w/d view, / search, Esc closes the booking; typing in a field is left alone.
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey) return
      const target = event.target as HTMLElement | null
      if (event.key === 'Escape' && selectedId && !target?.closest('[role="dialog"], form')) {
        select(null)
        return
      }
      if (target?.closest('input, select, textarea, [contenteditable="true"], [role="dialog"]')) return
      const calendar = mode !== 'list' ? (mode as CalendarMode) : null
      if (event.key === 't') setAnchor(null)
      else if (event.key === 'ArrowLeft' && calendar) setAnchor(shiftPeriod(calendar, current, -1))
      else if (event.key === 'ArrowRight' && calendar) setAnchor(shiftPeriod(calendar, current, 1))
      else if (event.key === '/') {
        event.preventDefault()
        setMode('list')
        // The list (and its search box) may only mount on this render.
        requestAnimationFrame(() => searchBox.current?.focus())
      } else {
        const next = modes.find((candidate) => modeLabels[candidate].key === event.key)
        if (!next) return
        setMode(next)
      }
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  })

  const calendarMode = mode === 'list' ? null : (mode as CalendarMode)
  const filtersActive = JSON.stringify(filters) !== JSON.stringify(noFilters)
  return (
    <ViewFrame view={views.bookings}>
      <div className="bookings-toolbar">
        <div className="segmented" role="group" aria-label="Show as">
          {modes.map((candidate) => (
            <button key={candidate} type="button" aria-pressed={mode === candidate} onClick={() => setMode(candidate)}>
              {modeLabels[candidate].label}
            </button>
          ))}
        </div>
        {calendarMode && (
          <div className="period-nav" role="group" aria-label="Period">
            <button type="button" aria-label="Previous period" onClick={() => setAnchor(shiftPeriod(calendarMode, current, -1))}>
              ←
            </button>
            <button type="button" onClick={() => setAnchor(null)}>
              Today
            </button>
            <button type="button" aria-label="Next period" onClick={() => setAnchor(shiftPeriod(calendarMode, current, 1))}>
              →
            </button>
            <strong data-testid="period-label">{periodLabel(calendarMode, current)}</strong>
          </div>
        )}
        <span className="hint keys">
          Keys: <kbd>L</kbd>/<kbd>M</kbd>/<kbd>W</kbd>/<kbd>D</kbd> list, month, week, day · <kbd>T</kbd> today · <kbd>←</kbd>/<kbd>→</kbd> previous/next ·{' '}
          <kbd>/</kbd> search · <kbd>Esc</kbd> close booking
        </span>
      </div>
      {!rulesLoading && !rules && <NotSetUpNotice />}
      <div className={`bookings-layout${selected ? ' with-page' : ''}`}>
        <div className="bookings-main">
          {calendarMode ? (
            <CalendarPanel
              mode={calendarMode}
              anchor={current}
              today={today}
              bookings={bookings}
              settings={settings}
              selectedId={selectedId}
              onSelect={open}
            />
          ) : (
            <>
              <div className="booking-filters" role="search" aria-label="Filter bookings">
                <label className="search">
                  <span className="visually-hidden">Search bookings</span>
                  <input
                    ref={searchBox}
                    type="search"
                    placeholder="Search by name, phone or date ( / )"
                    value={filters.search}
                    onChange={(event) => setFilters({ search: event.target.value })}
                    onKeyDown={(event) => {
                      if (event.key === 'Escape') (event.target as HTMLInputElement).blur()
                    }}
                  />
                </label>
                <label>
                  Status{' '}
                  <select value={filters.status} onChange={(event) => setFilters({ status: event.target.value as typeof filters.status })}>
                    <option value="all">Any</option>
                    {bookingStatuses.map((status) => (
                      <option key={status} value={status}>
                        {statusLabels[status]}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  From <input type="date" value={filters.from} onChange={(event) => setFilters({ from: event.target.value })} />
                </label>
                <label>
                  To <input type="date" value={filters.to} onChange={(event) => setFilters({ to: event.target.value })} />
                </label>
                <label className="checkbox">
                  <input type="checkbox" checked={filters.unpaidOnly} onChange={(event) => setFilters({ unpaidOnly: event.target.checked })} /> Unpaid
                  balance
                </label>
                {filtersActive && (
                  <button type="button" className="link-button" onClick={() => setFilters(noFilters)}>
                    Clear filters
                  </button>
                )}
              </div>
              {filtered.length === 0 ? (
                <EmptyState title="No booking matches">Nothing fits these filters. Clear them to see every booking.</EmptyState>
              ) : (
                <BookingList bookings={filtered} today={today} selectedId={selectedId} onSelect={open} />
              )}
            </>
          )}
        </div>
        {selected && (
          <BookingPage key={selected.id} booking={selected} today={today} onClose={() => select(null)} />
        )}
      </div>
      <UndoCancel bookings={bookings} settings={settings} today={today} />
    </ViewFrame>
  )
}

/** Shown instead of slot loads and prices until the owner has set up the business. */
export function NotSetUpNotice() {
  const owner = useSyncStore((state) => state.sync?.role === 'owner')
  const show = useNavigationStore((state) => state.show)
  return (
    <p className="hint not-set-up" data-testid="business-not-set-up">
      The business is not set up yet, so there are no time slots or prices here and the AI does not answer customers by itself.{' '}
      {owner ? (
        <button type="button" className="link-button" onClick={() => show('settings')}>
          Set up the business in Settings
        </button>
      ) : (
        'The owner enters them in Settings.'
      )}
    </p>
  )
}
