import { useState } from 'react'
import { views } from '../../app/views'
import { ViewFrame } from '../../components/ViewFrame'
import { useSyncStore } from '../../stores/sync-store'
import { BusinessSetup } from './BusinessSetup'
import { RingCentralSignIn } from './RingCentralSignIn'

export function SettingsView() {
  return (
    <ViewFrame view={views.settings}>
      <RelayPairing />
      <BusinessSetup />
      <RingCentralSignIn />
    </ViewFrame>
  )
}

function RelayPairing() {
  const { sync, pair, unpair } = useSyncStore()
  const [code, setCode] = useState('')
  const [name, setName] = useState('Front desk')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [confirmingUnpair, setConfirmingUnpair] = useState(false)

  if (sync?.paired) {
    return (
      <section className="panel" aria-labelledby="pairing-title">
        <h2 id="pairing-title">Relay</h2>
        <p data-testid="pairing-summary">
          Paired with <strong>{sync.relayUrl}</strong> as <strong>{sync.deviceName}</strong> (
          {sync.role === 'owner' ? 'owner' : 'front desk'}).
        </p>
        {!sync.tokenRemembered && (
          <p className="hint">
            This computer offers no keychain Switchboard can use, so the device token is kept only until the console
            closes; you will pair again after a restart.
          </p>
        )}
        {sync.error && <p role="alert" className="error">{sync.error}</p>}
        {confirmingUnpair ? (
          <div className="confirm" role="alertdialog" aria-label="Unpair this console?">
            <p>Unpair this console? Changes not yet synced stay on this computer but will not reach the relay.</p>
            <button type="button" className="danger" onClick={() => void unpair().then(() => setConfirmingUnpair(false))}>
              Unpair
            </button>
            <button type="button" onClick={() => setConfirmingUnpair(false)}>
              Keep paired
            </button>
          </div>
        ) : (
          <button type="button" onClick={() => setConfirmingUnpair(true)}>
            Unpair this console…
          </button>
        )}
      </section>
    )
  }

  return (
    <section className="panel" aria-labelledby="pairing-title">
      <h2 id="pairing-title">Pair with the relay</h2>
      <p className="hint">
        On the relay's computer run <code>npm run relay -- pair --role owner</code> (or <code>--role frontdesk</code>) and
        type the code it prints. Codes work once and expire after ten minutes.
      </p>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault()
          setBusy(true)
          setError(null)
          void pair(code, name).then((message) => {
            setBusy(false)
            setError(message)
            if (!message) setCode('')
          })
        }}
      >
        <label>
          Pairing code
          <input
            name="code"
            value={code}
            onChange={(event) => setCode(event.target.value)}
            placeholder="XXXX-XXXX-XXXX-XXXX"
            autoComplete="off"
            spellCheck={false}
            required
          />
        </label>
        <label>
          Name for this console
          <input name="name" value={name} onChange={(event) => setName(event.target.value)} maxLength={100} required />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy || code.trim() === '' || name.trim() === ''}>
          {busy ? 'Pairing…' : 'Pair'}
        </button>
      </form>
    </section>
  )
}
