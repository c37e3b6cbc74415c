import { Text } from '@tarojs/components'
import type { ReactNode } from 'react'
import type { PagedPage } from '../../hooks/use-paged-page'
import StatusView from '../status-view'
import './index.scss'

interface Props {
  list: PagedPage<unknown>
  emptyText: string
  /** The last line once every page is loaded. */
  doneText?: string
  /** How many items the page shows, when it hides some of those loaded. */
  shown?: number
  children: ReactNode
}

/**
 * A paged list's loading, error and empty states, then its items and a last line: more to come
 * (tap or scroll down), all loaded, or why the next page failed (tap to try again).
 */
export default function PagedList({ list, emptyText, doneText = '没有更多了', shown = list.items.length, children }: Props) {
  const none = list.items.length === 0
  const more = !list.done && !list.error
  return (
    <StatusView loading={list.initial || (none && more)} error={none ? list.error : null} empty={shown === 0 && !more} emptyText={emptyText} onRetry={list.retry}>
      {children}
      <Text className='paged-list__end' onClick={() => void (list.error ? list.retry() : list.loadMore())}>
        {list.error ?? (list.done ? doneText : '上滑加载更多')}
      </Text>
    </StatusView>
  )
}
