import { describe, expect, it } from 'vitest'
import { BoundedMemo, PairMemo } from './bounded-memo'

describe('BoundedMemo', () => {
  it('computes each key once while it is in use, and holds at most two generations', () => {
    const computed: number[] = []
    const memo = new BoundedMemo<number, number>(3)
    const square = (n: number) => {
      computed.push(n)
      return n * n
    }
    for (const n of [1, 2, 3, 1, 2, 3]) expect(memo.get(n, square)).toBe(n * n)
    expect(computed).toEqual([1, 2, 3])
    // A fourth key starts a new generation; the three before are still found in the older one.
    memo.get(4, square)
    memo.get(1, square)
    expect(computed).toEqual([1, 2, 3, 4])
    for (let n = 10; n < 100; n++) memo.get(n, square)
    expect(memo.size).toBeLessThanOrEqual(6)
  })

  it('keeps what is read again across a rollover, where emptying at the cap would recompute it', () => {
    const memo = new BoundedMemo<string, number>(2)
    let computations = 0
    const length = (word: string) => ++computations && word.length
    for (let round = 0; round < 50; round++) {
      memo.get('hot', length)
      memo.get(`cold ${round}`, length)
    }
    // 'hot' once, every cold word once.
    expect(computations).toBe(51)
  })
})

describe('PairMemo', () => {
  it('remembers a result per pair and bounds how many it holds', () => {
    const memo = new PairMemo<string>(4)
    let computations = 0
    const join = (a: string, b: string) => {
      computations++
      return `${a}+${b}`
    }
    expect(memo.get('a', 'b', join)).toBe('a+b')
    expect(memo.get('a', 'b', join)).toBe('a+b')
    expect(memo.get('b', 'a', join)).toBe('b+a')
    expect(computations).toBe(2)
    for (let n = 0; n < 40; n++) memo.get('x', String(n), join)
    expect(memo.size).toBeLessThanOrEqual(8)
    expect(memo.get('x', '39', join)).toBe('x+39')
    expect(computations).toBe(42)
  })
})
