import { readFileSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { Readable } from 'node:stream'
import type { AddressInfo } from 'node:net'
import type { VercelRequest, VercelResponse } from '@vercel/node'
import sirv from 'sirv'
import api from '../index'
import { useRuntime, type Runtime } from './runtime'

const root = path.resolve(__dirname, '../..')
const maxBodyBytes = 4 * 1024 * 1024

/** The headers vercel.json sets on every path (the static H5 app's security headers). */
function staticHeaders(): { key: string; value: string }[] {
  const config = JSON.parse(readFileSync(path.join(root, 'vercel.json'), 'utf8')) as { headers: { source: string; headers: { key: string; value: string }[] }[] }
  return config.headers.filter((h) => h.source === '/(.*)').flatMap((h) => h.headers)
}

/**
 * Serves the API's function at /api/* as vercel.json's rewrite does in production
 * (tests/unit/routing.test.ts checks it). Optionally serves a built H5 app from the same origin.
 */
export async function startLocalServer(options: {
  runtime: Runtime
  port?: number
  host?: string
  staticDir?: string
  /** How often the statistics job runs (vercel.json runs it every minute in production); null: never. */
  statsJobEveryMs?: number | null
}) {
  useRuntime(options.runtime)
  // The H5 app gets the headers vercel.json gives it in production (CSP and the rest).
  const appHeaders = staticHeaders()
  const serveStatic = options.staticDir
    ? sirv(options.staticDir, { dev: true, single: true, setHeaders: (res) => appHeaders.forEach(({ key, value }) => res.setHeader(key, value)) })
    : null
  // Photos only, never rendered as a page: nothing but the stored JPEGs is served from uploads.
  const uploadsDir = options.runtime.storage.localDir
  const serveUploads = uploadsDir
    ? sirv(uploadsDir, {
        dev: true,
        setHeaders: (res) => {
          res.setHeader('X-Content-Type-Options', 'nosniff')
          res.setHeader('Content-Security-Policy', "default-src 'none'")
        },
      })
    : null

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname.startsWith('/uploads/') && serveUploads && /^\/uploads\/[a-z-]+\/[0-9a-f-]{36}\.jpg$/.test(url.pathname)) {
      req.url = req.url!.slice('/uploads'.length)
      serveUploads(req, res, () => {
        res.statusCode = 404
        res.end()
      })
      return
    }
    if (!url.pathname.startsWith('/api/') && serveStatic) {
      serveStatic(req, res)
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= maxBodyBytes) chunks.push(chunk)
    })
    req.on('end', () => {
      const response = toVercelResponse(res)
      if (size > maxBodyBytes) {
        response.status(413).json({ error: { code: 'invalid_request', message: '提交的内容太大了。' } })
      } else {
        void api(toVercelRequest(req, url, Buffer.concat(chunks)), response)
      }
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`端口 ${options.port} 已被占用 (port in use): 关掉占用它的程序,或设置 PORT`) : error),
    )
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  // What Vercel's cron does in production (vercel.json): the statistics job every minute.
  const every = options.statsJobEveryMs === undefined ? 60_000 : options.statsJobEveryMs
  const statsJob = every === null ? undefined : setInterval(() => {
    options.runtime.db.rpc('api_stats_catch_up').catch((error: unknown) => options.runtime.log.error({ error: String(error) }, 'statistics job failed'))
  }, every)
  statsJob?.unref()
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () => {
      clearInterval(statsJob)
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

// Like Vercel: the body was read once, yet the request can still be piped (uploads), and
// JSON is parsed on first read of `body`, throwing there when malformed.
function toVercelRequest(req: http.IncomingMessage, url: URL, raw: Buffer): VercelRequest {
  const query: Record<string, string | string[]> = {}
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key)
    query[key] = values.length === 1 ? values[0] : values
  }
  const request = Object.assign(Readable.from([raw]), {
    method: req.method,
    url: req.url,
    headers: req.headers,
    query,
    cookies: {},
    // The peer, as on Vercel's IncomingMessage: the client address when no proxy header names one.
    socket: req.socket,
    connection: req.socket,
  })
  let parsed: { value: unknown } | null = null
  Object.defineProperty(request, 'body', {
    get() {
      if (!parsed) {
        const text = raw.toString('utf8')
        const isJson = /^application\/json\b/.test(req.headers['content-type'] ?? '')
        parsed = { value: text === '' ? undefined : isJson ? JSON.parse(text) : text }
      }
      return parsed.value
    },
  })
  return request as unknown as VercelRequest
}

function toVercelResponse(res: http.ServerResponse): VercelResponse {
  const response = Object.assign(res, {
    status(code: number) {
      res.statusCode = code
      return response
    },
    json(body: unknown) {
      res.setHeader('Content-Type', 'application/json; charset=utf-8')
      res.end(JSON.stringify(body))
      return response
    },
    send(body: unknown) {
      res.end(body)
      return response
    },
  })
  return response as unknown as VercelResponse
}
