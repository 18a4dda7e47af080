/**
 * The IPC contract over the local web host, for when the console runs in a plain browser.
 * Same interface as Electron's `window.api`, so nothing above the bridge knows the difference.
 */
import type { EventName, IpcResult, SwitchboardApi } from '../../../shared/ipc-contract'

export function createHttpBridge(baseUrl = ''): SwitchboardApi {
  let source: EventSource | undefined
  const listeners = new Map<EventName, Set<(payload: never) => void>>()

  const ensureSource = () => {
    if (source) return source
    source = new EventSource(`${baseUrl}/ipc/events`)
    return source
  }

  return {
    async invoke(channel, payload) {
      try {
        const response = await fetch(`${baseUrl}/ipc/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ payload }),
        })
        if (response.status === 401) {
          // The web host is new (each start makes a new secret) or this tab never opened its address.
          return unavailable('This tab is not signed in to this run of Switchboard. Open the address printed in the terminal where it started.')
        }
        if (!response.ok) {
          return unavailable(`The console's background service answered ${response.status}.`)
        }
        return (await response.json()) as never
      } catch {
        return unavailable("The console's background service is not running. Restart Switchboard.")
      }
    },
    on(event, listener) {
      const eventSource = ensureSource()
      let set = listeners.get(event)
      if (!set) {
        set = new Set()
        listeners.set(event, set)
        eventSource.addEventListener(event, (message) => {
          const payload = JSON.parse((message as MessageEvent<string>).data) as never
          for (const fn of listeners.get(event) ?? []) fn(payload)
        })
      }
      set.add(listener as (payload: never) => void)
      return () => {
        set.delete(listener as (payload: never) => void)
      }
    },
  }
}

function unavailable(message: string): IpcResult<never> {
  return { ok: false, error: { code: 'unavailable', message } }
}
