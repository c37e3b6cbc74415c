// `npm run bench:votes`: 身边好人 点赞 and the lists people read while voting, on a real
// PostgreSQL server. First votes per second on one hot nomination, (a) calling the SQL function
// directly over 16 connections, (b) the same with the statistics job alongside and (c) through
// the HTTP API with 16 concurrent clients, in the same run; then checks that each count kept on
// the row matches its votes.
// Then, at county scale (100,000 approved nominations, 5,000,000 votes), p50/p95 over HTTP of a
// round's list by votes (first page and pages reached by nextCursor), newest first, one category
// by votes, and one nomination's page. Targets: c/a ≥ 0.7 at 16 clients (issue 14), counts exact,
// read p95 ≤ 20 ms.
import { loadEnv } from '../api/_lib/env'
import { signSession } from '../api/_lib/session'
import { benchOnPostgres, benchSecret, get, latency, postJson, printWriteRates, throughput, withStatsJob } from './lib/bench'

// Production needs the message-push token too (scripts/lib/bench.ts does not set it yet); the
// bench never receives a push. Its 16 clients stand for 16 residents but share one address, whose
// write limit (300 a minute) would refuse most votes: the limiter still counts every vote, at a
// scale that lets them through.
process.env.WECHAT_PUSH_TOKEN ??= 'bench'
process.env.RATE_LIMIT_SCALE ??= '1000'

const concurrency = 16
const perPhase = Number(process.env.BENCH_VOTE_CALLS ?? 3000)
const nominations = Number(process.env.BENCH_NOMINATIONS ?? 100_000)
const pastNominations = Math.floor(nominations / 10) // in an earlier, published round
const votes = Number(process.env.BENCH_VOTES ?? 5_000_000)
const voters = Number(process.env.BENCH_VOTERS ?? 200_000)
const communities = 20
const calls = 300

// Each voter votes once a day, on consecutive past days: voters × days must cover the votes, and
// the days stay within the round's cap of 30 votes.
const days = Math.ceil(votes / voters)
if (days > 30) throw new Error(`BENCH_VOTES / BENCH_VOTERS must be ≤ 30 (a voter's votes in a round), is ${days}`)

/** GETs with a Bearer token; resolves to the parsed answer, throwing unless 200. */
async function getJson<T>(url: string, token: string): Promise<T> {
  const { status, body } = await get(url, token)
  if (status !== 200) throw new Error(`GET ${url} answered ${status}: ${body.toString().slice(0, 200)}`)
  return JSON.parse(body.toString()) as T
}

type Page = { items: { id: string; votes: number }[]; nextCursor: string | null }

