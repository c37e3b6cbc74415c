import Taro from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import type { Failure, Result } from '../services/request'

interface Steps<T> {
  /** Asked first; the other button stops the action. */
  confirm?: Taro.showModal.Option
  /** Said when the call worked. */
  toast?: string | ((data: T) => string)
  /** What follows when the call worked. */
  done?: (data: T) => unknown
  /** How a refusal is shown: the problem line by default. */
  failed?: (error: Failure) => void
}

/** A refusal in a dialog titled `title`, for an action that has no problem line. */
export const refusedIn = (title: string) => (error: Failure) => void Taro.showModal({ title, content: error.message, showCancel: false })

/**
 * A form's or a button's submit: the caller checks the input (`fail` says what is wrong), then
 * `run` asks to confirm, is busy while the call runs (a second tap does nothing), and says the
 * outcome: a success toast, or the refusal on the problem line.
 */
export function useAction() {
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const running = useRef(false)

  const run = useCallback(async <T>(call: () => Promise<Result<T>>, { confirm, toast, done, failed = (error) => setProblem(error.message) }: Steps<T> = {}) => {
    if (running.current || (confirm && !(await Taro.showModal(confirm)).confirm)) return
    running.current = true
    setProblem(null)
    setBusy(true)
    const result = await call()
    running.current = false
    setBusy(false)
    if (!result.ok) return failed(result.error)
    if (toast) await Taro.showToast({ title: typeof toast === 'string' ? toast : toast(result.data), icon: 'success' })
    await done?.(result.data)
  }, [])

  return { busy, problem, fail: setProblem, run }
}
