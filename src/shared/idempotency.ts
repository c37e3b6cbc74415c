/**
 * The `Idempotency-Key` the mini-program sends with every POST: one key per logical call, the
 * same on each retry of it, so a retried write answers what the first one did and writes nothing
 * new. The API takes a UUID or 8–100 characters of `[A-Za-z0-9_-]`.
 */
export const idempotencyHeader = 'Idempotency-Key'

export const idempotencyKeyPattern = /^[A-Za-z0-9_-]{8,100}$/

const hex = '0123456789abcdef'

/**
 * A random UUID v4. WeChat's JavaScript engine has no `crypto.randomUUID`; `Math.random` is enough
 * here, since a key only has to differ from the same person's other requests of the last 24 hours.
 */
export function newIdempotencyKey(random: () => number = Math.random): string {
  let key = ''
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) key += '-'
    else if (i === 14) key += '4' // version 4
    else if (i === 19) key += hex[8 + Math.floor(random() * 4)] // variant 10xx
    else key += hex[Math.floor(random() * 16)]
  }
  return key
}
