// Starts the real API over HTTP on a real database (PGlite in memory unless DATABASE_URL is
// given) and offers small helpers to call it as the mini-program does.
import { loadEnv } from '../../api/_lib/env'
import { startLocalServer } from '../../api/_lib/local-server'
import { createRuntime, type Runtime } from '../../api/_lib/runtime'

export interface TestApi {
  url: string
  runtime: Runtime
  call(method: string, path: string, options?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>
  login(name: string): Promise<{ token: string; user: any }>
  close(): Promise<void>
}

export async function startApi(env: Record<string, string> = {}, staticDir?: string): Promise<TestApi> {
  const runtime = await createRuntime(loadEnv({ NODE_ENV: 'test', DATA_DIR: 'memory://', ...env }))
  const server = await startLocalServer({ runtime, staticDir })
  const call: TestApi['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers }
    if (options.token) headers.authorization = `Bearer ${options.token}`
    let body: string | undefined = options.raw
    if (options.body !== undefined) {
      body = JSON.stringify(options.body)
      headers['content-type'] = 'application/json'
    } else if (options.raw !== undefined) {
      headers['content-type'] ??= 'application/json'
    }
    const response = await fetch(`${server.url}${path}`, { method, headers, body })
    const text = await response.text()
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers }
  }
  return {
    url: server.url,
    runtime,
    call,
    async login(name) {
      const { status, body } = await call('POST', '/api/auth/login', { body: { code: `dev:${name}` } })
      if (status !== 200) throw new Error(`login ${name} failed: ${status} ${JSON.stringify(body)}`)
      return body
    },
    async close() {
      await server.close()
      await runtime.db.close()
    },
  }
}
