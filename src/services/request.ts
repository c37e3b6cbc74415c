import Taro from '@tarojs/taro'
import type * as z from 'zod/mini'
import { LoginResponse, type User } from '../shared/account'
import { ApiErrorBody, errorMessages, isErrorCode } from '../shared/errors'

// The only caller of Taro.request: base URL, session token, timeout, zod-checked answers.
// It never throws: every call resolves to a Result, so each page handles success and failure.

export const apiBase = process.env.TARO_APP_API_BASE

export interface Failure {
  code: string
  message: string
}
export type Result<T> = { ok: true; status: number; data: T } | { ok: false; error: Failure }

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE'

interface Call<S extends z.ZodMiniType> {
  method?: Method
  path: string
  query?: Record<string, string | number | undefined>
  body?: unknown
  schema: S
  /** Send the session token, logging in first when there is none. */
  auth?: boolean
}

const networkFailure: Failure = { code: 'network', message: '网络不太好,请检查网络后重试。' }
const badAnswer: Failure = { code: 'bad_response', message: '数据有误,请更新小程序后重试。' }

function url(path: string, query: Call<z.ZodMiniType>['query'] = {}) {
  const pairs = Object.entries(query).filter(([, value]) => value !== undefined)
  const search = pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
  return `${apiBase}${path}${search.length ? `?${search.join('&')}` : ''}`
}

async function send<S extends z.ZodMiniType>(call: Call<S>, token: string | null): Promise<Result<z.infer<S>>> {
  let response: Taro.request.SuccessCallbackResult<string | TaroGeneral.IAnyObject>
  try {
    response = await Taro.request({
      url: url(call.path, call.query),
      method: call.method ?? 'GET',
      data: call.body,
      timeout: 15000,
      header: {
        'Content-Type': 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
    })
  } catch {
    return { ok: false, error: networkFailure }
  }
  if (response.statusCode >= 200 && response.statusCode < 300) {
    const parsed = call.schema.safeParse(response.data)
    return parsed.success ? { ok: true, status: response.statusCode, data: parsed.data } : { ok: false, error: badAnswer }
  }
  const refusal = ApiErrorBody.safeParse(response.data)
  if (!refusal.success) return { ok: false, error: response.statusCode >= 500 ? errorFor('unavailable') : badAnswer }
  return { ok: false, error: errorFor(refusal.data.error.code, refusal.data.error.message) }
}

function errorFor(code: string, serverMessage?: string): Failure {
  return { code, message: isErrorCode(code) ? errorMessages[code] : (serverMessage ?? errorMessages.internal) }
}

// ------------------------------------------------------------------ session

const tokenKey = 'session.token'
const devNameKey = 'session.devName'

/** Outside WeChat (H5 in development) each browser keeps one stable dev login. */
function devCode() {
  let name = Taro.getStorageSync<string>(devNameKey)
  if (!name) {
    name = `居民${Math.random().toString().slice(2, 8)}`
    Taro.setStorageSync(devNameKey, name)
  }
  return `dev:${name}`
}

async function loginCode(): Promise<string | null> {
  if (process.env.TARO_ENV !== 'weapp') return devCode()
  try {
    return (await Taro.login()).code
  } catch {
    return null
  }
}

let pendingLogin: Promise<Result<LoginResponse>> | null = null

/** Logs in once for all callers waiting at the same time. */
export function login(): Promise<Result<LoginResponse>> {
  pendingLogin ??= (async () => {
    const code = await loginCode()
    if (!code) return { ok: false as const, error: errorFor('login_failed') }
    const result = await send({ method: 'POST', path: '/auth/login', body: { code }, schema: LoginResponse }, null)
    if (result.ok) Taro.setStorageSync(tokenKey, result.data.token)
    return result
  })().finally(() => {
    pendingLogin = null
  })
  return pendingLogin
}

async function sessionToken(): Promise<string | null> {
  const stored = Taro.getStorageSync<string>(tokenKey)
  if (stored) return stored
  const result = await login()
  return result.ok ? result.data.token : null
}

/** Calls the API; with `auth`, logs in when needed and once more when the token has expired. */
export async function request<S extends z.ZodMiniType>(call: Call<S>): Promise<Result<z.infer<S>>> {
  if (!call.auth) return send(call, null)
  const token = await sessionToken()
  if (!token) return { ok: false, error: errorFor('login_failed') }
  const result = await send(call, token)
  if (result.ok || result.error.code !== 'unauthorized') return result
  Taro.removeStorageSync(tokenKey)
  const renewed = await login()
  return renewed.ok ? send(call, renewed.data.token) : renewed
}

export type { User }
