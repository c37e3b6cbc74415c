import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Result } from '../services/request'

interface Page<T> {
  items: T[]
  nextCursor: string | null
}

interface Options {
  /** False while the list cannot load or is not shown: it ignores pull-down and the bottom; true again loads the first page. */
  ready?: boolean
  /** Load the first page again each time the page shows again (back from a page that may have changed it). */
  refreshOnShow?: boolean
  /** What a pull-down reloads beside the list. */
  alsoOnPullDown?: () => Promise<unknown>
}

/**
 * A page's cursor-paginated list and its states: the first page when the page opens (and whenever
 * `loadPage` changes: keep it stable with useCallback), again on pull-down, the next one when the
 * page reaches its bottom.
 */
export function usePagedPage<T>(loadPage: (cursor: string | null) => Promise<Result<Page<T>>>, { ready = true, refreshOnShow, alsoOnPullDown }: Options = {}) {
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
  const loadMore = () => (done || error ? Promise.resolve() : load(cursor))

  useEffect(() => {
    if (ready) void load(null)
  }, [load, ready])
  useDidShow(() => {
    if (refreshOnShow && items.length) void load(null)
  })
  usePullDownRefresh(async () => {
    await Promise.all([ready && load(null), alsoOnPullDown?.()])
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => {
    if (ready) void loadMore()
  })

  return {
    items,
    loading,
    error,
    done,
    /** True until the first page has answered. */
    initial: loading && items.length === 0,
    refresh: () => load(null),
    loadMore,
    retry: () => load(items.length === 0 ? null : cursor),
  }
}

export type PagedPage<T> = ReturnType<typeof usePagedPage<T>>
