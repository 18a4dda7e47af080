import { useEffect, useRef, useState } from 'react'
import { deriveBookingStatus } from '../../../../domain/bookings/booking-status'
import { isMerged, mergeEvidence, recordsOf, searchCustomers } from '../../../../domain/customers/customer-directory'
import { formatCents } from '../../../../domain/money'
import { formatPhoneNumber } from '../../../../domain/phone-number'
import type { Booking, Call, Conversation, Customer, PaymentMatch, Transaction } from '../../../../domain/schemas'
import { useLiveQuery } from '../../db/use-live-query'
import { useBookingDraftStore } from '../../stores/booking-draft-store'
import { useInboxStore } from '../../stores/inbox-store'
import { useNavigationStore } from '../../stores/navigation-store'
import { useSyncStore } from '../../stores/sync-store'
import { formatInstant, statusLabels } from '../bookings/booking-model'
import { useBookingsViewStore } from '../bookings/bookings-store'
import { useBusiness } from '../bookings/use-business'
import { useCustomersViewStore } from './customers-store'

type Save = ReturnType<typeof useSyncStore.getState>['save']

/** Proposes taking a merge back: the relay returns what it moved (server/src/customers). */
export function undoMerge(save: Save, duplicate: Customer): Promise<void> {
  return save('customers', { ...duplicate, mergedInto: null })
}

const acceptedMatch = new Set<PaymentMatch['status']>(['accepted', 'auto_accepted'])