benchOnPostgres(async ({ sql, api }) => {
  const env = loadEnv({ SESSION_SECRET: benchSecret })
  const token = async (id: string) => (await signSession(env, id)).token

  // ------------------------------------------------------------ votes on one hot nomination
  const [{ id: community }] = await sql<{ id: string }[]>`insert into communities (name) values ('压测社区') returning id`
  const [{ id: round }] = await sql<{ id: string }[]>`insert into selection_rounds
      (title, status, nominate_from, nominate_until, vote_from, vote_until)
    values ('点赞压测', 'open', now() - interval '1 day', now() + interval '1 day', now() - interval '1 day', now() + interval '2 days')
    returning id`
  const nomination = async (name: string) =>
    (await sql<{ id: string }[]>`insert into nominations (round_id, nominee_name, category, community_id, story, status)
      values (${round}, ${name}, '助人为乐', ${community}, ${'多年来义务照顾孤寡老人,风雨无阻,邻里有口皆碑。'.repeat(3)}, 'approved')
      returning id`)[0].id
  const users = async (prefix: string) =>
    (await sql<{ id: string }[]>`insert into users (openid, nickname, created_at)
      select ${prefix} || g, ${prefix} || g, now() - interval '2 days' from generate_series(1, ${perPhase}) g returning id`).map((r) => r.id)

  const voteAll = async (id: string, prefix: string) => {
    const ids = await users(prefix)
    return throughput(perPhase, concurrency, (i) => sql`select api_nomination_vote(p_user_id => ${ids[i]}, p_nomination_id => ${id})`)
  }
  const direct = await nomination('直连压测')
  const directRate = await voteAll(direct, 'direct:')
  const alongside = await nomination('统计同时压测')
  const withJob = await withStatsJob(sql, () => voteAll(alongside, 'job:'))

  const overHttp = await nomination('接口压测')
  const httpUsers = await users('http:')
  const tokens = await Promise.all(httpUsers.map(token))
  const httpRate = await throughput(perPhase, concurrency, async (i) => {
    const status = await postJson(`${api.url}/api/nominations/${overHttp}/votes`, tokens[i], {})
    if (status !== 201) throw new Error(`vote answered ${status}`)
  })

  for (const [name, id] of [['direct', direct], ['with the job', alongside], ['http', overHttp]]) {
    const [row] = await sql<{ vote_count: number; rows: number }[]>`select n.vote_count,
        (select count(*)::int from nomination_votes v where v.nomination_id = n.id) as rows
      from nominations n where n.id = ${id}`
    if (row.vote_count !== perPhase || row.rows !== perPhase) throw new Error(`${name}: counts broken ${JSON.stringify(row)}`)
    console.log(`  ${name}: vote_count ${row.vote_count}, ${row.rows} vote rows, ${perPhase} votes cast`)
  }
  printWriteRates(`点赞, one hot nomination, ${concurrency} concurrent, ${perPhase} votes per phase (counts exact):`, 'votes', { direct: directRate, withJob, http: httpRate }, 0.7)

  // ------------------------------------------------------------ reads at county scale
  const started = performance.now()
  await sql.unsafe(`
    insert into communities (name) select '压测社区' || g from generate_series(1, ${communities}) g;
    -- The round being voted on (its voting opened ${days + 1} days ago), and an earlier, published one.
    insert into selection_rounds (title, status, nominate_from, nominate_until, vote_from, vote_until, created_at)
      values ('读取压测', 'open', now() - interval '40 days', now() + interval '1 day', now() - interval '${days + 1} days',
              now() + interval '2 days', now() - interval '41 days');
    insert into selection_rounds (title, status, nominate_from, nominate_until, vote_from, vote_until,
                                  notice_starts_at, notice_ends_at, published_at, created_at)
      values ('往期压测', 'published', now() - interval '140 days', now() - interval '100 days', now() - interval '130 days',
              now() - interval '95 days', now() - interval '94 days', now() - interval '87 days', now() - interval '86 days',
              now() - interval '141 days');
    insert into users (openid, nickname, created_at)
      select 'voter:' || g, '居民' || g, now() - interval '200 days' from generate_series(1, ${voters}) g;
    create temporary table bench_rounds as select id, title, vote_until from selection_rounds where title in ('读取压测', '往期压测');
    create temporary table bench_communities as select row_number() over (order by id) as n, id from communities where name like '压测社区_%';
    create temporary table bench_users as select row_number() over (order by id) as n, id from users where openid like 'voter:%';
    insert into nominations (round_id, nominator_id, nominee_name, category, community_id, story, status, created_at, reviewed_at)
      select r.id, u.id, (array['王', '李', '张', '刘', '陈', '杨', '赵', '黄'])[1 + g % 8] || '某' || g,
             (array['助人为乐', '见义勇为', '诚实守信', '敬业奉献', '孝老爱亲'])[1 + g % 5], c.id,
             repeat('他几十年如一日照顾邻居,义务修理水电,从不收取分文。', 1 + g % 4), 'approved',
             case when g <= ${nominations} then now() - interval '40 days' + g * interval '1 second' * (${(39 * 86400) / nominations})
                  else now() - interval '140 days' + g * interval '1 second' end,
             now() - interval '1 day'
      from generate_series(1, ${nominations + pastNominations}) g
      join bench_rounds r on r.title = case when g <= ${nominations} then '读取压测' else '往期压测' end
      join bench_communities c on c.n = 1 + g % ${communities}
      join bench_users u on u.n = 1 + (g * 7919) % ${voters};
    update nominations set honoured = true
      where round_id = (select id from bench_rounds where title = '往期压测') and nominee_name like '王%' and random() < 0.1;
    create temporary table bench_nominations as
      select row_number() over (order by r.title = '往期压测', random()) as n, n.id, n.round_id, r.vote_until
      from nominations n join bench_rounds r on r.id = n.round_id;
    -- Voter k votes on consecutive days (one vote a day, so never twice on a story a day), the
    -- stories skewed so that a few draw thousands of votes and most a few dozen. The counts kept
    -- on the rows are computed once below; skipping the foreign-key triggers for the load.
    set session_replication_role = replica;
    set work_mem = '256MB';
    insert into nomination_votes (round_id, nomination_id, user_id, local_day, new_account, created_at)
      select n.round_id, n.id, u.id, (t at time zone 'Asia/Shanghai')::date, false, t
      from generate_series(0, ${votes - 1}) g
      join bench_users u on u.n = 1 + g % ${voters}
      join bench_nominations n on n.n = 1 + floor(${nominations + pastNominations} * power(((g::bigint * 7919) % 1000003) / 1000003.0, 2))::int
      cross join lateral (select least(now(), n.vote_until) - (g / ${voters}) * interval '1 day'
                                 - (g % ${voters} % 36000) * interval '1 second' as t) at_time
      order by n.id;
    reset session_replication_role;
    reset work_mem;
    update nominations n set vote_count = c.votes
      from (select nomination_id, count(*)::int as votes from nomination_votes group by 1) c
      where n.id = c.nomination_id and n.round_id in (select id from bench_rounds);`)
  await sql.unsafe('vacuum analyze')
  const [counts] = await sql<{ nominations: number; votes: number; mismatched: number }[]>`select
      (select count(*)::int from nominations) as nominations, (select count(*)::int from nomination_votes) as votes,
      (select count(*)::int from nominations n where n.vote_count <> (select count(*) from nomination_votes v where v.nomination_id = n.id)) as mismatched`
  if (counts.mismatched !== 0) throw new Error(`${counts.mismatched} nominations' vote_count differ from their votes`)
  console.log(`generated ${counts.nominations.toLocaleString()} nominations (${nominations.toLocaleString()} in the open round), ${counts.votes.toLocaleString()} votes by ${voters.toLocaleString()} voters in ${((performance.now() - started) / 1000).toFixed(1)} s`)

  const [{ id: readRound }] = await sql<{ id: string }[]>`select id from selection_rounds where title = '读取压测'`
  const readers = await Promise.all(
    (await sql<{ id: string }[]>`select id from users where openid like 'voter:%' order by random() limit ${calls}`).map((r) => token(r.id)),
  )
  const detailIds = (await sql<{ id: string }[]>`select id from nominations where round_id = ${readRound} order by random() limit ${calls}`).map((r) => r.id)
  const page = (query: string, i: number) => getJson<Page>(`${api.url}/api/nominations?roundId=${readRound}&${query}`, readers[i % calls])

  // Cursors of pages 2–6, reached from the first page by nextCursor; and of five pages from the
  // middle of the list, where many stories share a vote count.
  const follow = async (first: string) => {
    const cursors: string[] = []
    let cursor: string | null = first
    while (cursor && cursors.length < 5) {
      cursors.push(cursor)
      cursor = (await page(`sort=votes&cursor=${encodeURIComponent(cursor)}`, 0)).nextCursor
    }
    return cursors
  }
  const topCursors = await follow((await page('sort=votes', 0)).nextCursor!)
  const [middle] = await sql<{ vote_count: number; id: string }[]>`select vote_count, id from nominations
    where round_id = ${readRound} and status = 'approved' order by vote_count desc, id desc offset ${Math.floor(nominations / 2)} limit 1`
  const middleCursors = await follow(`${middle.vote_count}_${middle.id}`)

  const category = encodeURIComponent('孝老爱亲')
  const results = {
    'by votes, page 1': await latency(calls, (i) => page('sort=votes', i)),
    'by votes, pages 2–6': await latency(calls, (i) => page(`sort=votes&cursor=${encodeURIComponent(topCursors[i % topCursors.length])}`, i)),
    [`by votes, at #${Math.floor(nominations / 2).toLocaleString()}`]: await latency(calls, (i) =>
      page(`sort=votes&cursor=${encodeURIComponent(middleCursors[i % middleCursors.length])}`, i),
    ),
    'newest, page 1': await latency(calls, (i) => page('sort=new', i)),
    'category by votes': await latency(calls, (i) => page(`categoryId=${category}&sort=votes`, i)),
    'one nomination': await latency(calls, (i) => getJson(`${api.url}/api/nominations/${detailIds[i]}`, readers[i])),
  }
  let worst = 0
  for (const [name, { p50, p95 }] of Object.entries(results)) {
    worst = Math.max(worst, p95)
    console.log(`  ${name.padEnd(22)} p50 ${p50.toFixed(2)} ms  p95 ${p95.toFixed(2)} ms${p95 <= 20 ? '' : '  (over 20 ms)'}`)
  }
  console.log(`  worst p95 ${worst.toFixed(2)} ms (target ≤ 20 ms: ${worst <= 20 ? 'met' : 'NOT met'})`)
}, { shared_buffers: '512MB' })
