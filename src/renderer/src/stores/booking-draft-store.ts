import { create } from 'zustand'
import type { BookingDraft } from '../../../domain/schemas'

/** A draft on its way to becoming a booking: where it came from and what it holds. */
export interface PendingBookingDraft {
  draft: BookingDraft
  /** The agent suggestion it came from (recorded on the booking), if any. */
  suggestionId: string | null
  /** What staff see as the origin ("Call from +1 408…", "Text thread with Maria"). */
  origin: string
  /** The customer record it is for, when started from the Customers view. */
  customerId?: string | null
}

interface BookingDraftState {
  pending: PendingBookingDraft | null
  /** Opens the one-step "create booking from draft" dialog, from any view. */
  open(pending: PendingBookingDraft): void
  close(): void
}

export const useBookingDraftStore = create<BookingDraftState>((set) => ({
  pending: null,
  open: (pending) => set({ pending }),
  close: () => set({ pending: null }),
}))
