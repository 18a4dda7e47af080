/**
 * Which local edits have not reached the relay yet, per collection and document. Kept in
 * localStorage so the count survives a reload (RxDB itself keeps the edits and re-pushes them).
 */
export class PendingChanges {
  private readonly ids: Set<string>
  private readonly listeners = new Set<(count: number) => void>()

  constructor(
    private readonly storageKey: string,
    private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null = globalThis.localStorage ?? null,
  ) {
    let stored: string[] = []
    try {
      stored = JSON.parse(storage?.getItem(storageKey) ?? '[]') as string[]
    } catch {
      stored = []
    }
    this.ids = new Set(stored)
  }

  get count(): number {
    return this.ids.size
  }

  mark(collection: string, id: string): void {
    this.ids.add(`${collection}/${id}`)
    this.changed()
  }

  settle(collection: string, ids: string[]): void {
    for (const id of ids) this.ids.delete(`${collection}/${id}`)
    this.changed()
  }

  onChange(listener: (count: number) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private changed(): void {
    this.storage?.setItem(this.storageKey, JSON.stringify([...this.ids]))
    for (const listener of this.listeners) listener(this.ids.size)
  }
}
