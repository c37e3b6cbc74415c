// `npm run bench:pledge`: signatures per second on a real PostgreSQL server, (a) calling the SQL
// function directly over N connections and (b) through the HTTP API with N concurrent clients,
// in the same run, and the ratio b / a. Target: ratio ≥ 0.5 at 16 concurrent clients.
import { loadEnv } from '../api/_lib/env'
import { signSession } from '../api/_lib/session'
import { benchOnPostgres, benchSecret, postJson, printRatio, throughput } from './lib/bench'

const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16)
const perPhase = Number(process.env.BENCH_SIGNATURES ?? 3000)
const warmup = 300

benchOnPostgres(async ({ sql, api }) => {
  // A production-mode API does not seed demo content: the bench brings its own campaign.
  await sql`insert into pledge_campaigns (title, text, goal, is_current) values ('压测', '压测承诺', 1000000, true)`
  const users = (n: number, prefix: string) =>
    sql<{ id: string }[]>`insert into users (openid, nickname)
      select ${prefix} || g, ${prefix} || g from generate_series(1, ${n}) g returning id`.then((rows) => rows.map((r) => r.id))

  const sign = (id: string) => sql`select api_pledge_sign(p_user_id => ${id}, p_display_name => '压测')`
  const direct = await users(warmup + perPhase, 'direct:')
  await throughput(warmup, concurrency, (i) => sign(direct[i]).then(() => {}))
  const directRate = await throughput(perPhase, concurrency, (i) => sign(direct[warmup + i]).then(() => {}))

  const env = loadEnv({ SESSION_SECRET: benchSecret })
  const viaHttp = await users(warmup + perPhase, 'http:')
  const tokens = await Promise.all(viaHttp.map(async (id) => (await signSession(env, id)).token))
  const post = async (i: number) => {
    const status = await postJson(`${api.url}/api/pledge`, tokens[i], { displayName: '压测' })
    if (status !== 201) throw new Error(`pledge answered ${status}`)
  }
  await throughput(warmup, concurrency, post)
  const httpRate = await throughput(perPhase, concurrency, (i) => post(warmup + i))

  const [{ count, max }] = await sql`select count(*)::int as count, max(number) as max from pledge_signatures`
  if (count !== max || count !== 2 * (warmup + perPhase)) throw new Error(`numbering broken: ${count} rows, max ${max}`)

  printRatio(`pledge signing, ${concurrency} concurrent, ${perPhase} signatures per phase:`, 'signatures', directRate, httpRate)
})
