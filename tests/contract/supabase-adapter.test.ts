import { describe, expect, it } from 'vitest'
import { openSupabase } from '../../api/_lib/db/supabase'
import { ApiError } from '../../api/_lib/errors'
import { supabaseStorage } from '../../api/_lib/storage'

// PostgREST cannot run here; a fake fetch pins down the request supabase-js sends for .rpc and
// how each kind of answer maps to the same domain errors the SQL adapters give.
interface Seen {
  url: string
  method: string
  headers: Headers
  body: unknown
}

function fakeFetch(answer: () => Response | Promise<Response>) {
  const seen: Seen[] = []
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    seen.push({ url: request.url, method: request.method, headers: request.headers, body: await request.json() })
    return answer()
  }
  return { seen, fetch: fetch as typeof globalThis.fetch }
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

const url = 'https://project.supabase.co'
const key = 'service-role-key'

describe('the Supabase adapter', () => {
  it('calls POST /rest/v1/rpc/<name> with the service-role key and the named arguments', async () => {
    const { seen, fetch } = fakeFetch(() => json(200, { created: true, signature: { number: 1 } }))
    const db = openSupabase(url, key, { fetch })
    const result = await db.rpc('api_pledge_sign', { p_user_id: 'u-1', p_display_name: '张三', p_skip: undefined })
    expect(result).toEqual({ created: true, signature: { number: 1 } })
    expect(seen).toHaveLength(1)
    expect(seen[0].url).toBe(`${url}/rest/v1/rpc/api_pledge_sign`)
    expect(seen[0].method).toBe('POST')
    expect(seen[0].headers.get('apikey')).toBe(key)
    expect(seen[0].headers.get('authorization')).toBe(`Bearer ${key}`)
    expect(seen[0].body).toEqual({ p_user_id: 'u-1', p_display_name: '张三' })
    expect(db.kind).toBe('supabase')
  })

  it('maps a function\'s domain refusal (P0001) to the same ApiError as the SQL adapters', async () => {
    const { fetch } = fakeFetch(() => json(400, { code: 'P0001', message: 'invalid_display_name', details: null, hint: null }))
    const error = await openSupabase(url, key, { fetch }).rpc('api_pledge_sign', {}).catch((e) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ code: 'invalid_display_name', status: 409 })
  })

  it('maps unauthorized raised by a function to 401', async () => {
    const { fetch } = fakeFetch(() => json(400, { code: 'P0001', message: 'unauthorized', details: null, hint: null }))
    await expect(openSupabase(url, key, { fetch }).rpc('api_me_get', {})).rejects.toMatchObject({ code: 'unauthorized', status: 401 })
  })

  it('treats a network failure as unavailable (503)', async () => {
    const { fetch } = fakeFetch(() => Promise.reject(new TypeError('fetch failed')))
    await expect(openSupabase(url, key, { fetch }).rpc('api_pledge_get', {})).rejects.toMatchObject({ code: 'unavailable', status: 503 })
  })

  it('treats a gateway error as unavailable (503)', async () => {
    const { fetch } = fakeFetch(() => json(503, { message: 'upstream unavailable' }))
    await expect(openSupabase(url, key, { fetch }).rpc('api_pledge_get', {})).rejects.toMatchObject({ code: 'unavailable' })
  })

  it('keeps any other database error a bug (not a domain refusal)', async () => {
    const { fetch } = fakeFetch(() => json(404, { code: 'PGRST202', message: 'Could not find the function', details: null, hint: null }))
    const error = await openSupabase(url, key, { fetch }).rpc('api_missing', {}).catch((e) => e)
    expect(error).toBeInstanceOf(Error)
    expect(error).not.toBeInstanceOf(ApiError)
  })
})

describe('the Supabase Storage adapter', () => {
  const photo = Buffer.from('jpeg bytes')

  it('uploads to the bucket with the service-role key, and links the public object', async () => {
    const seen: { url: string; method: string; authorization: string | null }[] = []
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init)
      seen.push({ url: request.url, method: request.method, authorization: request.headers.get('authorization') })
      return json(200, { Key: 'photos/p.jpg' })
    }) as typeof globalThis.fetch
    const storage = supabaseStorage(url, key, 'photos', { fetch })
    await storage.put('nominations/p.jpg', photo, 'image/jpeg')
    expect(seen).toEqual([{ url: `${url}/storage/v1/object/photos/nominations/p.jpg`, method: 'POST', authorization: `Bearer ${key}` }])
    expect(storage.url('nominations/p.jpg')).toBe(`${url}/storage/v1/object/public/photos/nominations/p.jpg`)
  })

  it('creates the public bucket on the first upload of a new project, then uploads', async () => {
    const seen: string[] = []
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init)
      seen.push(`${request.method} ${new URL(request.url).pathname}`)
      if (seen.length === 1) return json(404, { statusCode: '404', error: 'Bucket not found', message: 'Bucket not found' })
      return json(200, { name: 'photos' })
    }) as typeof globalThis.fetch
    await supabaseStorage(url, key, 'photos', { fetch }).put('nominations/p.jpg', photo, 'image/jpeg')
    expect(seen).toEqual(['POST /storage/v1/object/photos/nominations/p.jpg', 'POST /storage/v1/bucket', 'POST /storage/v1/object/photos/nominations/p.jpg'])
  })
})
