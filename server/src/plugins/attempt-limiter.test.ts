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

  it('says which failure locked the key, and keeps a lock after a success elsewhere at that key', () => {
    let clock = 0
    const limiter = new AttemptLimiter({ maxFailures: 2, windowMs: 1000, lockMs: 5000, now: () => clock })
    expect(limiter.recordFailure('a')).toBe(false)
    expect(limiter.recordFailure('a')).toBe(true)
    expect(limiter.recordFailure('a')).toBe(false)
    limiter.recordSuccess('a')
    expect(limiter.lockedFor('a')).toBe(5000)
  })

  it('remembers a bounded number of keys under a flood of distinct ones', () => {
    const limiter = new AttemptLimiter({ maxFailures: 3, windowMs: 60_000, lockMs: 60_000, maxKeys: 1_000 })
    for (let i = 0; i < 100_000; i++) limiter.recordFailure(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`)
    expect(limiter.size).toBe(1_000)
  })
})
