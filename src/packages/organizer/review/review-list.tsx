import { useCallback, useEffect, useState } from 'react'
import type * as z from 'zod/mini'
import PagedList from '../../../components/paged-list'
import { usePagedPage } from '../../../hooks/use-paged-page'
import { reviewQueue } from '../../../services/organizer'
import type { FullNomination, ReviewQuery, Round } from '../../../shared/good-people'
import ReviewCard from './review-card'

export type Tab = Exclude<z.infer<typeof ReviewQuery>['status'], 'held'>
export const tabs: [Tab, string][] = [
  ['pending', '待审核'],
  ['approved', '已通过'],
  ['rejected', '未通过'],
  ['merged', '已合并'],
]
const emptyTexts: Record<Tab, string> = {
  pending: '没有待审核的推荐了',
  approved: '还没有通过审核的推荐',
  rejected: '没有未通过的推荐',
  merged: '没有合并过的推荐',
}

/** The nominations of one tab, page by page; those decided here leave it. */
export default function ReviewList({ round, status }: { round: Round; status: Tab }) {
  const [changed, setChanged] = useState<Record<string, FullNomination>>({})
  const load = useCallback(
    async (cursor: string | null) => {
      const result = await reviewQueue(round.id, status, cursor)
      // The first page again (pull-down): it says how each nomination stands now.
      if (cursor === null) setChanged({})
      return result
    },
    [round.id, status],
  )
  const list = usePagedPage<FullNomination>(load)

  // What was decided here leaves this tab; what was corrected shows as corrected.
  const shown = list.items.map((n) => changed[n.id] ?? n).filter((n) => n.status === status)
  const more = !list.done && !list.error
  useEffect(() => {
    // Everything loaded has been handled but more wait: fetch them without a scroll.
    if (shown.length === 0 && list.items.length > 0 && more && !list.loading) void list.loadMore()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shown.length, list.items.length, more, list.loading])

  return (
    <PagedList list={list} shown={shown.length} emptyText={emptyTexts[status]}>
      {shown.map((nomination) => (
        <ReviewCard
          key={nomination.id}
          nomination={nomination}
          round={round}
          onChanged={(updated) => setChanged((current) => ({ ...current, [updated.id]: updated }))}
        />
      ))}
    </PagedList>
  )
}
