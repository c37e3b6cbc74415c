// `npm run bench:families`: the 小手牵大手 rankings at county scale (60 schools, 40,000 students,
// 120,000 family members, 2,000,000 ledger rows) on a real PostgreSQL server: p50/p95 of the
// school ranking, a school's class ranking and a student's family card. Target: p95 ≤ 20 ms.
import { benchOnPostgres, latency } from './lib/bench'

const schools = 60
const classesPerSchool = 20
const students = Number(process.env.BENCH_STUDENTS ?? 40_000)
const members = students * 3
const ledgerRows = Number(process.env.BENCH_LEDGER_ROWS ?? 2_000_000)
const calls = 200

benchOnPostgres(async ({ sql }) => {
  const started = performance.now()
  await sql.unsafe(`
    insert into schools (name) select '压测学校' || g from generate_series(1, ${schools}) g;
    insert into school_classes (school_id, name) select s.id, c || '班' from schools s, generate_series(1, ${classesPerSchool}) c
      where s.name like '压测学校%';
    create temporary table bench_classes as select row_number() over () as n, id, school_id from school_classes;
    insert into users (openid, nickname) select 'student:' || g, '学生' || g from generate_series(1, ${students}) g;
    insert into students (user_id, school_id, class_id, under_14, consented_at)
      select u.id, c.school_id, c.id, false, now()
      from (select id, row_number() over () as n from users where openid like 'student:%') u
      join bench_classes c on c.n = 1 + u.n % (select count(*) from bench_classes);
    insert into users (openid, nickname) select 'member:' || g, '家人' || g from generate_series(1, ${members}) g;
    -- Three a student: two family members (level 1) and a neighbour (level 2).
    insert into family_links (member_user_id, inviter_user_id, student_user_id, level)
      select m.id, s.user_id, s.user_id, case when m.n % 3 = 0 then 2 else 1 end
      from (select id, row_number() over () as n from users where openid like 'member:%') m
      join (select user_id, row_number() over () as n from students) s on s.n = 1 + (m.n - 1) / 3;
    -- Loaded without the ledger's triggers (the family counts below, the dashboard's rollups unused here).
    alter table participation disable trigger user;
    insert into participation (user_id, kind, points, ref_type, ref_id)
      select l.member_user_id, 'quiz_completed', 2, 'bench', g::text
      from generate_series(1, ${ledgerRows}) g
      join (select member_user_id, row_number() over () as n from family_links) l on l.n = 1 + (g::bigint * 7919) % ${members};
    alter table participation enable trigger user;
    -- The counts the triggers keep, computed once for the loaded rows.
    insert into family_stats (student_user_id, members, neighbours, signed, acts)
      select s.user_id,
             count(*) filter (where l.level = 1), count(*) filter (where l.level = 2),
             count(*) filter (where l.level = 1 and l.member_user_id::text < '8'),
             coalesce(sum((select count(*) from participation p where p.user_id = l.member_user_id)), 0)
      from students s left join family_links l on l.student_user_id = s.user_id group by s.user_id;
    delete from class_family_stats;
    insert into class_family_stats (class_id, school_id, students, reached, signed_families, acts)
      select s.class_id, s.school_id, count(*), count(*) filter (where f.members > 0), count(*) filter (where f.signed > 0), sum(f.acts)
      from students s join family_stats f on f.student_user_id = s.user_id where s.consented_at is not null group by 1, 2;`)
  await sql.unsafe('vacuum analyze')
  console.log(`generated ${schools} schools, ${students.toLocaleString()} students, ${members.toLocaleString()} family members, ${ledgerRows.toLocaleString()} ledger rows in ${((performance.now() - started) / 1000).toFixed(1)} s`)

  const schoolIds = (await sql<{ id: string }[]>`select id from schools where name like '压测学校%'`).map((r) => r.id)
  const studentIds = (await sql<{ user_id: string }[]>`select user_id from students order by random() limit ${calls}`).map((r) => r.user_id)
  const results = {
    'school ranking': await latency(calls, () => sql`select api_family_rankings(p_scope => 'school', p_school_id => null)`),
    'class ranking': await latency(calls, (i) => sql`select api_family_rankings(p_scope => 'class', p_school_id => ${schoolIds[i % schools]})`),
    'family card': await latency(calls, (i) => sql`select api_family_card(p_user_id => ${studentIds[i]})`),
  }
  let worst = 0
  for (const [name, { p50, p95 }] of Object.entries(results)) {
    worst = Math.max(worst, p95)
    console.log(`  ${name.padEnd(15)} p50 ${p50.toFixed(2)} ms  p95 ${p95.toFixed(2)} ms`)
  }
  console.log(`  worst p95 ${worst.toFixed(2)} ms (target ≤ 20 ms: ${worst <= 20 ? 'met' : 'NOT met'})`)
}, { shared_buffers: '256MB' })
