import { useEffect, useState } from 'react'
import type { MangoQuery, RxDocument } from 'rxdb'
import { asyncScheduler, throttleTime } from 'rxjs'
import type { CollectionName } from '../../../domain/schemas'
import { useSyncStore } from '../stores/sync-store'

/**
 * While a newly paired console pulls thousands of documents, a query changes with every page.
 * The first result and the last of each burst are shown at once; those in between at most this
 * often, so views are not rebuilt for each page.
 */
const burstIntervalMs = 250

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
    if (!collectionRef) {
      setResult({ documents: [], loading: false })
      return
    }
    const results = collectionRef.find(JSON.parse(queryKey) as MangoQuery).$
    const subscription = results.pipe(throttleTime(burstIntervalMs, asyncScheduler, { leading: true, trailing: true })).subscribe((docs) => {
      setResult({ documents: docs.map((doc) => plainCopy(doc) as T), loading: false })
    })
    return () => subscription.unsubscribe()
  }, [db, collection, queryKey])

  return result
}
