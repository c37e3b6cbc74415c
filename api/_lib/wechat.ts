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

export interface WechatClient {
  code2Session(code: string): Promise<{ openid: string; unionid?: string }>
}

export function createWechatClient(config: {
  appId: string
  appSecret: string
  baseUrl: string
  timeoutMs: number
}): WechatClient {
  async function getJson(pathname: string, query: Record<string, string>) {
    const url = new URL(pathname, config.baseUrl)
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value)
    let response: Response
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(config.timeoutMs) })
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

  return {
    async code2Session(code) {
      const body = await getJson('/sns/jscode2session', {
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
