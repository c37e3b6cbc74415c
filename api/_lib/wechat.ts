/**
 * The one client for WeChat's server API. Tests point `baseUrl` at a fake server on loopback.
 * Shapes: ../shared/docs/wechat-notes.md.
 */
export class WechatError extends Error {
  constructor(
    /** `rejected`: WeChat refused the request (bad code); `unavailable`: no usable answer. */
    readonly kind: 'rejected' | 'unavailable',
    readonly errcode: number | null,
    message: string,
  ) {
    super(message)
  }
}

export interface SubscribeMessage {
  touser: string
  templateId: string
  /** The page the message opens, with its query. */
  page: string
  data: Record<string, string>
}

export type ContentSuggest = 'pass' | 'review' | 'risky'

export interface WechatClient {
  code2Session(code: string): Promise<{ openid: string; unionid?: string }>
  sendSubscribeMessage(message: SubscribeMessage): Promise<void>
  /** security.msgSecCheck v2: WeChat's verdict on text a user wrote (the user must have visited in the last 2 h). */
  msgSecCheck(input: { openid: string; content: string; scene: 1 | 2 | 3 | 4 }): Promise<{ suggest: ContentSuggest; label: number }>
  /** security.mediaCheckAsync v2: the verdict arrives later through the message push, under this trace id. */
  mediaCheckAsync(input: { openid: string; mediaUrl: string; scene: 1 | 2 | 3 | 4 }): Promise<{ traceId: string }>
  /** A mini-program code (image bytes) that opens `page` with `scene` (≤ 32 characters). */
  unlimitedCode(scene: string, page: string): Promise<{ type: string; data: Buffer }>
}

export function createWechatClient(config: {
  appId: string
  appSecret: string
  baseUrl: string
  timeoutMs: number
}): WechatClient {
  async function call(pathname: string, query: Record<string, string>, payload?: unknown) {
    const url = new URL(pathname, config.baseUrl)
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value)
    let response: Response
    try {
      response = await fetch(url, {
        method: payload === undefined ? 'GET' : 'POST',
        headers: payload === undefined ? undefined : { 'content-type': 'application/json' },
        body: payload === undefined ? undefined : JSON.stringify(payload),
        signal: AbortSignal.timeout(config.timeoutMs),
      })
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'unreachable'
      throw new WechatError('unavailable', null, `WeChat ${pathname} ${reason}`)
    }
    const body = (await response.json().catch(() => null)) as Record<string, unknown> | null
    if (!response.ok || body === null) {
      throw new WechatError('unavailable', null, `WeChat ${pathname} answered HTTP ${response.status}`)
    }
    return body
  }

  // The stable access token: the same token until it nears expiry, shared by every caller.
  let token: { value: string; expires: number } | null = null
  async function accessToken(forceRefresh = false) {
    if (token && !forceRefresh && token.expires > Date.now()) return token.value
    const body = await call('/cgi-bin/stable_token', {}, {
      grant_type: 'client_credential',
      appid: config.appId,
      secret: config.appSecret,
      force_refresh: forceRefresh,
    })
    if (typeof body.access_token !== 'string') {
      throw new WechatError('unavailable', Number(body.errcode) || null, `WeChat stable_token: ${String(body.errmsg)}`)
    }
    token = { value: body.access_token, expires: Date.now() + (Number(body.expires_in) - 300) * 1000 }
    return token.value
  }

  /** A JSON call with the access token, retried once with a fresh token when WeChat says it is stale. */
  async function callWithToken(pathname: string, payload: unknown) {
    for (const retryWithNewToken of [false, true]) {
      const body = await call(pathname, { access_token: await accessToken(retryWithNewToken) }, payload)
      const errcode = Number(body.errcode ?? 0)
      // 40001 / 42001: the token was replaced or expired; fetch a fresh one once.
      if ((errcode === 40001 || errcode === 42001) && !retryWithNewToken) continue
      if (errcode === 0) return body
      const kind = errcode === -1 || errcode === 40001 || errcode === 42001 ? 'unavailable' : 'rejected'
      throw new WechatError(kind, errcode, `WeChat ${pathname}: ${String(body.errmsg)}`)
    }
    throw new WechatError('unavailable', null, `WeChat ${pathname}: token refused twice`)
  }

  return {
    async sendSubscribeMessage(message) {
      await callWithToken('/cgi-bin/message/subscribe/send', {
        touser: message.touser,
        template_id: message.templateId,
        page: message.page,
        data: Object.fromEntries(Object.entries(message.data).map(([key, value]) => [key, { value }])),
        lang: 'zh_CN',
      })
    },

    async msgSecCheck({ openid, content, scene }) {
      const body = await callWithToken('/wxa/msg_sec_check', { content, version: 2, scene, openid })
      const result = body.result as { suggest?: unknown; label?: unknown } | undefined
      const suggest = result?.suggest
      if (suggest !== 'pass' && suggest !== 'review' && suggest !== 'risky') {
        throw new WechatError('unavailable', null, 'WeChat msg_sec_check: no verdict')
      }
      return { suggest, label: Number(result?.label) }
    },

    async mediaCheckAsync({ openid, mediaUrl, scene }) {
      const body = await callWithToken('/wxa/media_check_async', { media_url: mediaUrl, media_type: 2, version: 2, scene, openid })
      if (typeof body.trace_id !== 'string') throw new WechatError('unavailable', null, 'WeChat media_check_async: no trace_id')
      return { traceId: body.trace_id }
    },

    async unlimitedCode(scene, page) {
      const url = new URL('/wxa/getwxacodeunlimit', config.baseUrl)
      url.searchParams.set('access_token', await accessToken())
      let response: Response
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          // check_path false: the code also works before the page is released.
          body: JSON.stringify({ scene, page, check_path: false, width: 430 }),
          signal: AbortSignal.timeout(config.timeoutMs),
        })
      } catch {
        throw new WechatError('unavailable', null, 'WeChat getwxacodeunlimit unreachable')
      }
      const type = response.headers.get('content-type') ?? ''
      // Success is the image itself; an error is JSON.
      if (response.ok && type.startsWith('image/')) return { type, data: Buffer.from(await response.arrayBuffer()) }
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>
      throw new WechatError('unavailable', Number(body.errcode) || null, `WeChat getwxacodeunlimit: ${String(body.errmsg)}`)
    },

    async code2Session(code) {
      const body = await call('/sns/jscode2session', {
        appid: config.appId,
        secret: config.appSecret,
        js_code: code,
        grant_type: 'authorization_code',
      })
      const errcode = typeof body.errcode === 'number' ? body.errcode : 0
      if (errcode === 0 && typeof body.openid === 'string') {
        return { openid: body.openid, ...(typeof body.unionid === 'string' ? { unionid: body.unionid } : {}) }
      }
      // -1 is "system busy": worth retrying later, unlike a bad or used code.
      const kind = errcode === -1 || errcode === 0 ? 'unavailable' : 'rejected'
      throw new WechatError(kind, errcode || null, `WeChat jscode2session: ${String(body.errmsg ?? 'no openid')}`)
    },
  }
}
