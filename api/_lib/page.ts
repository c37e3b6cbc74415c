import * as z from 'zod/mini'
import { ApiError } from './errors'

// A list's cursor is the sort key of the last row shown, its parts joined by `_` (`37`,
// `<time>_<id>`, `1_<time>_<id>`: numbers, ISO times and UUIDs never hold one).
const separator = '_'

/** A positive whole number in a cursor: a serial id, a signature's number. */
export const Serial = z.coerce.number().check(z.int(), z.positive())

/**
 * A page of a list: the list functions return one row more than asked, which tells whether
 * another page exists; `nextCursor` is the sort key of the last row shown, as `keyOf` names it.
 */
export function pageOf<T>(rows: T[], limit: number, keyOf: (last: T) => readonly (string | number)[]) {
  const items = rows.slice(0, limit)
  return { items, nextCursor: rows.length > limit ? keyOf(items[items.length - 1]).join(separator) : null }
}

/**
 * `?cursor=` read back into the parts of the key `pageOf` made it from, each checked by its schema;
 * null without one. A malformed cursor is a 400, before the list is read.
 */
export function readCursor<const P extends [z.ZodMiniType, ...z.ZodMiniType[]]>(cursor: string | undefined, ...parts: P) {
  if (cursor === undefined) return null
  const key = z.tuple(parts).safeParse(cursor.split(separator))
  if (!key.success) {
    throw new ApiError('invalid_request', '翻页参数有误,请刷新后重试。', { query: [{ path: 'cursor', message: '翻页参数有误' }] })
  }
  return key.data
}
