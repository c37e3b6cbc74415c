// Organisers in scopes, and fresh resources to act on, for the roles and scope tests. Resources
// are written straight into the database (the quickest way to a round whose voting is over, or a
// running 公示 with an objection); each helper makes a new one, so a test can spend it.
import { randomBytes, randomUUID } from 'node:crypto'
import type { ScopeKind } from '../../src/shared/account'
import type { TestApi } from './api'

export async function idOf(api: TestApi, table: 'communities' | 'schools' | 'units', name: string) {
  const [row] = await api.sql.query<{ id: string }>(`select id from ${table} where name = $1`, [name])
  if (!row) throw new Error(`no ${table} named ${name}`)
  return row.id
}

export async function grant(api: TestApi, userId: string, role: 'organizer' | 'admin', kind: ScopeKind, scopeId: string | null = null) {
  const [row] = await api.sql.query<{ id: number }>(
    `insert into user_roles (user_id, role, scope_kind, scope_id) values ($1, $2, $3, $4) returning id`,
    [userId, role, kind, scopeId],
  )
  return Number(row.id)
}

/** Logs someone in and grants them a role: a token and their id. */
export async function person(api: TestApi, name: string, role?: { role: 'organizer' | 'admin'; kind: ScopeKind; scopeId?: string | null }) {
  const { token, user } = await api.login(name)
  if (role) await grant(api, user.id, role.role, role.kind, role.scopeId ?? null)
  return { token, id: user.id as string }
}

const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString()
const days = (n: number) => minutes(n * 24 * 60)
let counter = 0
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`

/** A question for the import file and the bank: a stem never seen before. */
export const freshStem = () => `范围测试题目${unique()}:过马路要走斑马线吗?`

/** Fresh resources to act on; `community` is where activities and nominations belong. */
export function resources(api: TestApi, community: string) {
  const resident = () => api.login(`范围测试居民${unique()}`)

  async function round(status: 'draft' | 'open' | 'voting-over' | 'notice' | 'notice-over') {
    const times = {
      draft: [days(1), days(10), days(2), days(12), null, null],
      open: [days(-1), days(10), days(-1), days(12), null, null],
      'voting-over': [days(-10), days(-5), days(-9), days(-1), null, null],
      notice: [days(-10), days(-5), days(-9), days(-2), days(-1), days(6)],
      'notice-over': [days(-20), days(-15), days(-19), days(-10), days(-9), days(-1)],
    }[status]
    const [row] = await api.sql.query<{ id: string }>(
      `insert into selection_rounds (title, status, nominate_from, nominate_until, vote_from, vote_until, notice_starts_at, notice_ends_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
      [`范围测试评选${unique()}`, status === 'voting-over' ? 'open' : status === 'notice-over' ? 'notice' : status, ...times],
    )
    return row.id
  }

  async function nomination(roundId: string, status: 'pending' | 'approved', honoured = false) {
    const [row] = await api.sql.query<{ id: string }>(
      `insert into nominations (round_id, nominee_name, category, community_id, story, status, honoured)
       values ($1, $2, '助人为乐', $3, '范围测试用的推荐事迹,写满二十个字以上,讲的是帮助邻居的好事。', $4, $5) returning id`,
      [roundId, `好人${unique()}`.slice(0, 20), community, status, honoured],
    )
    return row.id
  }

  return {
    /** An activity of the community, starting in 10 minutes (the door is open), 2 hours long. */
    async activity(scope: { communityId?: string | null; unitId?: string | null } = { communityId: community }) {
      const [row] = await api.sql.query<{ id: string }>(
        `insert into activities (title, kind, location, starts_at, ends_at, capacity, hours, community_id, unit_id)
         values ($1, 'volunteer', '范围测试地点', $2, $3, 10, 1, $4, $5) returning id`,
        [`范围测试活动${unique()}`, minutes(10), minutes(130), scope.communityId ?? null, scope.unitId ?? null],
      )
      return row.id
    },
    /** A resident's confirmed sign-up: its id and the ticket the door scans. */
    async signup(activityId: string) {
      const { token, user } = await resident()
      const response = await api.call('POST', `/api/activities/${activityId}/signup`, { token, body: { seats: 1 } })
      if (response.status !== 201) throw new Error(`signup failed: ${response.status} ${JSON.stringify(response.body)}`)
      const [row] = await api.sql.query<{ id: string; ticket: string }>(
        `select id, ticket from activity_signups where activity_id = $1 and user_id = $2`,
        [activityId, user.id],
      )
      return { signupId: row.id, ticket: row.ticket }
    },
    async question() {
      const [row] = await api.sql.query<{ id: string }>(
        `insert into quiz_questions (type, stem, options, answer_keys, explanation)
         values ('judge', $1, '[{"key":"T","text":"正确"},{"key":"F","text":"错误"}]', array['T'], '过马路要走斑马线。') returning id`,
        [freshStem()],
      )
      return row.id
    },
    /** An issued redemption code of a resident. */
    async redemption() {
      const { user } = await resident()
      const code = randomBytes(6).toString('hex').toUpperCase()
      await api.sql.query(
        `insert into reward_redemptions (code, user_id, reward_id, cost) select $1, $2, id, cost from rewards order by cost limit 1`,
        [code, user.id],
      )
      return code
    },
    round,
    nomination,
    /** A running 公示 with an open objection to its honouree. */
    async objection() {
      const roundId = await round('notice')
      const nominationId = await nomination(roundId, 'approved', true)
      const { user } = await resident()
      const [row] = await api.sql.query<{ id: string }>(
        `insert into nomination_objections (round_id, nomination_id, user_id, reason) values ($1, $2, $3, '范围测试的公示意见,需要核实。') returning id`,
        [roundId, nominationId, user.id],
      )
      return row.id
    },
    async user() {
      return (await resident()).user.id as string
    },
    /** A community organiser's role, to revoke. */
    async role() {
      const { user } = await resident()
      return grant(api, user.id, 'organizer', 'community', community)
    },
  }
}

/**
 * Every table's content (a hash per table): a refused request must leave all of them as they
 * were. The rate limiter's counters are left out: they count every well-formed request.
 */
export async function snapshot(api: TestApi) {
  const tables = await api.sql.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'r' and c.relname <> 'rate_limit_hits'`,
  )
  // One statement for all tables (a statement per table made the scope sweep several seconds slower).
  const rows = await api.sql.query<{ name: string; h: string }>(
    tables.map(({ name }) => `select '${name}' as name, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from "${name}" t`).join(' union all '),
  )
  return Object.fromEntries(rows.map((row) => [row.name, row.h]))
}

/** A multipart upload, as the mini-program sends files. */
export async function upload(api: TestApi, path: string, token: string, file: { name: string; data: string }) {
  const form = new FormData()
  form.append('file', new Blob([file.data]), file.name)
  const response = await fetch(`${api.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
  const text = await response.text()
  return { status: response.status, body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null }
}

/** One question in the import template (CSV as Excel writes it). */
export const questionFile = (stem = freshStem()) => ({
  name: '题目.csv',
  data: [
    ['题型', '题干', '选项A', '选项B', '答案', '解析', '难度', '文章'],
    ['判断', stem, '', '', '对', '过马路要走斑马线,这是交通安全的基本要求。', '1', ''],
  ].map((row) => row.map((cell) => `"${cell}"`).join(',')).join('\r\n') + '\r\n',
})

export const randomId = () => randomUUID()
