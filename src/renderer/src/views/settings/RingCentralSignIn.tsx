import { useEffect, useState } from 'react'
import type { RingCentralSession } from '../../../../shared/ipc-contract'
import { useRingCentralStore } from '../../stores/ringcentral-store'

const stateLabels: Record<RingCentralSession['state'], string> = {
  signed_out: 'Not signed in',
  signing_in: 'Signing in…',
  connected: 'Connected: calls for this extension pop up here',
  reconnecting: 'Reconnecting to RingCentral…',
  error: 'Not connected',
}

/** Settings → RingCentral: the console's own sign-in, so this extension's calls pop up here. */
export function RingCentralSignIn() {
  const { session, connect, signIn, signOut } = useRingCentralStore()
  const [jwt, setJwt] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => connect(), [connect])

  const signedIn = session?.extension !== null && session?.extension !== undefined
  const state = session?.state ?? 'signed_out'
  const shownError = error ?? session?.error ?? null

  const submit = () => {
    if (busy || jwt.trim() === '') return
    setBusy(true)
    setError(null)
    void signIn(jwt).then((message) => {
      setBusy(false)
      setError(message)
      if (!message) setJwt('')
    })
  }

  return (
    <section className="panel" aria-labelledby="ringcentral-title" data-testid="ringcentral-settings" data-state={state}>
      <h2 id="ringcentral-title">RingCentral</h2>
      <p role="status" aria-live="polite" data-testid="ringcentral-state">
        {stateLabels[state]}
      </p>
      {signedIn && session?.extension && (
        <p data-testid="ringcentral-signed-in">
          Signed in as <strong>{session.extension.name}</strong> (extension {session.extension.extensionNumber}) on{' '}
          {session.serverUrl}.
        </p>
      )}
      {session && !session.tokenRemembered && (
        <p className="hint">
          This computer offers no keychain Switchboard can use, so the RingCentral sign-in is kept only until the console
          closes.
        </p>
      )}
      {shownError && (
        <p role="alert" className="error" data-testid="ringcentral-error">
          {shownError}
        </p>
      )}
      {signedIn ? (
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            setBusy(true)
            void signOut().then((message) => {
              setBusy(false)
              setError(message)
            })
          }}
        >
          Sign out of RingCentral
        </button>
      ) : (
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault()
            submit()
          }}
        >
          <label>
            JWT credential
            <textarea
              name="jwt"
              value={jwt}
              rows={3}
              onChange={(event) => setJwt(event.target.value)}
              // Enter signs in (a JWT has no line breaks); Shift+Enter is left alone.
              onKeyDown={(event) => {
                if (event.key === 'Enter' && !event.shiftKey) {
                  event.preventDefault()
                  submit()
                }
              }}
              placeholder="Paste the JWT credential from your RingCentral developer account"
              autoComplete="off"
              spellCheck={false}
              required
            />
          </label>
          <p className="hint">The credential is exchanged for tokens kept by this computer's keychain; it is not stored.</p>
          <button type="submit" className="primary" disabled={busy || jwt.trim() === ''}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      )}
    </section>
  )
}
