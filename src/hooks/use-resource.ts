import { useCallback, useEffect, useRef, useState } from 'react'
import type { Result } from '../services/request'

/** Loads one resource for a page and keeps its loading / error / data states together. */
export function useResource<T>(load: () => Promise<Result<T>>) {
  const [data, setData] = useState<T | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const loadRef = useRef(load)
  loadRef.current = load

  const reload = useCallback(async () => {
    const result = await loadRef.current()
    if (result.ok) {
      setData(result.data)
      setError(null)
    } else {
      setError(result.error.message)
    }
    setLoading(false)
  }, [])

  useEffect(() => {
    void reload()
  }, [reload])

  return { data, setData, error, loading, reload }
}
