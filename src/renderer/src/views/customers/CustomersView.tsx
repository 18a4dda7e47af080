/**
 * Customers: everyone who texted, called or booked, searchable by name, phone (however it is
 * typed) or e-mail, in a list that renders only the rows in view. The selected customer's profile
 * shows their bookings, threads, calls, payments and the payers they "also pay as", their notes,
 * and (owner) merging a duplicate record into them, undoable.
 * Keys: / search, ↑/↓ move through the list, Esc clears the search or closes a dialog.
 */
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useMemo, useRef } from 'react'
import { searchCustomers } from '../../../../domain/customers/customer-directory'
import { formatPhoneNumber } from '../../../../domain/phone-number'
import type { Customer } from '../../../../domain/schemas'
import { views } from '../../app/views'
import { EmptyState } from '../../components/EmptyState'
import { PairFirst } from '../../components/PairFirst'
import { UndoToast } from '../../components/UndoToast'
import { ViewFrame } from '../../components/ViewFrame'
import { useLiveQuery } from '../../db/use-live-query'
import { useSyncStore } from '../../stores/sync-store'
import { CustomerProfile, undoMerge } from './CustomerProfile'
import { useCustomersViewStore } from './customers-store'

const rowHeight = 52

export function CustomersView() {
  const sync = useSyncStore((state) => state.sync)
  const { documents: customers, loading } = useLiveQuery<Customer>('customers')
  if (!sync?.paired) {
    return <PairFirst view={views.customers}>Customers are kept on the relay and synced here. Pair this console in Settings to see them.</PairFirst>
  }
  if (!loading && customers.length === 0) {
    return (
      <ViewFrame view={views.customers}>
        <EmptyState title={views.customers.emptyTitle}>{views.customers.emptyBody}</EmptyState>
      </ViewFrame>
    )
  }
  return <CustomersWorkspace customers={customers} />
}

function CustomersWorkspace({ customers }: { customers: Customer[] }) {
  const { search, selectedId, setSearch, select, merged, setMerged } = useCustomersViewStore()
  const save = useSyncStore((state) => state.save)
  const found = useMemo(() => searchCustomers(customers, search), [customers, search])
  const selected = customers.find((customer) => customer.id === selectedId && !customer.mergedInto) ?? found[0] ?? null
  const searchBox = useRef<HTMLInputElement>(null)
  const scroller = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: found.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    getItemKey: (index) => found[index]!.id,
  })

  // "/" searches from anywhere in the view (typing in a field is left alone).
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return
      if ((event.target as HTMLElement | null)?.closest('input, select, textarea, [contenteditable="true"], [role="dialog"]')) return
      event.preventDefault()
      searchBox.current?.focus()
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [])

  function move(step: number) {
    const index = found.findIndex((customer) => customer.id === selected?.id)
    const nextIndex = Math.min(found.length - 1, Math.max(0, index + step))
    const next = found[nextIndex]
    if (!next) return
    select(next.id)
    virtualizer.scrollToIndex(nextIndex)
  }

  return (
    <ViewFrame view={views.customers}>
      <div className="customers-layout">
        <div className="customers-main">
          <div role="search" aria-label="Find customers" className="booking-filters">
            <label className="search">
              <span className="visually-hidden">Search customers</span>
              <input
                ref={searchBox}
                type="search"
                placeholder="Name, phone or e-mail ( / )"
                value={search}
                onChange={(event) => setSearch(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
                    event.preventDefault()
                    move(event.key === 'ArrowDown' ? 1 : -1)
                  } else if (event.key === 'Escape') {
                    if (search) setSearch('')
                    else (event.target as HTMLInputElement).blur()
                  }
                }}
                aria-controls="customer-list"
              />
            </label>
            <span className="hint" role="status" data-testid="customer-count">
              {found.length === 1 ? '1 customer' : `${found.length} customers`}
            </span>
          </div>
          {found.length === 0 ? (
            <EmptyState title="No customer matches">Nobody has that name, number or e-mail. Check the spelling, or search by part of the number.</EmptyState>
          ) : (
            <div
              ref={scroller}
              id="customer-list"
              className="customer-list"
              role="listbox"
              aria-label="Customers"
              tabIndex={0}
              aria-activedescendant={selected ? `customer-option-${selected.id}` : undefined}
              onKeyDown={(event) => {
                if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return
                event.preventDefault()
                move(event.key === 'ArrowDown' ? 1 : -1)
              }}
            >
              <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                {virtualizer.getVirtualItems().map((item) => {
                  const customer = found[item.index]!
                  const isSelected = customer.id === selected?.id
                  return (
                    <div
                      key={item.key}
                      id={`customer-option-${customer.id}`}
                      role="option"
                      aria-selected={isSelected}
                      className={`customer-row${isSelected ? ' selected' : ''}`}
                      data-testid={`customer-${customer.id}`}
                      style={{ position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}
                      onClick={() => select(customer.id)}
                    >
                      <strong>{customer.name || 'No name yet'}</strong>
                      <span className="hint">
                        {[customer.phone ? formatPhoneNumber(customer.phone) : null, customer.email].filter(Boolean).join(' · ') || 'no contact details'}
                        {customer.smsOptOut ? ' · opted out of texts' : ''}
                      </span>
                    </div>
                  )
                })}
              </div>
            </div>
          )}
          <p className="hint keys">
            Keys: <kbd>/</kbd> search · <kbd>↑</kbd>/<kbd>↓</kbd> next or previous customer · <kbd>Esc</kbd> clear the search
          </p>
        </div>
        {selected && <CustomerProfile key={selected.id} customer={selected} customers={customers} />}
      </div>
      {merged && (
        <UndoToast
          message={`Merged ${merged.duplicateName} into ${merged.survivorName}.`}
          onUndo={() => {
            setMerged(null)
            const duplicate = customers.find((customer) => customer.id === merged.duplicateId)
            if (duplicate) void undoMerge(save, duplicate)
          }}
          onExpire={() => setMerged(null)}
        />
      )}
    </ViewFrame>
  )
}
