import type { VercelRequest } from '@vercel/node'
import type { Runtime } from './runtime'

// Abuse limits: every write (POST, PATCH, DELETE) is counted per user and per client address in
// fixed windows kept in Postgres (api_rate_limit_hit), each route in buckets of its own. A route
// sets its limits with `rateLimit` in its definition; without one a write gets the defaults below.

export interface Limit {
  limit: number
  windowSeconds: number
}

/** `false` on a side turns that side off; `rateLimit: false` on a route turns both off. */
export interface RateLimit {
  perUser?: Limit | false
  perAddress?: Limit | false
}

/** What a route is held to (before RATE_LIMIT_SCALE), or null when it is not limited. */
export interface ResolvedRateLimit {
  perUser: Limit | null
  perAddress: Limit | null
}

/**
 * 60 writes a minute per person to any one route is far beyond what a finger does; 300 a minute
 * per address leaves room for a venue's Wi-Fi or a carrier's shared (CGNAT) address.
 */
export const defaultWriteLimits = {
  perUser: { limit: 60, windowSeconds: 60 },
  perAddress: { limit: 300, windowSeconds: 60 },
} as const

type AuthMode = 'public' | 'optional' | 'user' | 'organizer' | 'cron'

/**
 * A route's limits. Reads (GET) are not limited unless they ask. Organiser routes have no per-user
 * limit unless they set one: organisers are named, role-checked and audited, and their work comes
 * in bursts (a door check-in queue, a review session, a prize table verifying codes); the
 * per-address limit still holds. On residents' routes an organiser is counted like anyone else.
 * Public routes have no user to count.
 */
export function resolveRateLimit(method: string, auth: AuthMode, given: RateLimit | false | undefined): ResolvedRateLimit | null {
  if (given === false || (given === undefined && method === 'GET')) return null
  const userDefault = auth === 'organizer' || auth === 'public' || auth === 'cron' ? null : defaultWriteLimits.perUser
  const pick = (side: Limit | false | undefined, fallback: Limit | null) => (side === undefined ? fallback : side || null)
  const resolved = { perUser: pick(given?.perUser, userDefault), perAddress: pick(given?.perAddress, defaultWriteLimits.perAddress) }
  return resolved.perUser || resolved.perAddress ? resolved : null
}

/** A limit as enforced: RATE_LIMIT_SCALE applied, never below one request. */
export const scaled = (limit: Limit, scale: number): Limit => ({
  limit: Math.max(1, Math.round(limit.limit * scale)),
  windowSeconds: limit.windowSeconds,
})

const firstHeader = (req: VercelRequest, name: string) => {
  const value = req.headers[name]
  return (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim() || undefined
}

/**
 * The client's address: the first entry of `x-forwarded-for` (Vercel sets it, overwriting what the
 * client sent), else `x-real-ip`, else the socket's peer. Behind no proxy these headers are the
 * client's word; self-hosted setups must put a proxy that sets them in front.
 */
export function clientAddress(req: VercelRequest): string {
  const raw = firstHeader(req, 'x-forwarded-for') ?? firstHeader(req, 'x-real-ip') ?? req.socket?.remoteAddress ?? 'unknown'
  return normaliseAddress(raw)
}

/**
 * IPv4 as is (without a port or the IPv6-mapped prefix); IPv6 as its /64, which one subscriber
 * holds whole, so hopping addresses inside it does not escape the limit; anything else as given.
 */
export function normaliseAddress(raw: string): string {
  const text = raw.trim().toLowerCase()
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?$/.exec(text)
  if (v4) return v4[1]
  const v6 = ipv6Prefix(text.replace(/^\[(.*)\](?::\d+)?$/, '$1'))
  return v6 ?? text.slice(0, 64)
}

function ipv6Prefix(address: string): string | null {
  const halves = address.split('::')
  if (halves.length > 2) return null
  const groupsOf = (half: string) => (half === '' ? [] : half.split(':'))
  const left = groupsOf(halves[0])
  const right = halves.length === 2 ? groupsOf(halves[1]) : []
  const missing = 8 - left.length - right.length
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null
  const groups = [...left, ...Array<string>(missing).fill('0'), ...right]
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null
  return `${groups.slice(0, 4).map((g) => Number.parseInt(g, 16).toString(16)).join(':')}::/64`
}

export type Bucket = { key: string } & Limit

/**
 * The buckets this request is counted in (null when none): per user and per client address, each
 * route in buckets of its own. api_request_begin counts them (api/_lib/idempotency.ts) and refuses
 * with 429 `rate_limited` and `details.retryAfterSeconds` (the handler turns it into `Retry-After`)
 * when one is full.
 */
export function rateLimitBuckets(
  runtime: Runtime,
  route: { method: string; path: string; rateLimit: ResolvedRateLimit | null },
  req: VercelRequest,
  userId: string | null,
): Bucket[] | null {
  const limits = route.rateLimit
  if (!limits) return null
  const name = `${route.method} ${route.path}`
  const scale = runtime.env.RATE_LIMIT_SCALE
  const buckets: Bucket[] = []
  if (limits.perUser && userId) buckets.push({ key: `user:${userId}:${name}`, ...scaled(limits.perUser, scale) })
  if (limits.perAddress) buckets.push({ key: `address:${clientAddress(req)}:${name}`, ...scaled(limits.perAddress, scale) })
  return buckets.length > 0 ? buckets : null
}
