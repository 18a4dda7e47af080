import { useState } from 'react'
import type { Call, Extension } from '../../../../domain/schemas'
import { useLiveQuery } from '../../db/use-live-query'
import { useNavigationStore } from '../../stores/navigation-store'
import { useRingCentralStore } from '../../stores/ringcentral-store'
import { transferBlockedReason, transferTargets } from './live-model'
import { popPartyId } from './live-store'

const extensionStatusLabels: Record<Extension['status'], string> = {
  available: 'available',
  busy: 'busy',
  offline: 'offline',
}

/** Blind-transfers the answered call to another extension through RingCentral. */
export function TransferPanel({ call }: { call: Call }) {
  const { documents: extensions } = useLiveQuery<Extension>('extensions')
  const session = useRingCentralStore((state) => state.session)
  const pops = useRingCentralStore((state) => state.pops)
  const transfer = useRingCentralStore((state) => state.transfer)
  const show = useNavigationStore((state) => state.show)
  const [target, setTarget] = useState('')
  const [pending, setPending] = useState(false)
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null)

  // Our party in the session: the one main reported with the screen pop, else the relay's record.
  const partyId = popPartyId(pops, call.telephonySessionId) ?? call.partyId ?? null
  const blocked = transferBlockedReason(call, partyId, session)
  const targets = transferTargets(extensions, session?.extension?.extensionNumber ?? null)
  const chosen = targets.find((extension) => extension.extensionNumber === target) ?? null

  async function submit() {
    if (blocked || !partyId || !chosen) return
    setPending(true)
    setOutcome(null)
    const refused = await transfer({ telephonySessionId: call.telephonySessionId, partyId, extensionNumber: chosen.extensionNumber })
    setPending(false)
    setOutcome(
      refused === null
        ? { ok: true, text: `Transferring to ${chosen.employeeName} (ext. ${chosen.extensionNumber}). The call leaves this console when RingCentral confirms.` }
        : { ok: false, text: `The call was not transferred: ${refused}` },
    )
  }

  return (
    <section className="live-transfer" aria-labelledby="live-transfer-title">
      <h3 id="live-transfer-title">Transfer</h3>
      {targets.length === 0 ? (
        <p className="hint">No other extensions yet. Add them in Extensions.</p>
      ) : (
        <form
          className="live-transfer-form"
          onSubmit={(event) => {
            event.preventDefault()
            void submit()
          }}
        >
          <label>
            <span className="visually-hidden">Transfer to</span>
            <select value={target} disabled={blocked !== null || pending} onChange={(event) => setTarget(event.target.value)} aria-label="Transfer to">
              <option value="">Choose an extension…</option>
              {targets.map((extension) => (
                <option key={extension.id} value={extension.extensionNumber}>
                  {extension.extensionNumber} · {extension.employeeName} — {extensionStatusLabels[extension.status]}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={blocked !== null || pending || !chosen}>
            {pending ? 'Transferring…' : 'Transfer'}
          </button>
        </form>
      )}
      {blocked && (
        <p className="hint" data-testid="transfer-blocked">
          {blocked}{' '}
          {(!session || session.state === 'signed_out' || session.state === 'error') && (
            <button type="button" className="link-button" onClick={() => show('settings')}>
              Open Settings
            </button>
          )}
        </p>
      )}
      {chosen && chosen.status !== 'available' && !blocked && (
        <p className="hint">{chosen.employeeName} is {extensionStatusLabels[chosen.status]}; the call may go to their voicemail.</p>
      )}
      {outcome && (
        <p className={outcome.ok ? 'live-transfer-ok' : 'error'} role={outcome.ok ? 'status' : 'alert'}>
          {outcome.text}
        </p>
      )}
    </section>
  )
}
