import * as z from 'zod/mini'

/** IDs are UUID strings. */
export const Id = z.uuid()

/** Times travel as ISO-8601 strings with an offset. */
export const Timestamp = z.iso.datetime({ offset: true })

/** `?limit=` of every list: default 20, at most 100. */
export const Limit = z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20)

/**
 * `?cursor=` of a list: the `nextCursor` of the page before, opaque to the app. The API makes and
 * reads it (api/_lib/page.ts), so its parsing stays out of the mini-program's bundle.
 */
export const Cursor = z.optional(z.string().check(z.maxLength(200)))

/** The `{items, nextCursor}` answer of every paginated list. */
export function page<T extends z.ZodMiniType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) })
}

/** How a name appears in public: its first character, then `*` (张三 → 张*). */
export function maskName(name: string): string {
  const first = Array.from(name.trim())[0]
  return first === undefined ? '*' : `${first}*`
}
