import * as z from 'zod/mini'

/** IDs are UUID strings. */
export const Id = z.uuid()

/** Times travel as ISO-8601 strings with an offset. */
export const Timestamp = z.iso.datetime({ offset: true })

/** `?limit=` of every list: default 20, at most 100. */
export const Limit = z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20)

const cursorSeparator = '_'

/** A positive whole number in a cursor: a serial id, a signature's number. */
export const Serial = z.coerce.number().check(z.int(), z.positive())

/**
 * `?cursor=` of a list: the sort key of the last row shown, its parts joined by `_` (`37`,
 * `<time>_<id>`, `1_<time>_<id>`; numbers, ISO times and UUIDs never hold one). Read back into the
 * parts, each checked by its schema: a malformed cursor is a 400 before any query runs.
 */
export function Cursor<const P extends [z.ZodMiniType, ...z.ZodMiniType[]]>(...parts: P) {
  return z.pipe(z.string().check(z.maxLength(200)), z.pipe(z.transform((text: string) => text.split(cursorSeparator)), z.tuple(parts)))
}

/** The `nextCursor` naming a row by its sort key: what `Cursor` reads back. */
export const cursorOf = (key: readonly (string | number)[]) => key.join(cursorSeparator)

/** The `{items, nextCursor}` answer of every paginated list. */
export function page<T extends z.ZodMiniType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.nullable(z.string()) })
}

/** How a name appears in public: its first character, then `*` (张三 → 张*). */
export function maskName(name: string): string {
  const first = Array.from(name.trim())[0]
  return first === undefined ? '*' : `${first}*`
}
