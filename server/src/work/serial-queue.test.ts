import { describe, expect, it } from 'vitest'
import { SerialQueue } from './serial-queue'

const tick = () => new Promise((resolve) => setTimeout(resolve, 1))

describe('SerialQueue', () => {
  it('runs work one piece at a time, in order, and goes on after a failure', async () => {
    const errors: unknown[] = []
    const queue = new SerialQueue((error) => errors.push(error))
    const log: string[] = []
    const piece = (name: string) => async () => {
      log.push(`${name} start`)
      await tick()
      log.push(`${name} end`)
    }
    queue.push(piece('a'))
    queue.push(async () => {
      throw new Error('b failed')
    })
    const c = queue.run(async () => {
      await piece('c')()
      return 42
    })
    await expect(c).resolves.toBe(42)
    await expect(queue.run(async () => Promise.reject(new Error('d failed')))).rejects.toThrow('d failed')
    queue.push(piece('e'))
    await queue.idle()
    expect(log).toEqual(['a start', 'a end', 'c start', 'c end', 'e start', 'e end'])
    expect(errors).toEqual([new Error('b failed')])
  })

  it('idle waits for work queued while it was waiting', async () => {
    const queue = new SerialQueue(() => {})
    const done: string[] = []
    queue.push(async () => {
      await tick()
      queue.push(async () => {
        await tick()
        done.push('queued later')
      })
    })
    await queue.idle()
    expect(done).toEqual(['queued later'])
  })

  it('runs keyed work once for a key that is still waiting, and again once it has started', async () => {
    const queue = new SerialQueue(() => undefined)
    const runs: string[] = []
    let release = () => {}
    queue.push(() => new Promise<void>((resolve) => (release = resolve)))
    queue.pushOnce('a', async () => void runs.push('a1'))
    queue.pushOnce('a', async () => void runs.push('a2'))
    queue.pushOnce('b', async () => void runs.push('b1'))
    await tick()
    release()
    await queue.idle()
    expect(runs).toEqual(['a1', 'b1'])
    queue.pushOnce('a', async () => void runs.push('a3'))
    await queue.idle()
    expect(runs).toEqual(['a1', 'b1', 'a3'])
  })

  it('lets the event loop serve other callers while a long queue of quick work runs', async () => {
    const queue = new SerialQueue(() => undefined)
    let done = 0
    const busyFor = (ms: number) => {
      const until = performance.now() + ms
      while (performance.now() < until) {
        // a booking's worth of synchronous work
      }
    }
    // 300 pieces of 1 ms that resolve at once: as microtasks alone they would run back to back.
    for (let piece = 0; piece < 300; piece++) {
      queue.push(async () => {
        busyFor(1)
        done++
      })
    }
    const servedAfter = await new Promise<number>((resolve) => setImmediate(() => resolve(done)))
    expect(servedAfter).toBeLessThan(300)
    await queue.idle()
    expect(done).toBe(300)
  })
})

