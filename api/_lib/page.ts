import { cursorOf } from '../../src/shared/common'

/**
 * A page of a list: the list functions return one row more than asked, which tells whether
 * another page exists; the cursor is the sort key of the last row shown.
 */
export function pageOf<T>(rows: T[], limit: number, keyOf: (last: T) => readonly (string | number)[]) {
  const items = rows.slice(0, limit)
  return { items, nextCursor: rows.length > limit ? cursorOf(keyOf(items[items.length - 1])) : null }
}
