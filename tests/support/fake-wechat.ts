// A loopback stand-in for WeChat's server API, answering with WeChat's documented shapes
// (../shared/docs/wechat-notes.md): always HTTP 200, JSON, errcode/errmsg on failure.
import { createHash } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeWechat {
  url: string
  /** Subscribe messages WeChat accepted, as sent. */
  messages: { touser: string; template_id: string; page: string; data: Record<string, { value: string }> }[]
  /** Openids with no subscription left: sending to them answers 43101. */
  refusing: Set<string>
  /** How many of the next token calls (subscribe send, content checks) answer -1 (system busy). */
  busy: { next: number }
  /** msg_sec_check: text containing a key gets that verdict (label 20001 for risky, 21000 for review). */
  textVerdicts: Map<string, 'risky' | 'review'>
  /** media_check_async requests, as sent, with the trace id answered. */
  mediaChecks: { media_url: string; openid: string; trace_id: string }[]
  /** Plays WeChat's later push of a media check result to the mini-program's push URL, signed with `token`. */
  pushMediaResult(target: { url: string; token: string }, traceId: string, suggest: 'pass' | 'risky' | 'review'): Promise<{ status: number; text: string }>
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
  const textVerdicts: FakeWechat['textVerdicts'] = new Map()
  const mediaChecks: FakeWechat['mediaChecks'] = []
  // Openids that logged in: the content checks answer 61010 for anyone else (no recent visit).
  const visited = new Set<string>()
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
        if (url.pathname === '/cgi-bin/message/subscribe/send' || url.pathname.startsWith('/wxa/m')) {
          if (url.searchParams.get('access_token') !== `token-${token}`) return reply({ errcode: 40001, errmsg: `invalid credential${rid()}` })
          if (busy.next > 0) {
            busy.next -= 1
            return reply({ errcode: -1, errmsg: `system error${rid()}` })
          }
        }
        if (url.pathname === '/wxa/msg_sec_check' || url.pathname === '/wxa/media_check_async') {
          if (body.version !== 2 || ![1, 2, 3, 4].includes(body.scene)) return reply({ errcode: 40129, errmsg: `invalid scene${rid()}` })
          if (!visited.has(body.openid)) return reply({ errcode: 61010, errmsg: `code is expired${rid()}` })
          const trace_id = Math.random().toString(16).slice(2)
          if (url.pathname === '/wxa/media_check_async') {
            mediaChecks.push({ media_url: body.media_url, openid: body.openid, trace_id })
            return reply({ errcode: 0, errmsg: 'ok', trace_id })
          }
          if (typeof body.content !== 'string' || body.content === '') return reply({ errcode: 44002, errmsg: `empty content${rid()}` })
          const verdict = [...textVerdicts].find(([key]) => body.content.includes(key))?.[1] ?? 'pass'
          const label = verdict === 'pass' ? 100 : verdict === 'risky' ? 20001 : 21000
          return reply({ errcode: 0, errmsg: 'ok', trace_id, result: { suggest: verdict, label }, detail: [{ strategy: 'content_model', errcode: 0, suggest: verdict, label, prob: 90 }] })
        }
        if (url.pathname === '/cgi-bin/message/subscribe/send') {
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
    visited.add(openid)
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
    textVerdicts,
    mediaChecks,
    async pushMediaResult(target, traceId, suggest) {
      const timestamp = String(Math.floor(Date.now() / 1000))
      const nonce = Math.random().toString(36).slice(2)
      const signature = createHash('sha1').update([target.token, timestamp, nonce].sort().join('')).digest('hex')
      const label = suggest === 'pass' ? 100 : 20002
      const response = await fetch(`${target.url}?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          ToUserName: 'gh_fake', FromUserName: 'system', CreateTime: Number(timestamp), MsgType: 'event', Event: 'wxa_media_check',
          appid: appId, trace_id: traceId, version: 2,
          result: { suggest, label }, detail: [{ strategy: 'content_model', errcode: 0, suggest, label, prob: 90 }],
        }),
      })
      return { status: response.status, text: await response.text() }
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
}

let loginCodes = 0

/** Logs in through the fake WeChat as `openid`, the way the mini-program does (wx.login code → API). */
export async function loginAs(api: { call(method: string, path: string, options?: { body?: unknown }): Promise<{ body: any }> }, wechat: FakeWechat, openid: string) {
  const code = `code-${++loginCodes}`
  wechat.codes.set(code, openid)
  return (await api.call('POST', '/api/auth/login', { body: { code } })).body as { token: string; user: { id: string } }
}
