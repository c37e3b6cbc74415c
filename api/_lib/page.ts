/**
 * A page of a list: the list functions return one row more than asked, which tells whether
 * another page exists; the cursor names the last row shown.
 */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (last: T) => string) {
  const items = rows.slice(0, limit)
  return { items, nextCursor: rows.length > limit ? cursorOf(items[items.length - 1]) : null }
}