/** One customer: contact, notes, bookings, threads, calls, payments, payers and merges. */
export function CustomerProfile({ customer, customers }: { customer: Customer; customers: Customer[] }) {
  const sync = useSyncStore((state) => state.sync)
  const save = useSyncStore((state) => state.save)
  const isOwner = sync?.role === 'owner'
  const { today } = useBusiness()
  const bookings = useLiveQuery<Booking>('bookings')
  const conversations = useLiveQuery<Conversation>('conversations')
  const calls = useLiveQuery<Call>('calls')
  const matches = useLiveQuery<PaymentMatch>('paymentMatches')
  const transactions = useLiveQuery<Transaction>('transactions')
  const showView = useNavigationStore((state) => state.show)
  const selectBooking = useBookingsViewStore((state) => state.select)
  const selectThread = useInboxStore((state) => state.select)
  const openDraft = useBookingDraftStore((state) => state.open)
  const [merging, setMerging] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const mergedFrom = customers.filter((each) => each.mergedInto === customer.id)
  const records = recordsOf(customer, { bookings: bookings.documents, conversations: conversations.documents, calls: calls.documents }, mergedFrom)
  const bookingIds = new Set(records.bookings.map((booking) => booking.id))
  const transactionsById = new Map(transactions.documents.map((transaction) => [transaction.id, transaction]))
  const payments = [
    ...records.bookings
      .filter((booking) => booking.depositCheckout?.status === 'complete')
      .map((booking) => ({ id: `card-${booking.id}`, at: booking.depositCheckout!.createdAt, text: `Deposit ${formatCents(booking.depositCents)} by card (Stripe)`, bookingDate: booking.eventDate })),
    ...matches.documents
      .filter((match) => match.bookingId !== null && bookingIds.has(match.bookingId) && acceptedMatch.has(match.status))
      .map((match) => {
        const transaction = transactionsById.get(match.transactionId)
        const manual = match.manualPayment
        const amount = manual ? manual.amountCents : transaction ? Math.abs(transaction.amountCents) : null
        const payer = manual?.payer ?? transaction?.counterpartyName ?? transaction?.merchantName ?? null
        const how = manual ? manual.method : 'bank'
        return {
          id: match.id,
          at: match.decidedAt ?? (manual ? `${manual.receivedOn}T12:00:00.000Z` : transaction ? `${transaction.date}T12:00:00.000Z` : match.updatedAt),
          text: `${amount === null ? 'A payment' : formatCents(amount)} by ${how}${payer ? ` from ${payer}` : ''}${match.paymentType ? ` (${match.paymentType.replace(/_/g, ' ')})` : ''}`,
          bookingDate: records.bookings.find((booking) => booking.id === match.bookingId)?.eventDate ?? '',
        }
      }),
  ].sort((a, b) => b.at.localeCompare(a.at))

  async function run(action: () => Promise<void>) {
    setError(null)
    try {
      await action()
    } catch (cause) {
      setError(`The change could not be saved: ${(cause as Error).message}`)
    }
  }

  return (
    <section className="customer-profile booking-page" aria-labelledby="customer-profile-name" data-testid="customer-profile">
      <header className="booking-page-header">
        <h2 id="customer-profile-name">{customer.name || 'No name yet'}</h2>
        <button
          type="button"
          onClick={() =>
            openDraft({
              draft: { customerName: customer.name || null, customerPhone: customer.phone, eventDate: null, eventTime: null, adults: null, kids: null, address: null, zip: null, subtotalCents: null, travelFeeCents: null, totalCents: null },
              suggestionId: null,
              origin: 'Customers view',
              customerId: customer.id,
            })
          }
        >
          New booking
        </button>
      </header>
      <dl className="booking-details">
        <dt>Phone</dt>
        <dd>
          {customer.phone ? formatPhoneNumber(customer.phone) : 'none'}
          {customer.smsOptOut && <span className="badge"> opted out of texts</span>}
        </dd>
        <dt>E-mail</dt>
        <dd>{customer.email ?? 'none'}</dd>
        <dt>Customer since</dt>
        <dd>{formatInstant(customer.createdAt)}</dd>
      </dl>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <CustomerNotes customer={customer} onSave={(notes) => run(() => save('customers', { ...customer, notes }))} />

      <h3>Bookings ({records.bookings.length})</h3>
      {records.bookings.length === 0 ? (
        <p className="hint">No bookings yet.</p>
      ) : (
        <ul className="profile-list" aria-label="Bookings">
          {records.bookings.map((booking) => (
            <li key={booking.id}>
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  selectBooking(booking.id, booking.eventDate)
                  showView('bookings')
                }}
              >
                {booking.eventDate}
                {booking.eventTime ? ` ${booking.eventTime}` : ''}
              </button>{' '}
              {booking.adults + booking.kids} guests · {formatCents(booking.totalCents)} · {statusLabels[deriveBookingStatus(booking, today)]}
            </li>
          ))}
        </ul>
      )}

      <h3>Text threads ({records.conversations.length})</h3>
      {records.conversations.length === 0 ? (
        <p className="hint">No texts yet.</p>
      ) : (
        <ul className="profile-list" aria-label="Text threads">
          {records.conversations.map((thread) => (
            <li key={thread.id}>
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  selectThread(thread.id)
                  showView('inbox')
                }}
              >
                {formatPhoneNumber(thread.customerPhone)}
              </button>{' '}
              {thread.needsHuman && <span className="badge escalated">Needs a person</span>} {thread.messages.at(-1)?.text.slice(0, 80) ?? ''}{' '}
              <span className="hint">{formatInstant(thread.lastMessageAt)}</span>
            </li>
          ))}
        </ul>
      )}

      <h3>Calls ({records.calls.length})</h3>
      {records.calls.length === 0 ? (
        <p className="hint">No calls yet.</p>
      ) : (
        <ul className="profile-list" aria-label="Calls">
          {records.calls.map((call) => (
            <li key={call.id}>
              {formatInstant(call.startedAt)} · {call.direction === 'inbound' ? 'from' : 'to'} {call.fromNumber && call.direction === 'inbound' ? formatPhoneNumber(call.fromNumber) : call.toNumber ? formatPhoneNumber(call.toNumber) : 'unknown'}
              {call.escalated ? ' · escalated' : ''}
              {(call.afterCallSummary || call.summary) && <span className="hint"> — {(call.afterCallSummary || call.summary).slice(0, 120)}</span>}
            </li>
          ))}
        </ul>
      )}

      <h3>Payments</h3>
      {payments.length === 0 ? (
        <p className="hint">{isOwner ? 'No payments received yet.' : 'Payments are shown on the owner’s console.'}</p>
      ) : (
        <ul className="profile-list" aria-label="Payments">
          {payments.map((payment) => (
            <li key={payment.id}>
              {payment.text} <span className="hint">for the party on {payment.bookingDate}</span>
            </li>
          ))}
        </ul>
      )}

      <h3>Also pays as</h3>
      {(customer.alsoPaysAs ?? []).length === 0 ? (
        <p className="hint">No other payers. Accepting a payment from a spouse, parent or company in Reconciliation adds them here.</p>
      ) : (
        <ul className="profile-list" aria-label="Also pays as">
          {(customer.alsoPaysAs ?? []).map((payer) => (
            <li key={payer.name}>
              {payer.name}{' '}
              <span className="hint">{payer.learnedFrom?.startsWith('merge:') ? '(from a merged record)' : payer.learnedFrom ? '(learned from an accepted payment)' : '(added by hand)'}</span>
            </li>
          ))}
        </ul>
      )}

      {(mergedFrom.length > 0 || isOwner) && <h3>Merged records</h3>}
      {mergedFrom.length > 0 && (
        <ul className="profile-list" aria-label="Merged records">
          {mergedFrom.map((duplicate) => (
            <li key={duplicate.id} data-testid={`merged-${duplicate.id}`}>
              {duplicate.name || 'No name'} ({duplicate.phone ? formatPhoneNumber(duplicate.phone) : 'no phone'}) merged
              {duplicate.mergedAt ? ` on ${formatInstant(duplicate.mergedAt)}` : ' (waiting for the relay)'}
              {duplicate.mergedBy ? ` by ${duplicate.mergedBy}` : ''}{' '}
              {isOwner && (
                <button type="button" className="link-button" onClick={() => void run(() => undoMerge(save, duplicate))}>
                  Undo merge
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {isOwner ? (
        <p>
          <button type="button" onClick={() => setMerging(true)}>
            Merge a duplicate into {customer.name || 'this customer'}…
          </button>
        </p>
      ) : (
        <p className="hint">Only the owner’s console merges customer records.</p>
      )}
      {merging && <MergeDialog survivor={customer} customers={customers} onClose={() => setMerging(false)} />}
    </section>
  )
}

function CustomerNotes({ customer, onSave }: { customer: Customer; onSave(notes: string): Promise<void> }) {
  const [notes, setNotes] = useState(customer.notes)
  const [saved, setSaved] = useState(false)
  // Notes changed elsewhere (another console) replace these unless they are being edited.
  const [base, setBase] = useState(customer.notes)
  if (base !== customer.notes) {
    setBase(customer.notes)
    if (notes === base) setNotes(customer.notes)
  }
  const changed = notes !== customer.notes
  const tooLong = notes.length > 5000
  const submit = async () => {
    if (!changed || tooLong) return
    await onSave(notes)
    setSaved(true)
  }
  return (
    <form
      className="form customer-notes"
      onSubmit={(event) => {
        event.preventDefault()
        void submit()
      }}
    >
      <label>
        Notes
        <textarea
          rows={3}
          value={notes}
          onChange={(event) => {
            setNotes(event.target.value)
            setSaved(false)
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault()
              void submit()
            }
          }}
          aria-invalid={tooLong || undefined}
        />
      </label>
      {tooLong && (
        <span className="error" role="alert">
          Keep the notes under 5,000 characters.
        </span>
      )}
      <div className="row-actions">
        <button type="submit" disabled={!changed || tooLong}>
          Save notes
        </button>
        {changed && (
          <button type="button" className="link-button" onClick={() => setNotes(customer.notes)}>
            Revert
          </button>
        )}
        <span className="hint" role="status">
          {saved && !changed ? 'Saved.' : changed ? 'Not saved yet (Ctrl+Enter saves).' : ''}
        </span>
      </div>
    </form>
  )
}

/** Picks the duplicate to fold into `survivor`, shows why they look alike, and proposes the merge. */
function MergeDialog({ survivor, customers, onClose }: { survivor: Customer; customers: Customer[]; onClose(): void }) {
  const save = useSyncStore((state) => state.save)
  const setMerged = useCustomersViewStore((state) => state.setMerged)
  const [query, setQuery] = useState('')
  const [pickedId, setPickedId] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const searchBox = useRef<HTMLInputElement>(null)
  const opener = useRef<Element | null>(document.activeElement)
  useEffect(() => {
    searchBox.current?.focus()
    const returnTo = opener.current
    return () => (returnTo as HTMLElement | null)?.focus?.()
  }, [])

  const candidates = searchCustomers(
    customers.filter((each) => each.id !== survivor.id && !isMerged(each) && !customers.some((other) => other.mergedInto === each.id)),
    query,
  ).slice(0, 30)
  const picked = candidates.find((each) => each.id === pickedId) ?? null
  const evidence = picked ? mergeEvidence(survivor, picked) : []

  async function merge() {
    if (!picked || busy) return
    setBusy(true)
    setError(null)
    try {
      await save('customers', { ...picked, mergedInto: survivor.id })
      setMerged({ duplicateId: picked.id, duplicateName: picked.name || 'the record', survivorName: survivor.name || 'this customer' })
      onClose()
    } catch (cause) {
      setError(`The merge could not be saved: ${(cause as Error).message}`)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="modal-backdrop">
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="merge-title"
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault()
            onClose()
          }
        }}
      >
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault()
            void merge()
          }}
        >
          <h2 id="merge-title">Merge a duplicate into {survivor.name || 'this customer'}</h2>
          <p className="hint">
            The duplicate’s bookings, texts and calls move to {survivor.name || 'this customer'}, and payments under its name count for them. You can undo it
            from the profile.
          </p>
          <label>
            Find the duplicate
            <input ref={searchBox} type="search" value={query} onChange={(event) => setQuery(event.target.value)} placeholder="Name, phone or e-mail" />
          </label>
          <fieldset className="merge-candidates">
            <legend>Duplicate record</legend>
            {candidates.length === 0 && <p className="hint">No other customer matches.</p>}
            {candidates.map((candidate) => (
              <label key={candidate.id} className="checkbox">
                <input type="radio" name="duplicate" value={candidate.id} checked={pickedId === candidate.id} onChange={() => setPickedId(candidate.id)} />{' '}
                {candidate.name || 'No name'} <span className="hint">{[candidate.phone ? formatPhoneNumber(candidate.phone) : null, candidate.email].filter(Boolean).join(' · ')}</span>
              </label>
            ))}
          </fieldset>
          {picked && (
            <p className={evidence.length > 0 ? 'hint' : 'error'} data-testid="merge-evidence">
              {evidence.length > 0 ? `Both records have ${evidence.join(' and ')}.` : 'These records share no phone number, e-mail or name: make sure they are the same person.'}
            </p>
          )}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="primary" disabled={!picked || busy}>
              Merge
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
          <p className="hint">
            <kbd>Enter</kbd> merges · <kbd>Esc</kbd> cancels
          </p>
        </form>
      </div>
    </div>
  )
}
