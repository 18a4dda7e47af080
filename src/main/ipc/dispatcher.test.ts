import { describe, expect, it } from 'vitest'
import type { RelayStatus } from '../../shared/ipc-contract'
import { createIpcDispatcher, IpcError } from './dispatcher'
import { EventHub } from './event-hub'
import { handlerDoubles as handlers, sampleRelayStatus as status } from './testing/handler-doubles'

describe('IPC dispatcher', () => {
  it('calls the handler and wraps its value', async () => {
    const dispatch = createIpcDispatcher(handlers())
    expect(await dispatch('relay:getStatus', null)).toEqual({ ok: true, value: status })
  })

  it('refuses channels outside the contract, including prototype names', async () => {
    const dispatch = createIpcDispatcher(handlers())
    for (const channel of ['fs:readFile', '__proto__', 'constructor', 42, null]) {
      expect(await dispatch(channel, null)).toMatchObject({ ok: false, error: { code: 'unknown_channel' } })
    }
  })

  it('validates the payload before any handler runs', async () => {
    let called = false
    const dispatch = createIpcDispatcher(handlers({ 'relay:checkNow': () => ((called = true), status) }))
    const result = await dispatch('relay:checkNow', { url: 'http://evil.example' })
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_payload' } })
    expect(called).toBe(false)
  })

  it('passes IpcError codes through and hides unexpected errors', async () => {
    const logged: string[] = []
    const dispatch = createIpcDispatcher(
      handlers({
        'app:getInfo': () => {
          throw new IpcError('unavailable', 'Keychain locked')
        },
        'relay:getStatus': () => {
          throw new Error('SQLITE_CORRUPT at /home/owner/secret/path')
        },
      }),
      (channel) => logged.push(channel),
    )
    expect(await dispatch('app:getInfo', null)).toEqual({ ok: false, error: { code: 'unavailable', message: 'Keychain locked' } })
    const hidden = await dispatch('relay:getStatus', null)
    expect(hidden).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(JSON.stringify(hidden)).not.toContain('/home/owner')
    expect(logged).toEqual(['relay:getStatus'])
  })
})

describe('EventHub', () => {
  it('delivers contract-shaped events to every attached sink until detached', () => {
    const hub = new EventHub()
    const a: unknown[] = []
    const b: unknown[] = []
    hub.attach((_event, payload) => a.push(payload))
    const detachB = hub.attach((_event, payload) => b.push(payload))
    hub.emit('relay:status', status)
    detachB()
    hub.emit('relay:status', { ...status, state: 'disconnected' })
    expect(a).toHaveLength(2)
    expect(b).toHaveLength(1)
  })

  it('refuses to emit a payload with fields the contract does not allow', () => {
    const hub = new EventHub()
    expect(() => hub.emit('relay:status', { ...status, deviceToken: 'secret' } as RelayStatus)).toThrow(/IPC contract/)
  })
})
