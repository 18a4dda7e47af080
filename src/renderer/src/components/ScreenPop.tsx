import { useEffect } from 'react'
import type { Booking, Call, Customer } from '../../../domain/schemas'
import type { ScreenPop as ScreenPopEvent } from '../../../shared/ipc-contract'
import { useLiveQuery } from '../db/use-live-query'
import { useNavigationStore } from '../stores/navigation-store'
import { useRingCentralStore } from '../stores/ringcentral-store'
import { CallerBookings } from '../views/live/CallerBookings'
import { bookingsForCaller, callerBookingsSelector, callerIdentity, customerForCall } from '../views/live/live-model'
import { popKey, useLiveStore } from '../views/live/live-store'

const popStatusLabels: Record<ScreenPopEvent['status'], string> = {
  ringing: 'Ringing',
  answered: 'On the line',
  ended: 'Call ended',
}

/** Ctrl+Shift+L (⌘⇧L on a Mac) opens the popped call in Live from anywhere, even while typing. */
function isOpenInLiveKey(event: KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && event.shiftKey && !event.altKey && event.key.toLowerCase() === 'l'
}

/**
 * The screen pop: when main reports a call for this console's extension, who is calling, their
 * bookings and what the AI has gathered, in a panel that never takes the keyboard focus from
 * what staff are typing. Mounted once, beside the views.
 */
export function ScreenPop() {
  const connect = useRingCentralStore((state) => state.connect)
  const pops = useRingCentralStore((state) => state.pops)
  const dismissed = useLiveStore((state) => state.dismissedPops)
  useEffect(() => connect(), [connect])

  const shown = [...pops].reverse().filter((pop) => !dismissed.has(popKey(pop)))
  const waiting = shown.filter((pop) => pop.status !== 'ended')
  // The newest call still on the line comes first; an ended one stays until it is dismissed.
  const current = waiting[0] ?? shown[0]
  return current ? <ScreenPopPanel key={popKey(current)} pop={current} othersWaiting={waiting.filter((pop) => pop !== current).length} /> : null
}

function ScreenPopPanel({ pop, othersWaiting }: { pop: ScreenPopEvent; othersWaiting: number }) {
  const dismiss = useLiveStore((state) => state.dismissPop)
  const selectCall = useLiveStore((state) => state.selectCall)
  const selectSession = useLiveStore((state) => state.selectSession)
  const show = useNavigationStore((state) => state.show)
  // The relay's call document may sync after the pop: the query fills the panel in when it lands.
  const { documents: calls } = useLiveQuery<Call>('calls', { selector: { telephonySessionId: pop.telephonySessionId } })
  const { documents: customers } = useLiveQuery<Customer>('customers')
  const call = calls[0] ?? null
  const fromNumber = pop.fromNumber ?? call?.fromNumber ?? null
  const customer = customerForCall(customers, { customerId: call?.customerId ?? null, fromNumber })
  const caller = { customerId: customer?.id ?? call?.customerId ?? null, fromNumber }
  const { documents: callerBookings } = useLiveQuery<Booking>('bookings', { selector: callerBookingsSelector([caller]) })
  const bookings = bookingsForCaller(callerBookings, caller)
  const identity = callerIdentity(customer, bookings, { fromNumber, fromName: pop.fromName })
  const { name, phone: number } = identity
  // Main sees a transfer only when it saw the party leave; the relay knows when it transferred the
  // call to the party this pop is for (party ids are compared, never read).
  const escalatedHere = pop.transferred || (call?.escalated === true && call.routingOutcome === 'transferred' && call.partyId === pop.partyId)

  function openInLive() {
    if (call) selectCall(call.id)
    else selectSession(pop.telephonySessionId)
    show('live')
    dismiss(pop)
  }

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) {
        dismiss(pop)
      } else if (isOpenInLiveKey(event)) {
        event.preventDefault()
        openInLive()
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  })

  return (
    <aside className="screen-pop" aria-labelledby="screen-pop-title" data-testid="screen-pop" data-session={pop.telephonySessionId}>
      <header className="screen-pop-header">
        <span className={`badge ${escalatedHere ? 'escalated' : `status-${pop.status}`}`}>
          {escalatedHere ? 'Escalated to you' : 'Incoming call'}
        </span>
        <span className="hint" data-testid="screen-pop-status">
          {popStatusLabels[pop.status]}
        </span>
      </header>
      {/* Announced once when the pop appears; the focus stays where the user is typing. */}
      <div role="alert" className="screen-pop-caller">
        <h2 id="screen-pop-title">{name}</h2>
        {number && name !== number && <p className="hint">{number}</p>}
      </div>
      <p className="hint" data-testid="screen-pop-note">
        {identity.note ?? 'Known customer'}
      </p>
      {call?.escalationReason && (
        <p className="screen-pop-reason" data-testid="screen-pop-reason">
          <strong>Why it came to you:</strong> {call.escalationReason}
        </p>
      )}
      <section aria-label="What the AI understood">
        <h3>What the AI understood</h3>
        <p data-testid="screen-pop-summary">{call?.summary || (call ? 'Nothing summarised yet.' : 'Waiting for the call’s details from the relay…')}</p>
      </section>
      <CallerBookings bookings={bookings} compact />
      {othersWaiting > 0 && (
        <p className="hint">
          {othersWaiting === 1 ? 'One more call is waiting' : `${othersWaiting} more calls are waiting`} — dismiss this one to see it.
        </p>
      )}
      <div className="screen-pop-actions">
        <button type="button" className="primary" onClick={openInLive}>
          Open in Live <kbd>Ctrl+Shift+L</kbd>
        </button>
        <button type="button" onClick={() => dismiss(pop)}>
          Dismiss <kbd>Esc</kbd>
        </button>
      </div>
    </aside>
  )
}
