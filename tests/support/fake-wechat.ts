// A loopback stand-in for WeChat's server API, answering with WeChat's documented shapes
// (../shared/docs/wechat-notes.md): always HTTP 200, JSON, errcode/errmsg on failure.
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeWechat {
  url: string
  /** Subscribe messages WeChat accepted, as sent. */
  messages: { touser: string; template_id: string; page: string; data: Record<string, { value: string }> }[]
  /** Openids with no subscription left: sending to them answers 43101. */
  refusing: Set<string>
  /** How many of the next sends answer -1 (system busy). */
  busy: { next: number }
  /** Mini-program code requests, as sent. */
  codeRequests: { scene: string; page: string; check_path: boolean }[]
  /** Codes that WeChat will accept once, each mapped to an openid. */
  codes: Map<string, string>
  /** Codes for which WeChat never answers (to exercise timeouts). */
  silentCodes: Set<string>
  close(): Promise<void>
}

export async function startFakeWechat(appId: string, appSecret: string): Promise<FakeWechat> {
  const codes = new Map<string, string>()
  const silentCodes = new Set<string>()
  const messages: FakeWechat['messages'] = []
  const refusing = new Set<string>()
  const busy = { next: 0 }
  const codeRequests: FakeWechat['codeRequests'] = []
  let token = 0
  const rid = () => ` rid: ${Math.random().toString(16).slice(2, 10)}`
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const reply = (body: object) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify(body))
    }
    if (req.method === 'POST') {
      let raw = ''
      req.on('data', (chunk) => (raw += chunk))
      req.on('end', () => {
        const body = JSON.parse(raw || '{}')
        if (url.pathname === '/cgi-bin/stable_token') {
          if (body.appid !== appId || body.secret !== appSecret) return reply({ errcode: 40013, errmsg: `invalid appid${rid()}` })
          if (body.force_refresh || token === 0) token += 1
          return reply({ access_token: `token-${token}`, expires_in: 7200 })
        }
        if (url.pathname === '/wxa/getwxacodeunlimit') {
          if (url.searchParams.get('access_token') !== `token-${token}`) return reply({ errcode: 40001, errmsg: `invalid credential${rid()}` })
          if (typeof body.scene !== 'string' || body.scene.length > 32) return reply({ errcode: 40169, errmsg: `invalid length for scene${rid()}` })
          codeRequests.push(body)
          res.writeHead(200, { 'content-type': 'image/jpeg' })
          return res.end(Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from(body.scene)]))
        }
        if (url.pathname === '/cgi-bin/message/subscribe/send') {
          if (url.searchParams.get('access_token') !== `token-${token}`) return reply({ errcode: 40001, errmsg: `invalid credential${rid()}` })
          if (busy.next > 0) {
            busy.next -= 1
            return reply({ errcode: -1, errmsg: `system error${rid()}` })
          }
          if (refusing.has(body.touser)) return reply({ errcode: 43101, errmsg: `user refuse to accept the msg${rid()}` })
          for (const [key, { value }] of Object.entries<{ value: string }>(body.data ?? {})) {
            if (key.startsWith('thing') && Array.from(value).length > 20) {
              return reply({ errcode: 47003, errmsg: `argument invalid! data.${key}.value invalid${rid()}` })
            }
          }
          messages.push(body)
          return reply({ errcode: 0, errmsg: 'ok' })
        }
        reply({ errcode: 404, errmsg: `not found${rid()}` })
      })
      return
    }
    if (url.pathname !== '/sns/jscode2session') return reply({ errcode: 404, errmsg: `not found${rid()}` })
    const code = url.searchParams.get('js_code') ?? ''
    if (silentCodes.has(code)) return // never answers
    if (url.searchParams.get('appid') !== appId) return reply({ errcode: 40013, errmsg: `invalid appid${rid()}` })
    if (url.searchParams.get('secret') !== appSecret) return reply({ errcode: 40125, errmsg: `invalid appsecret${rid()}` })
    if (url.searchParams.get('grant_type') !== 'authorization_code') return reply({ errcode: 40002, errmsg: `invalid grant_type${rid()}` })
    const openid = codes.get(code)
    if (!openid) return reply({ errcode: 40029, errmsg: `invalid code${rid()}` })
    codes.delete(code) // a wx.login code is single use
    reply({ openid, session_key: 'c2Vzc2lvbi1rZXk=' })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    codes,
    silentCodes,
    messages,
    refusing,
    busy,
    codeRequests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
}
