// `npm run bench:quiz`: on a real PostgreSQL server with 200,000 residents and 1,000,000 quiz
// ledger rows, (1) p50/p95 of every leaderboard (user and community, this week and all time,
// with the caller's own rank) and (2) quiz submissions per second with 16 concurrent clients:
// (a) the SQL function, (b) the same with the statistics job alongside, (c) through the HTTP API,
// and (a) over one connection, to say how 16 compares with 1 (different residents, different
// attempts). Targets: leaderboard p95 ≤ 20 ms; c/a ≥ 0.7 (issue 14).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { loadEnv } from '../api/_lib/env'
import { signSession } from '../api/_lib/session'
import { benchOnPostgres, benchSecret, latency, postJson, printWriteRates, throughput, withStatsJob } from './lib/bench'

const residents = Number(process.env.BENCH_USERS ?? 200_000)
const ledgerRows = Number(process.env.BENCH_LEDGER_ROWS ?? 1_000_000)
const concurrency = 16
const submits = Number(process.env.BENCH_SUBMITS ?? 2000)
const calls = 200

benchOnPostgres(async ({ sql, api }) => {
  await sql.unsafe(readFileSync(path.join(__dirname, '../supabase/seeds/quiz-content.sql'), 'utf8'))
  const started = performance.now()
  await sql.unsafe(`
    insert into communities (name) select '压测社区' || g from generate_series(1, 40) g;
    insert into users (openid, nickname, community_id)
      select 'bench:' || g, '居民' || g, (select id from communities order by name offset (g % 40) limit 1)
      from generate_series(1, ${residents}) g;
    create temporary table bench_users as select row_number() over () as n, id, community_id from users;
    -- Quiz results over the last eight weeks, as api_quiz_submit records them.
    -- These residents are neither students nor family members: the ledger's triggers would do nothing.
    alter table participation disable trigger user;
    insert into participation (user_id, kind, points, ref_type, ref_id, created_at)
      select u.id, 'quiz_completed', (random() * 5)::int * 2, 'quiz_attempt', g::text,
             now() - random() * interval '56 days'
      from generate_series(1, ${ledgerRows}) g
      join bench_users u on u.n = 1 + (g::bigint * 7919) % ${residents};
    alter table participation enable trigger user;
    -- The running totals api_quiz_submit keeps beside the ledger.
    insert into quiz_user_scores (user_id, week_start, points)
      select user_id, date_trunc('week', created_at at time zone 'Asia/Shanghai')::date, sum(points)
      from participation where kind = 'quiz_completed' group by 1, 2 having sum(points) > 0;
    insert into quiz_user_totals (user_id, points)
      select user_id, sum(points) from participation where kind = 'quiz_completed' group by 1 having sum(points) > 0;
    insert into quiz_group_scores (scope, group_id, week_start, points)
      select 'community', u.community_id, s.week_start, sum(s.points) from quiz_user_scores s join users u on u.id = s.user_id group by 2, 3;`)
  // As autovacuum would have by then: statistics and the visibility map for index-only scans.
  await sql.unsafe('vacuum analyze')
  console.log(`generated ${residents.toLocaleString()} residents and ${ledgerRows.toLocaleString()} ledger rows in ${((performance.now() - started) / 1000).toFixed(1)} s`)

  const userIds = (await sql<{ id: string }[]>`select id from users where openid like 'bench:%' order by random() limit ${calls}`).map((r) => r.id)
  console.log('leaderboards (SQL function, one connection, caller ranked):')
  let worst = 0
  for (const scope of ['user', 'community']) {
    for (const period of ['week', 'all']) {
      const { p50, p95 } = await latency(calls, (i) =>
        sql`select api_quiz_leaderboard(p_user_id => ${userIds[i]}, p_scope => ${scope}, p_period => ${period}, p_limit => 20)`,
      )
      worst = Math.max(worst, p95)
      console.log(`  ${scope.padEnd(9)} ${period.padEnd(4)}  p50 ${p50.toFixed(2)} ms  p95 ${p95.toFixed(2)} ms`)
    }
  }
  console.log(`  worst p95 ${worst.toFixed(2)} ms (target ≤ 20 ms: ${worst <= 20 ? 'met' : 'NOT met'})`)

  // Attempts drawn in advance, one per resident: a slice for each phase.
  const takers = (await sql<{ id: string }[]>`select id from users where openid like 'bench:%' limit ${3 * submits + submits / 4}`).map((r) => r.id)
  const attempts: { attemptId: string; userId: string; answers: { questionId: string; keys: string[] }[] }[] = []
  for (const userId of takers) {
    const [{ attempt }] = await sql`select api_quiz_start(p_user_id => ${userId}, p_mode => 'scored') as attempt`
    const answers = attempt.questions.map((q: { id: string; options: { key: string }[] }) => ({ questionId: q.id, keys: [q.options[0].key] }))
    attempts.push({ attemptId: attempt.attemptId, userId, answers })
  }
  const slices = [0, 1, 2, 3].map((n) => attempts.slice(n * submits, (n + 1) * submits))
  const submitAll = (slice: typeof attempts, workers: number) =>
    throughput(slice.length, workers, (i) =>
      sql`select api_quiz_submit(p_user_id => ${slice[i].userId}, p_attempt_id => ${slice[i].attemptId}, p_answers => ${sql.json(slice[i].answers)})`,
    )
  const directRate = await submitAll(slices[0], concurrency)
  const withJob = await withStatsJob(sql, () => submitAll(slices[1], concurrency))
  const single = await submitAll(slices[3], 1)
  const overHttp = slices[2]
  const env = loadEnv({ SESSION_SECRET: benchSecret })
  const tokens = await Promise.all(overHttp.map(async (a) => (await signSession(env, a.userId)).token))
  const httpRate = await throughput(submits, concurrency, async (i) => {
    const status = await postJson(`${api.url}/api/quiz/attempts/${overHttp[i].attemptId}/submit`, tokens[i], {
      answers: overHttp[i].answers,
    })
    if (status !== 200) throw new Error(`submit answered ${status}`)
  })
  printWriteRates(`quiz submit, ${concurrency} concurrent, ${submits} per phase:`, 'submits', { direct: directRate, withJob, http: httpRate }, 0.7)
  console.log(`  (a) over 1 connection: ${single.toFixed(0)} submits/s; 16 connections = ${(directRate / single).toFixed(2)}× 1`)
}, { shared_buffers: '256MB' })
