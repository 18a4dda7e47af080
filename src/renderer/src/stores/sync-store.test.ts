/**
 * What the status bar reads while a newly paired console opens its store: the pairing arrives
 * from main before the store has opened, and in that gap the console must say it is getting the
 * relay's data, never "Synced" over empty views.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { SyncState } from '../../../shared/ipc-contract'

const bridge = vi.hoisted(() => {
  const listeners = new Set<(state: unknown) => void>()
  return {
    listeners,
    invoke: vi.fn(async (channel: string) =>
      channel === 'sync:getState' ? { ok: true, value: { ...unpairedState } } : { ok: false, error: { code: 'refused', message: 'not here' } },
    ),
  }
})
const unpairedState = vi.hoisted(() => ({
  paired: false,
  relayUrl: 'http://relay.test',
  deviceId: null,
  deviceName: null,
  role: null,
  live: false,
  lastSyncAt: null,
  tokenRemembered: true,
  error: null,
}))
// The store opens only when the test says so, to look at the console in between.
const opening = vi.hoisted(() => ({ release: () => {}, opened: 0 }))

vi.mock('../bridge', () => ({
  api: {
    invoke: bridge.invoke,
    on: (event: string, listener: (state: unknown) => void) => {
      if (event === 'sync:state') bridge.listeners.add(listener)
      return () => bridge.listeners.delete(listener)
    },
  },
}))
vi.mock('../db/database', () => ({
  openConsoleDatabase: () =>
    new Promise((resolve) => {
      opening.release = () => {
        opening.opened += 1
        resolve({ close: async () => undefined, collections: {} })
      }
    }),
}))
vi.mock('../db/pending-changes', () => ({
  PendingChanges: class {
    count = 0
    onChange() {}
  },
}))
vi.mock('../db/replication', () => ({
  startReplication: () => ({ stop: async () => undefined, resync: () => undefined }),
}))

vi.stubGlobal('navigator', { onLine: true })
vi.stubGlobal('window', { addEventListener: () => undefined, removeEventListener: () => undefined })

const { useSyncStore } = await import('./sync-store')

const paired: SyncState = { ...unpairedState, paired: true, deviceId: 'device-1', deviceName: 'Front desk', role: 'owner' }
const announce = (state: SyncState) => {
  for (const listener of bridge.listeners) listener(state)
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('sync store while a newly paired console opens its store', () => {
  afterEach(() => opening.release())

  it('says it is getting the relay data from the moment the pairing arrives until the store is open', async () => {
    const disconnect = useSyncStore.getState().connect()
    await settle()
    expect(useSyncStore.getState().sync?.paired).toBe(false)
    expect(useSyncStore.getState().catchUp).toBeNull()

    announce(paired)
    // The pairing is shown at once; the store is not open yet.
    expect(useSyncStore.getState().sync?.paired).toBe(true)
    expect(useSyncStore.getState().catchUp).toEqual({ catchingUp: true, received: 0 })
    await settle()
    expect(useSyncStore.getState().db).toBeNull()
    expect(useSyncStore.getState().catchUp?.catchingUp).toBe(true)

    opening.release()
    await settle()
    expect(opening.opened).toBe(1)
    expect(useSyncStore.getState().db).not.toBeNull()
    // Still catching up: only the replication's first pull may say it is done.
    expect(useSyncStore.getState().catchUp?.catchingUp).toBe(true)

    // The same pairing again (a state update such as "live") changes nothing.
    announce({ ...paired, live: true })
    expect(useSyncStore.getState().catchUp?.catchingUp).toBe(true)
    await settle()
    expect(opening.opened).toBe(1)

    // Unpaired: nothing to catch up on.
    announce(unpairedState)
    await settle()
    expect(useSyncStore.getState().catchUp).toBeNull()
    expect(useSyncStore.getState().db).toBeNull()
    disconnect()
  })

  it('keeps a pairing heard while its first question was on the way, rather than the older answer', async () => {
    // main answers "unpaired" (before the pairing), but the answer arrives after the pairing event.
    let answer: (value: Awaited<ReturnType<typeof bridge.invoke>>) => void = () => undefined
    bridge.invoke.mockImplementationOnce(
      () =>
        new Promise((resolve) => {
          answer = resolve
        }),
    )
    const disconnect = useSyncStore.getState().connect()
    announce(paired)
    answer({ ok: true, value: { ...unpairedState } })
    await settle()
    expect(useSyncStore.getState().sync?.paired).toBe(true)
    opening.release()
    await settle()
    expect(useSyncStore.getState().db).not.toBeNull()
    announce(unpairedState)
    await settle()
    disconnect()
  })
})

