/**
 * Remembered results with a bound on memory, for the matcher's word and name comparisons: the
 * relay runs for months, so nothing may grow without end, yet one large batch meets more pairs
 * than a cap. Entries live in two generations: when the newer one is full it becomes the older
 * and the oldest is dropped, and an entry read from the older generation moves back to the newer.
 * Emptying everything at the cap (as before) made a batch just above it recompute nearly every
 * pair over and over; this way the pairs still in use survive.
 */
export class BoundedMemo<K, V> {
  private newer = new Map<K, V>()
  private older = new Map<K, V>()

  /** At most `kept` entries per generation, so at most twice that in all. */
  constructor(private readonly kept: number) {}

  get(key: K, compute: (key: K) => V): V {
    let value = this.newer.get(key)
    if (value !== undefined) return value
    value = this.older.get(key)
    if (value === undefined) value = compute(key)
    this.set(key, value)
    return value
  }

  private set(key: K, value: V): void {
    if (this.newer.size >= this.kept) {
      this.older = this.newer
      this.newer = new Map()
    }
    this.newer.set(key, value)
  }

  get size(): number {
    return this.newer.size + this.older.size
  }
}

/** The same for results of two keys (two words, a first name and a payer), without building a joint key. */
export class PairMemo<T> {
  private newer = new Map<string, Map<string, T>>()
  private older = new Map<string, Map<string, T>>()
  private held = 0

  /** At most `kept` results per generation. */
  constructor(private readonly kept: number) {}

  get(a: string, b: string, compute: (a: string, b: string) => T): T {
    let bySecond = this.newer.get(a)
    let result = bySecond?.get(b)
    if (result !== undefined) return result
    result = this.older.get(a)?.get(b)
    if (result === undefined) result = compute(a, b)
    if (this.held >= this.kept) {
      this.older = this.newer
      this.newer = new Map()
      this.held = 0
      bySecond = undefined
    }
    if (!bySecond) this.newer.set(a, (bySecond = new Map()))
    bySecond.set(b, result)
    this.held++
    return result
  }

  get size(): number {
    let size = 0
    for (const generation of [this.newer, this.older]) for (const bySecond of generation.values()) size += bySecond.size
    return size
  }
}
