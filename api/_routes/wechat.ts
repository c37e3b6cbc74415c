import { createHash, timingSafeEqual } from 'node:crypto'
import * as z from 'zod/mini'
import { wechatPaths } from '../../src/shared/paths'
import { ApiError } from '../_lib/errors'
import { route } from '../_lib/handler'
import type { Runtime } from '../_lib/runtime'

// WeChat's message push (消息推送), plaintext JSON mode: the console's URL check, and the results of
// the media checks started when photos are uploaded.

const Signed = z.object({ signature: z.string(), timestamp: z.string(), nonce: z.string() })

function verify(runtime: Runtime, query: z.infer<typeof Signed>) {
  const token = runtime.env.WECHAT_PUSH_TOKEN
  if (!token) throw new ApiError('not_found')
  const expected = createHash('sha1').update([token, query.timestamp, query.nonce].sort().join('')).digest('hex')
  const given = Buffer.from(query.signature)
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected))) throw new ApiError('unauthorized')
}

const parseJsonText = (value: unknown) => {
  if (typeof value !== 'string') return value
  try {
    return JSON.parse(value)
  } catch {
    return null
  }
}

const PushEvent = z.pipe(
  z.transform(parseJsonText),
  z.object({
    Event: z.optional(z.string()),
    trace_id: z.optional(z.string()),
    // A pushed label has been seen both as a number and as a string.
    result: z.optional(z.object({ suggest: z.string(), label: z.optional(z.union([z.number(), z.string()])) })),
  }),
)

export const routes = [
  route({
    method: 'GET',
    path: wechatPaths.push,
    auth: 'public',
    query: z.extend(Signed, { echostr: z.string() }),
    async handle({ query, runtime }) {
      verify(runtime, query)
      return { text: query.echostr }
    },
  }),
  route({
    method: 'POST',
    path: wechatPaths.push,
    auth: 'public',
    query: Signed,
    body: PushEvent,
    // WeChat's servers, signed: never refused for volume (a refused verdict would be retried).
    rateLimit: false,
    async handle({ query, body, runtime }) {
      verify(runtime, query)
      if (body.Event === 'wxa_media_check' && body.trace_id && body.result) {
        await runtime.db.rpc('api_photo_check', {
          p_photo_id: null,
          p_trace_id: body.trace_id,
          p_status: body.result.suggest === 'pass' ? 'pass' : 'risky',
          p_label: String(body.result.label ?? ''),
        })
      }
      // WeChat retries anything but "success".
      return { text: 'success' }
    },
  }),
]
