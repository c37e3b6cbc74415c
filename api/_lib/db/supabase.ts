import { createClient } from '@supabase/supabase-js'
import WebSocket from 'ws'
import { ApiError, domainError } from '../errors'
import type { Db } from './types'

/** The service-role client, for the database's functions and for Storage. */
export function supabaseClient(url: string, serviceRoleKey: string, options: { fetch?: typeof fetch } = {}) {
  return createClient(url, serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    // supabase-js 2.109 on Node 20 needs a WebSocket implementation even when realtime is unused.
    realtime: { transport: WebSocket as never },
    global: options.fetch ? { fetch: options.fetch } : undefined,
  })
}

/** Production: the API's functions reached through PostgREST with the service-role key. */
export function openSupabase(url: string, serviceRoleKey: string, options: { fetch?: typeof fetch } = {}): Db {
  const client = supabaseClient(url, serviceRoleKey, options)
  return {
    kind: 'supabase',
    async rpc<T>(name: string, args: Record<string, unknown> = {}) {
      const body = Object.fromEntries(Object.entries(args).filter(([, value]) => value !== undefined))
      const { data, error, status } = await client.rpc(name, body)
      if (!error) return data as T
      // Unreachable, or PostgreSQL's statement timeout (57014, which PostgREST answers with 500).
      if (status === 0 || status >= 502 || error.code === '57014') throw new ApiError('unavailable', undefined, undefined, error.message)
      throw domainError(error) ?? new Error(`rpc ${name} failed: ${error.code} ${error.message}`)
    },
    close: async () => {},
  }
}
