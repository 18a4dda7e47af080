import { create } from 'zustand'

/** The Customers view's state, kept while the user visits other views. */
interface CustomersViewState {
  search: string
  selectedId: string | null
  /** The duplicate just merged, undoable for ten seconds from the toast (and any time from the profile). */
  merged: { duplicateId: string; duplicateName: string; survivorName: string } | null
  setSearch(search: string): void
  select(id: string | null): void
  setMerged(merged: CustomersViewState['merged']): void
}

export const useCustomersViewStore = create<CustomersViewState>((set) => ({
  search: '',
  selectedId: null,
  merged: null,
  setSearch: (search) => set({ search }),
  select: (selectedId) => set({ selectedId }),
  setMerged: (merged) => set({ merged }),
}))
