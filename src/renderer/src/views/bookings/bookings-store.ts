import { create } from 'zustand'
import type { Booking } from '../../../../domain/schemas'
import { noFilters, type BookingFilters } from './booking-model'

export type BookingsMode = 'list' | 'month' | 'week' | 'day'

/** The Bookings view's state, kept while the user visits other views. */
interface BookingsViewState {
  mode: BookingsMode
  /** The calendar's anchor date (`YYYY-MM-DD`); null = today. */
  anchor: string | null
  filters: BookingFilters
  selectedId: string | null
  /** The booking as it was before a cancel, undoable for ten seconds. */
  cancelled: Booking | null
  setMode(mode: BookingsMode): void
  setAnchor(anchor: string | null): void
  setFilters(filters: Partial<BookingFilters>): void
  /** Selects a booking (null closes its page); with its date, the calendar moves there too. */
  select(id: string | null, eventDate?: string): void
  setCancelled(booking: Booking | null): void
}

export const useBookingsViewStore = create<BookingsViewState>((set) => ({
  mode: 'list',
  anchor: null,
  filters: noFilters,
  selectedId: null,
  cancelled: null,
  setMode: (mode) => set({ mode }),
  setAnchor: (anchor) => set({ anchor }),
  setFilters: (filters) => set((state) => ({ filters: { ...state.filters, ...filters } })),
  select: (selectedId, eventDate) => set(eventDate ? { selectedId, anchor: eventDate } : { selectedId }),
  setCancelled: (cancelled) => set({ cancelled }),
}))
