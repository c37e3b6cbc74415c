import type * as z from 'zod/mini'
import { reviewQueue } from '../../services/organizer'
import type { Result } from '../../services/request'
import type { FullNomination, ReviewQuery } from '../../shared/good-people'

/** Every nomination of a round in these review states, all pages read (评选管理 and 推荐审核). */
export async function allNominations(roundId: string, statuses: z.infer<typeof ReviewQuery>['status'][]): Promise<Result<FullNomination[]>> {
  const items: FullNomination[] = []
  for (const status of statuses) {
    let cursor: string | null = null
    do {
      const result = await reviewQueue(roundId, status, cursor)
      if (!result.ok) return result
      items.push(...result.data.items)
      cursor = result.data.nextCursor
    } while (cursor)
  }
  return { ok: true, status: 200, data: items }
}
