import Taro from '@tarojs/taro'
import type * as z from 'zod/mini'
import { LoginResponse, type User } from '../shared/account'
import { ApiErrorBody, errorMessages, isErrorCode } from '../shared/errors'
import { idempotencyHeader, newIdempotencyKey } from '../shared/idempotency'
import { accountPaths } from '../shared/paths'

// The only caller of Taro.request: base URL, session token, timeout, zod-checked answers.
// It never throws: every call resolves to a Result, so each page handles success and failure.
// Every POST carries an Idempotency-Key, one per logical call and the same on each attempt of it,
// so a call whose answer was lost on the network is tried again without writing twice.

export const apiBase = process.env.TARO_APP_API_BASE

export interface Failure {
  code: string
  message: string
  /** What the API said in `details`, e.g. which rows of an import to fix. */
  details?: unknown
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

/** The waits before the second and third attempt of a call whose network failed. */
const retryDelays = [500, 1500]

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * One logical call, attempted again (twice at most) when the network failed — never after an
 * answer from the server, except `request_in_progress`: the server is still finishing an earlier
 * attempt of this very call, and the next attempt (same key) gets its answer.
 */
async function withRetries<T>(attempt: () => Promise<Result<T>>): Promise<Result<T>> {
  let result = await attempt()
  for (const delay of retryDelays) {
    if (result.ok || (result.error.code !== networkFailure.code && result.error.code !== 'request_in_progress')) return result
    await wait(delay)
    result = await attempt()
  }
  return result
}

async function send<S extends z.ZodMiniType>(call: Call<S>, token: string | null, key?: string): Promise<Result<z.infer<S>>> {
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
        ...(key ? { [idempotencyHeader]: key } : {}),
      },
    })
  } catch {
    return { ok: false, error: networkFailure }
  }
  return answer(call.schema, response.statusCode, response.data)
}

/** An HTTP answer as a Result: the data checked against its schema, or the refusal in plain words. */
function answer<S extends z.ZodMiniType>(schema: S, status: number, data: unknown): Result<z.infer<S>> {
  if (status >= 200 && status < 300) {
    const parsed = schema.safeParse(data)
    return parsed.success ? { ok: true, status, data: parsed.data } : { ok: false, error: badAnswer }
  }
  const refusal = ApiErrorBody.safeParse(data)
  if (!refusal.success) return { ok: false, error: status >= 500 ? errorFor('unavailable') : badAnswer }
  return { ok: false, error: errorFor(refusal.data.error.code, refusal.data.error.message, refusal.data.error.details) }
}

function errorFor(code: string, serverMessage?: string, details?: unknown): Failure {
  // The API words its refusals for people (from the same table); the table covers the rest.
  const message = serverMessage ?? (isErrorCode(code) ? errorMessages[code] : errorMessages.internal)
  return details === undefined ? { code, message } : { code, message, details }
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

/**
 * Logs in once for all callers waiting at the same time. Not keyed: a WeChat login code is good
 * for one use, so each attempt asks for a fresh one (and the API never stores a login's answer).
 */
export function login(): Promise<Result<LoginResponse>> {
  pendingLogin ??= (async () => {
    const result = await withRetries(async (): Promise<Result<LoginResponse>> => {
      const code = await loginCode()
      if (!code) return { ok: false, error: errorFor('login_failed') }
      return send({ method: 'POST', path: accountPaths.login, body: { code }, schema: LoginResponse }, null)
    })
    if (result.ok) Taro.setStorageSync(tokenKey, result.data.token)
    return result
  })().finally(() => {
    pendingLogin = null
  })
  return pendingLogin
}

/** Forgets the session (after the account was deleted): the next call logs in afresh. */
export function forgetSession() {
  Taro.removeStorageSync(tokenKey)
}

async function sessionToken(): Promise<string | null> {
  const stored = Taro.getStorageSync<string>(tokenKey)
  if (stored) return stored
  const result = await login()
  return result.ok ? result.data.token : null
}

/**
 * Calls the API; with `auth`, logs in when needed and once more when the token has expired.
 * Reads and (keyed) POSTs are attempted again when the network fails; PATCH and DELETE are not.
 */
export async function request<S extends z.ZodMiniType>(call: Call<S>): Promise<Result<z.infer<S>>> {
  const method = call.method ?? 'GET'
  const key = method === 'POST' ? newIdempotencyKey() : undefined
  const attempt = (token: string | null) => (method === 'GET' || key ? withRetries(() => send(call, token, key)) : send(call, token, key))
  if (!call.auth) return attempt(null)
  const token = await sessionToken()
  if (!token) return { ok: false, error: errorFor('login_failed') }
  const result = await attempt(token)
  if (result.ok || result.error.code !== 'unauthorized') return result
  Taro.removeStorageSync(tokenKey)
  const renewed = await login()
  return renewed.ok ? attempt(renewed.data.token) : renewed
}

/**
 * Uploads one file as multipart/form-data (field `file`) with the session token; `filePath` is a
 * temp path in WeChat, a blob: URL in H5.
 */
export async function upload<S extends z.ZodMiniType>(call: {
  path: string
  filePath: string
  fileName: string
  schema: S
}): Promise<Result<z.infer<S>>> {
  const token = await sessionToken()
  if (!token) return { ok: false, error: errorFor('login_failed') }
  // One key for the upload, on each attempt: a photo whose answer was lost is not stored twice.
  const key = newIdempotencyKey()
  return withRetries(async () => {
    let response: Taro.uploadFile.SuccessCallbackResult
    try {
      response = await Taro.uploadFile({
        url: url(call.path),
        filePath: call.filePath,
        name: 'file',
        fileName: call.fileName,
        header: { Authorization: `Bearer ${token}`, [idempotencyHeader]: key },
        timeout: 60000,
      })
    } catch {
      return { ok: false, error: networkFailure }
    }
    let data: unknown
    try {
      data = JSON.parse(response.data)
    } catch {
      return { ok: false, error: badAnswer }
    }
    return answer(call.schema, response.statusCode, data)
  })
}

/**
 * Downloads a file the API makes (an Excel export) with the session token and opens it: in
 * WeChat's document viewer, or as the browser's download in H5. Resolves to a problem, or null.
 */
export async function openExport(path: string, query?: Call<z.ZodMiniType>['query']): Promise<string | null> {
  const token = await sessionToken()
  if (!token) return errorMessages.login_failed
  try {
    const { statusCode, tempFilePath } = await Taro.downloadFile({ url: url(path, query), header: { Authorization: `Bearer ${token}` } })
    if (statusCode !== 200) return '导出没有成功,请稍后再试。'
    if (process.env.TARO_ENV === 'weapp') await Taro.openDocument({ filePath: tempFilePath, fileType: 'xlsx', showMenu: true })
    return null
  } catch {
    return networkFailure.message
  }
}

export type { User }
