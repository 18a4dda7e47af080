import { useEffect, useState } from 'react'
import type { MangoQuery } from 'rxdb'
import type { CollectionName } from '../../../domain/schemas'
import { useSyncStore } from '../stores/sync-store'

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
    const subscription = collectionRef.find(JSON.parse(queryKey) as MangoQuery).$.subscribe((docs) => {
      setResult({ documents: docs.map((doc) => doc.toMutableJSON() as T), loading: false })
    })
    return () => subscription.unsubscribe()
  }, [db, collection, queryKey])

  return result
}
