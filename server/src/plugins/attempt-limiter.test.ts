import { describe, expect, it } from 'vitest'
import { AttemptLimiter } from './attempt-limiter'

describe('AttemptLimiter', () => {
  it('locks a key after too many failures in the window, then lets it try again', () => {
    let clock = 0
    const limiter = new AttemptLimiter({ maxFailures: 3, windowMs: 1000, lockMs: 5000, now: () => clock })
    limiter.recordFailure('a')
    limiter.recordFailure('a')
    expect(limiter.lockedFor('a')).toBe(0)
    limiter.recordFailure('a')
    expect(limiter.lockedFor('a')).toBe(5000)
    expect(limiter.lockedFor('b')).toBe(0)
    clock += 5000
    expect(limiter.lockedFor('a')).toBe(0)
  })

  it('forgets failures outside the window and after a success', () => {
    let clock = 0
    const limiter = new AttemptLimiter({ maxFailures: 2, windowMs: 1000, lockMs: 5000, now: () => clock })
    limiter.recordFailure('a')
    clock += 1001
    limiter.recordFailure('a')
    expect(limiter.lockedFor('a')).toBe(0)
    limiter.recordSuccess('a')
    limiter.recordFailure('a')
    expect(limiter.lockedFor('a')).toBe(0)
  })
})
