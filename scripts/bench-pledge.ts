// `npm run bench:pledge`: signatures per second on a real PostgreSQL server, in one run:
//   (none) the SQL function with no ledger triggers at all, the ceiling;
//   (0) the SQL function with the ledger's statistics trigger as it was (rollups in each act's
//       transaction), the baseline;
//   (a) the SQL function as it is (the act queues its ledger row for the statistics job);
//   (b) the same with the statistics job counting alongside, every 200 ms;
//   (c) through the HTTP API with N concurrent clients (keyed POSTs, as the app sends them);
//   (a) again over one connection, to say how 16 compares with 1;
//   the HTTP floor: GET /api/health, which makes no database call, through the same API process;
// then the job counting a queue of 60,000 mixed acts. Targets (issue 14): (c) ≥ 330/s and ≥ 0.8×
// (a); (a) ≥ 0.9× (none); the job keeps up with 1,000 acts/s.
import { loadEnv } from '../api/_lib/env'
import { signSession } from '../api/_lib/session'
import { benchOnPostgres, benchSecret, get, postJson, printWriteRates, throughput, withStatsJob } from './lib/bench'

const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16)
const perPhase = Number(process.env.BENCH_SIGNATURES ?? 3000)
const queued = Number(process.env.BENCH_QUEUED_ACTS ?? 60_000)
const warmup = 300

benchOnPostgres(async ({ sql, api }) => {
  // A production-mode API does not seed demo content: the bench brings its own campaign.
  await sql`insert into pledge_campaigns (title, text, goal, is_current) values ('压测', '压测承诺', 1000000, true)`
  const users = (n: number, prefix: string) =>
    sql<{ id: string }[]>`insert into users (openid, nickname)
      select ${prefix} || g, ${prefix} || g from generate_series(1, ${n}) g returning id`.then((rows) => rows.map((r) => r.id))
  const sign = (id: string) => sql`select api_pledge_sign(p_user_id => ${id}, p_display_name => '压测')`
  const signAll = async (prefix: string, workers = concurrency) => {
    const ids = await users(warmup + perPhase, prefix)
    await throughput(warmup, workers, (i) => sign(ids[i]).then(() => {}))
    return throughput(perPhase, workers, (i) => sign(ids[warmup + i]).then(() => {}))
  }
  const catchUp = () => sql`select api_stats_catch_up() as result`
  const ledgerTriggers = ['participation_community', 'participation_counts_for_family', 'participation_counts_for_school', 'participation_queue_for_stats']

  // (none) No trigger on the ledger at all.
  await sql.unsafe(ledgerTriggers.map((t) => `alter table participation disable trigger ${t};`).join('\n'))
  const bare = await signAll('bare:')
  await sql.unsafe(ledgerTriggers.map((t) => `alter table participation enable trigger ${t};`).join('\n'))

  // (0) The statistics trigger as it was, in place of the queue, writing the rollups itself (the
  // day changes applied, not queued), for this phase only.
  await sql.unsafe(`alter table participation disable trigger participation_queue_for_stats;
    create trigger participation_counts_for_stats after insert on participation
      referencing new table as new_acts for each statement execute function stats_count_participation();
    alter function stats_add_days(jsonb) rename to stats_queue_days;
    alter function stats_apply_days(jsonb) rename to stats_add_days`)
  const before = await signAll('before:')
  await sql.unsafe(`drop trigger participation_counts_for_stats on participation;
    alter table participation enable trigger participation_queue_for_stats;
    alter function stats_add_days(jsonb) rename to stats_apply_days;
    alter function stats_queue_days(jsonb) rename to stats_add_days`)

  const direct = await signAll('direct:')
  const withJob = await withStatsJob(sql, () => signAll('job:'))
  const single = await signAll('single:', 1)

  const env = loadEnv({ SESSION_SECRET: benchSecret })
  const viaHttp = await users(warmup + perPhase, 'http:')
  const tokens = await Promise.all(viaHttp.map(async (id) => (await signSession(env, id)).token))
  const post = async (i: number) => {
    const status = await postJson(`${api.url}/api/pledge`, tokens[i], { displayName: '压测' })
    if (status !== 201) throw new Error(`pledge answered ${status}`)
  }
  await throughput(warmup, concurrency, post)
  const httpRate = await throughput(perPhase, concurrency, (i) => post(warmup + i))

  // The HTTP floor: the API's answer with no database call at all, on the same machine, for what
  // the HTTP layer alone (the load's client, the server, the session check) lets through.
  const health = async () => {
    if ((await get(`${api.url}/api/health`)).status !== 200) throw new Error('health check failed')
  }
  await throughput(warmup, concurrency, health)
  const floor = await throughput(perPhase, concurrency, health)

  const [{ count, max }] = await sql`select count(*)::int as count, max(number) as max from pledge_signatures`
  if (count !== max || count !== 6 * (warmup + perPhase)) throw new Error(`numbering broken: ${count} rows, max ${max}`)

  console.log(`pledge signing, ${concurrency} concurrent, ${perPhase} signatures per phase:`)
  console.log(`  (none) SQL function, no ledger triggers : ${bare.toFixed(0)} signatures/s`)
  console.log(`  (0) SQL function, rollups in the act    : ${before.toFixed(0)} signatures/s`)
  console.log(`  (a) vs (none) = ${(direct / bare).toFixed(2)} (target ≥ 0.9: ${direct / bare >= 0.9 ? 'met' : 'NOT met'}); (a) vs (0) = ${(direct / before).toFixed(2)}`)
  console.log(`  (a) over 1 connection: ${single.toFixed(0)} signatures/s; 16 connections = ${(direct / single).toFixed(2)}× 1`)
  printWriteRates('', 'signatures', { direct, withJob, http: httpRate }, 0.8)
  console.log(`  (c) ${httpRate.toFixed(0)} signatures/s (target ≥ 330: ${httpRate >= 330 ? 'met' : 'NOT met'})`)
  console.log(`  HTTP floor, GET /api/health (no database call): ${floor.toFixed(0)} answers/s; (c) = ${(httpRate / floor).toFixed(2)}× the floor`)

  // The job on a queue of mixed acts: ledger rows written in bulk, then counted in one run.
  await catchUp()
  const people = await users(queued / 3, 'queued:')
  await sql`insert into participation (user_id, kind, points, ref_type, ref_id)
    select u.id, k.kind, 1, 'bench', u.id::text || k.kind
    from unnest(${people}::uuid[]) u(id) cross join (values ('pledge_signed'), ('quiz_completed'), ('good_people_vote')) k(kind)`
  // ... and as many day changes as sign-ups and hand-ins queue beside their ledger rows.
  await sql`select stats_add_days(jsonb_build_array(jsonb_build_object('scope', 'community', 'group_id', stats_no_community(),
    'day', (now() at time zone 'Asia/Shanghai')::date, 'signups', 1))) from generate_series(1, ${queued / 3})`
  const started = performance.now()
  const [{ result }] = await catchUp()
  const seconds = (performance.now() - started) / 1000
  console.log(`statistics job: ${result.counted} queued acts and ${queued / 3} queued day changes counted in ${seconds.toFixed(1)} s (${(result.counted / seconds).toFixed(0)} acts/s; target ≥ 1,000)`)
})
