import { createSecretKey, type KeyObject } from 'node:crypto'
import { SignJWT, jwtVerify } from 'jose'
import { ApiError } from './errors'
import type { Env } from './env'
import { Id } from '../../src/shared/common'

// One key object per secret: importing the key on every request costs more than verifying.
const keys = new Map<string, KeyObject>()
function key(env: Env) {
  let found = keys.get(env.SESSION_SECRET)
  if (!found) {
    found = createSecretKey(Buffer.from(env.SESSION_SECRET, 'utf8'))
    keys.set(env.SESSION_SECRET, found)
  }
  return found
}

/** A session token (HS256) naming the user; the database stays the authority on roles. */
export async function signSession(env: Env, userId: string) {
  const expiresAt = new Date(Date.now() + env.SESSION_DAYS * 24 * 3600 * 1000)
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key(env))
  return { token, expiresAt: expiresAt.toISOString() }
}

/** The user id of a valid `Authorization: Bearer` token; anything else is unauthorized. */
export async function verifySession(env: Env, authorization: string): Promise<string> {
  const match = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(authorization)
  if (!match) throw new ApiError('unauthorized')
  try {
    const { payload } = await jwtVerify(match[1], key(env), { algorithms: ['HS256'] })
    return Id.parse(payload.sub)
  } catch {
    throw new ApiError('unauthorized')
  }
}
