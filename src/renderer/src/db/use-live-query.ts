import { useEffect, useState } from 'react'
import type { MangoQuery, RxDocument } from 'rxdb'
import type { CollectionName } from '../../../domain/schemas'
import { useSyncStore } from '../stores/sync-store'

/**
 * RxDB keeps one document object per revision, so each revision is copied out once, however
 * many results it appears in, and an unchanged document keeps its identity between results.
 */
const plainCopies = new WeakMap<RxDocument, unknown>()

function plainCopy(doc: RxDocument): unknown {
  let copy = plainCopies.get(doc)
  if (copy === undefined) {
    copy = doc.toMutableJSON()
    plainCopies.set(doc, copy)
  }
  return copy
}

/** Documents of a collection matching `query`, kept live as local edits and sync land. */
export function useLiveQuery<T>(collection: CollectionName, query: MangoQuery = {}): { documents: T[]; loading: boolean } {
  const db = useSyncStore((state) => state.db)
  const [result, setResult] = useState<{ documents: T[]; loading: boolean }>({ documents: [], loading: true })
  const queryKey = JSON.stringify(query)

  useEffect(() => {
    const collectionRef = db?.collections[collection]
    // Closed: the console is switching stores (a new pairing); the new one arrives next.
    if (!collectionRef || collectionRef.closed) {
      setResult({ documents: [], loading: false })
      return
    }
    // Every result is shown at once: an edit is built from what the view shows, so a view held
    // back even briefly would write over a newer revision (a reply sent right after a sync).
    const subscription = collectionRef.find(JSON.parse(queryKey) as MangoQuery).$.subscribe((docs) => {
      setResult({ documents: docs.map((doc) => plainCopy(doc) as T), loading: false })
    })
    return () => subscription.unsubscribe()
  }, [db, collection, queryKey])

  return result
}
