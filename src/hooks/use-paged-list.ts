import { useCallback, useRef, useState } from 'react'
import type { Result } from '../services/request'

interface Page<T> {
  items: T[]
  nextCursor: string | null
}

/** A cursor-paginated list: first page, more on demand (reach bottom), and its states. */
export function usePagedList<T>(loadPage: (cursor: string | null) => Promise<Result<Page<T>>>) {
  const [items, setItems] = useState<T[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [done, setDone] = useState(false)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const busy = useRef(false)

  const load = useCallback(
    async (from: string | null) => {
      if (busy.current) return
      busy.current = true
      setLoading(true)
      const result = await loadPage(from)
      if (result.ok) {
        setItems((previous) => (from === null ? result.data.items : [...previous, ...result.data.items]))
        setCursor(result.data.nextCursor)
        setDone(result.data.nextCursor === null)
        setError(null)
      } else {
        setError(result.error.message)
      }
      setLoading(false)
      busy.current = false
    },
    [loadPage],
  )

  return {
    items,
    loading,
    error,
    done,
    /** True until the first page has answered. */
    initial: loading && items.length === 0,
    refresh: () => load(null),
    loadMore: () => (done || error ? Promise.resolve() : load(cursor)),
    retry: () => load(items.length === 0 ? null : cursor),
  }
}
