import { performance } from 'node:perf_hooks'

/**
 * The event loop's own `setImmediate`, taken when this module loads: a test's fake timers must
 * not stop the queue from stepping out of the way.
 */
const nextTurnOfTheEventLoop = setImmediate

/** How long queued work may run back to back before it lets the event loop serve requests. */
const maxBusyMs = 20
let lastYieldAt = 0

/**
 * Work that resolves at once chains as microtasks, which never let the event loop run: ten
 * thousand bookings processed at start-up would keep the relay from answering anything (even
 * `/healthz`, even webhooks) until the last one. Between pieces, after `maxBusyMs` of work, the
 * queue waits one turn of the event loop.
 */
async function stepAsideWhenBusy(): Promise<void> {
  if (performance.now() - lastYieldAt < maxBusyMs) return
  await new Promise((resolve) => nextTurnOfTheEventLoop(resolve))
  lastYieldAt = performance.now()
}

/**
 * Runs async work one piece at a time, in order, so two pieces never interleave their reads and
 * writes of the same documents (the relay's services react to document changes this way).
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve()
  /** How many pieces were ever queued: lets a caller see whether work arrived while it waited. */
  queued = 0

  /** `onError` hears the failure of work queued with `push`; the queue goes on. */
  constructor(private readonly onError: (error: unknown) => void) {}

  push(work: () => Promise<unknown>): void {
    this.queued++
    this.tail = this.tail.then(stepAsideWhenBusy).then(() => work()).catch(this.onError)
  }

  private readonly waiting = new Set<string>()

  /**
   * Queues `work` for `key` unless work for that key is already waiting to start: changes that
   * arrive meanwhile are covered by the one run (it reads the current state when it starts).
   */
  pushOnce(key: string, work: () => Promise<unknown>): void {
    if (this.waiting.has(key)) return
    this.waiting.add(key)
    this.push(() => {
      this.waiting.delete(key)
      return work()
    })
  }

  /** Queues `work` and hands its result, or its failure, to the caller; the queue goes on either way. */
  run<T>(work: () => Promise<T>): Promise<T> {
    this.queued++
    const result = this.tail.then(stepAsideWhenBusy).then(() => work())
    this.tail = result.catch(() => undefined)
    return result
  }

  /** Resolves once nothing is queued, including work queued while it waited (tests and shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      const seen = this.queued
      await this.tail
      if (seen === this.queued) return
    }
  }
}
