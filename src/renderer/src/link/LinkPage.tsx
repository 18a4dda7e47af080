import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { usePlaidLink, type PlaidLinkError, type PlaidLinkOnSuccessMetadata } from 'react-plaid-link'
import { plaidLinkScriptUrl } from '../../../shared/content-security-policy'
import type { LinkPageResult } from '../../../shared/plaid-link-contract'
import { deliverLinkResult } from './deliver'

type Phase = 'loading' | 'open' | 'sending' | 'done' | 'exited' | 'failed'

/**
 * Demo on the sandbox in a plain browser: the host serves the Link stand-in under Plaid's CDN
 * paths on its own origin. Loading it first and marking Plaid's script as present (a tag of a
 * type browsers never fetch) lets `react-plaid-link` use it unchanged.
 */
function useStandIn(enabled: boolean): boolean {
  const [ready, setReady] = useState(!enabled)
  useEffect(() => {
    if (!enabled) return
    const standIn = document.createElement('script')
    standIn.src = '/link/v2/stable/link-initialize.js'
    standIn.addEventListener('load', () => {
      const marker = document.createElement('script')
      marker.type = 'text/plain'
      marker.src = plaidLinkScriptUrl
      document.head.appendChild(marker)
      setReady(true)
    })
    document.head.appendChild(standIn)
  }, [enabled])
  return ready
}

export function LinkPage({ fragment }: { fragment: string }) {
  const params = useMemo(() => new URLSearchParams(fragment), [fragment])
  const sessionId = params.get('session') ?? ''
  const token = params.get('token')
  const standInReady = useStandIn(params.get('standIn') === '1')
  if (!token || !sessionId) return <Page title="Nothing to connect">This page opens from Switchboard's Settings → Bank.</Page>
  // `react-plaid-link` looks for Plaid's script once, when the hook first runs.
  if (!standInReady) return <Page title="Connect your bank">Opening Plaid Link…</Page>
  return <LinkSession sessionId={sessionId} token={token} />
}

function LinkSession({ sessionId, token }: { sessionId: string; token: string }) {
  const [phase, setPhase] = useState<Phase>('loading')
  const [message, setMessage] = useState<string | null>(null)
  const finished = useRef(false)

  const finish = useCallback(async (result: LinkPageResult) => {
    if (finished.current) return
    finished.current = true
    setPhase('sending')
    const delivered = await deliverLinkResult(result)
    if (!delivered) {
      setPhase('failed')
      setMessage('The console did not take the result (this Link session may have been used already). Close this window and try again.')
      return
    }
    setPhase(result.outcome === 'success' ? 'done' : 'exited')
    // A page the console opened closes itself; otherwise it says so.
    window.setTimeout(() => window.close(), 300)
  }, [])

  const onSuccess = useCallback(
    (publicToken: string | null, metadata: PlaidLinkOnSuccessMetadata) => {
      if (!publicToken) return
      void finish({
        sessionId,
        outcome: 'success',
        publicToken,
        institution: metadata.institution ? { id: metadata.institution.institution_id, name: metadata.institution.name } : null,
        accountCount: metadata.accounts.length,
      })
    },
    [finish, sessionId],
  )
  const onExit = useCallback(
    (error: PlaidLinkError | null) => {
      void finish({ sessionId, outcome: 'exit', errorCode: error?.error_code ?? null, message: error?.display_message ?? error?.error_message ?? null })
    },
    [finish, sessionId],
  )

  const { open, ready, error } = usePlaidLink({ token, onSuccess, onExit })

  useEffect(() => {
    if (ready && phase === 'loading') {
      setPhase('open')
      open()
    }
  }, [ready, open, phase])

  if (error) {
    return (
      <Page title="Plaid Link could not load">
        <p className="error">Plaid's Link script did not load. Check the internet connection, then try again from Settings → Bank.</p>
      </Page>
    )
  }
  const text: Record<Phase, string> = {
    loading: 'Opening Plaid Link…',
    open: 'Continue in Plaid Link.',
    sending: 'Handing the connection to Switchboard…',
    done: 'Done. Switchboard is pulling your history; you can close this window.',
    exited: 'Link was closed. You can close this window.',
    failed: message ?? 'Something went wrong.',
  }
  return (
    <Page title="Connect your bank">
      <p role="status" className={phase === 'failed' ? 'error' : undefined} data-phase={phase}>
        {text[phase]}
      </p>
    </Page>
  )
}

function Page({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="link-page">
      <h1>{title}</h1>
      {children}
    </main>
  )
}
