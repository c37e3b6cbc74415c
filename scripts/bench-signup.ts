// `npm run bench:signup`: sign-ups per second on one hot activity, (a) calling the SQL function
// directly over 16 connections, (b) the same with the statistics job alongside and (c) through
// the HTTP API with 16 concurrent clients, in the same run; then checks that no phase overbooked.
// Target: c/a ≥ 0.7 at 16 clients (issue 14), zero overbooking.
import { loadEnv } from '../api/_lib/env'
import { signSession } from '../api/_lib/session'
import { benchOnPostgres, benchSecret, postJson, printWriteRates, throughput, withStatsJob } from './lib/bench'

const concurrency = 16
const perPhase = Number(process.env.BENCH_SIGNUPS ?? 3000)
const capacity = Math.floor(perPhase / 3)

benchOnPostgres(async ({ sql, api }) => {
  const activity = async (title: string) =>
    (await sql<{ id: string }[]>`insert into activities (title, kind, location, starts_at, ends_at, capacity)
      values (${title}, 'volunteer', '压测地点', now() + interval '2 days', now() + interval '2 days 2 hours', ${capacity})
      returning id`)[0].id
  const users = async (prefix: string) =>
    (await sql<{ id: string }[]>`insert into users (openid, nickname)
      select ${prefix} || g, ${prefix} || g from generate_series(1, ${perPhase}) g returning id`).map((r) => r.id)

  const signUpAll = async (id: string, prefix: string) => {
    const ids = await users(prefix)
    return throughput(perPhase, concurrency, (i) =>
      sql`select api_activity_signup(p_user_id => ${ids[i]}, p_activity_id => ${id}, p_seats => 1, p_subscribe => false)`,
    )
  }
  const direct = await activity('直连压测')
  const directRate = await signUpAll(direct, 'direct:')
  const alongside = await activity('统计同时压测')
  const withJob = await withStatsJob(sql, () => signUpAll(alongside, 'job:'))

  const overHttp = await activity('接口压测')
  const httpUsers = await users('http:')
  const env = loadEnv({ SESSION_SECRET: benchSecret })
  const tokens = await Promise.all(httpUsers.map(async (id) => (await signSession(env, id)).token))
  const httpRate = await throughput(perPhase, concurrency, async (i) => {
    const status = await postJson(`${api.url}/api/activities/${overHttp}/signup`, tokens[i], { seats: 1 })
    if (status !== 201) throw new Error(`sign-up answered ${status}`)
  })

  for (const [name, id] of [['direct', direct], ['with the job', alongside], ['http', overHttp]]) {
    const [row] = await sql`select a.confirmed_seats, a.waitlisted_seats,
        (select count(*)::int from activity_signups s where s.activity_id = a.id and s.status = 'confirmed') as confirmed,
        (select count(*)::int from activity_signups s where s.activity_id = a.id and s.status = 'waitlisted') as waitlisted
      from activities a where a.id = ${id}`
    if (row.confirmed !== capacity || row.confirmed_seats !== capacity || row.waitlisted !== perPhase - capacity) {
      throw new Error(`${name}: counts broken ${JSON.stringify(row)}`)
    }
    console.log(`  ${name}: ${row.confirmed} confirmed of ${capacity} seats, ${row.waitlisted} waitlisted, overbooked 0`)
  }
  printWriteRates(`activity sign-up, one hot activity, ${concurrency} concurrent, ${perPhase} sign-ups per phase (no overbooking):`, 'sign-ups', { direct: directRate, withJob, http: httpRate }, 0.7)
})
