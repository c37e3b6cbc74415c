// Shared pieces of the benchmark drivers: a concurrent load loop, latency percentiles, and the
// API started as its own process (as it runs in production) against a given database.
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import path from 'node:path'
import postgres from 'postgres'
import { startPostgres } from './pg-cluster'

export const benchSecret = 'bench-session-secret-bench-session-secret'

/** Runs `total` jobs over `workers` concurrent loops; returns jobs per second. */
export async function throughput(total: number, workers: number, job: (i: number) => Promise<unknown>) {
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < total) await job(next++)
    }),
  )
  return total / ((performance.now() - started) / 1000)
}

/** Milliseconds of each of `count` sequential calls, summarised as p50 and p95. */
export async function latency(count: number, call: (i: number) => Promise<unknown>) {
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    const started = performance.now()
    await call(i)
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]
  return { p50: at(0.5), p95: at(0.95) }
}

export async function startApiProcess(databaseUrl: string, poolMax: number): Promise<{ url: string; stop: () => void }> {
  // BENCH_CPU_PROFILE=dir writes a V8 CPU profile of the API process there.
  const profile = process.env.BENCH_CPU_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : []
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(__dirname, '../api.ts')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_MAX: String(poolMax),
      PORT: '0',
      SESSION_SECRET: benchSecret,
      // Production needs WeChat configured (and its push token); the bench never logs in through
      // it and never receives a push.
      WECHAT_APP_ID: 'wx-bench',
      WECHAT_APP_SECRET: 'bench',
      WECHAT_PUSH_TOKEN: process.env.WECHAT_PUSH_TOKEN ?? 'bench',
      // The load comes from a town's phones (postJson spreads it over 256 addresses): limits out
      // of reach (unless the driver chose a scale), yet still counted, so the limiter's cost is in
      // the numbers.
      RATE_LIMIT_SCALE: process.env.RATE_LIMIT_SCALE ?? '100000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /listening on (http:\/\/\S+)/.exec(chunk.toString())
      if (match) resolve(match[1])
    })
    child.on('exit', (code) => reject(new Error(`API exited with ${code}`)))
  })
  return { url, stop: () => child.kill('SIGTERM') }
}

// node:http with keep-alive costs the load generator less CPU than fetch; on two cores that CPU
// would otherwise be taken from the server being measured.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })

let posts = 0

/**
 * POSTs JSON with a Bearer token, from one of 256 client addresses in turn (as the API reads them
 * behind Vercel's proxy): residents post from their own phones, and one address for all would make
 * its rate-limit counter a row every request waits on. Resolves to the status code once read.
 */
export function postJson(url: string, token: string, body: unknown): Promise<number> {
  const payload = JSON.stringify(body)
  const address = `10.0.${posts++ % 256}.1`
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          'x-forwarded-for': address,
          // As the mini-program sends every POST (src/services/request.ts): the keyed write path.
          'idempotency-key': randomUUID(),
        },
      },
      (response) => {
        response.resume()
        response.on('end', () => resolve(response.statusCode ?? 0))
      },
    )
    request.on('error', reject)
    request.end(payload)
  })
}

/** GETs a URL (with a Bearer token when given); resolves to the status and the body once read. */
export function get(url: string, token?: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { agent, headers: token ? { authorization: `Bearer ${token}` } : {} }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }))
    })
    request.on('error', reject)
    request.end()
  })
}

/**
 * Runs a benchmark against a throwaway PostgreSQL server with the API started beside it as its
 * own process; cleans both up and exits non-zero on failure.
 */
export function benchOnPostgres(
  run: (context: { sql: postgres.Sql; api: { url: string } }) => Promise<void>,
  settings: Record<string, string> = {},
) {
  const concurrency = 16
  void (async () => {
    const cluster = await startPostgres({ settings: { max_connections: '100', ...settings } })
    const api = await startApiProcess(cluster.url, concurrency) // migrates the fresh database
    const sql = postgres(cluster.url, { max: concurrency, onnotice: () => {} })
    try {
      await run({ sql, api })
    } finally {
      await sql.end()
      api.stop()
      await cluster.stop()
    }
  })().catch((error) => {
    console.error(error)
    process.exit(1)
  })
}

/**
 * Runs `phase` while the statistics job counts the queues alongside, every 200 ms (the scheduler
 * runs it every minute: this is the job at its busiest).
 */
export async function withStatsJob<T>(sql: postgres.Sql, phase: () => Promise<T>): Promise<T> {
  let running = true
  const job = (async () => {
    while (running) {
      await sql`select api_stats_catch_up()`
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  })()
  try {
    return await phase()
  } finally {
    running = false
    await job
  }
}

/**
 * A write's rates in one run: (a) its SQL function with all that happens in its transaction, (b)
 * the same with the statistics job alongside, (c) through the HTTP API; and c/a against `target`.
 */
export function printWriteRates(title: string, unit: string, rates: { direct: number; withJob: number; http: number }, target: number) {
  const ratio = rates.http / rates.direct
  console.log(title)
  console.log(`  (a) SQL function                 : ${rates.direct.toFixed(0)} ${unit}/s`)
  console.log(`  (b) SQL function, job alongside  : ${rates.withJob.toFixed(0)} ${unit}/s  (${(rates.withJob / rates.direct).toFixed(2)}× (a))`)
  console.log(`  (c) HTTP API                     : ${rates.http.toFixed(0)} ${unit}/s`)
  console.log(`  ratio c/a = ${ratio.toFixed(2)} (target ≥ ${target}: ${ratio >= target ? 'met' : 'NOT met'})`)
}
