import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Announcement, AnnouncementsResponse, ManagedAnnouncement, ManageResponse, UnreadCount } from '../../src/shared/announcements'
import { startApi, type TestApi } from '../support/api'

let api: TestApi
let county: string
let places: { east: string; west: string; school: string; otherSchool: string }
let classCode: string

beforeAll(async () => {
  api = await startApi()
  county = (await api.login('organizer')).token
  const [row] = await api.sql.query<typeof places>(`select
      (select id from communities where name = '东关社区') as east,
      (select id from communities where name = '西关社区') as west,
      (select id from schools where name = '杞县实验小学') as school,
      (select id from schools where name = '杞县第一初级中学') as "otherSchool"`)
  places = row
  ;[{ join_code: classCode }] = await api.sql.query<{ join_code: string }>(
    `select c.join_code from school_classes c where c.school_id = $1 order by c.sort_order limit 1`,
    [places.school],
  )
})
afterAll(() => api.close())

/** A resident living in a community, optionally a student of 杞县实验小学. */
async function resident(name: string, communityId: string | null = null, student = false) {
  const session = await api.login(name)
  if (communityId) expect((await api.call('PATCH', '/api/me', { token: session.token, body: { communityId } })).status).toBe(200)
  if (student) {
    const bound = await api.call('POST', '/api/families/student', { token: session.token, body: { joinCode: classCode, under14: false } })
    expect(bound.status).toBe(201)
  }
  return session
}

/** An organiser of one community or school, granted the way `npm run admin -- grant` does. */
async function organizerOf(name: string, kind: 'community' | 'school', scopeId: string) {
  const session = await api.login(name)
  await api.sql.query(`insert into user_roles (user_id, role, scope_kind, scope_id) values ($1, 'organizer', $2, $3)`, [
    session.user.id,
    kind,
    scopeId,
  ])
  return session.token
}

async function create(token: string, fields: Record<string, unknown>) {
  const response = await api.call('POST', '/api/announcements', {
    token,
    body: { title: '测试公告', body: '<p>正文</p>', scopeKind: 'county', ...fields },
  })
  expect(response.status, JSON.stringify(response.body)).toBe(201)
  return ManagedAnnouncement.parse(response.body)
}

async function publish(token: string, id: string) {
  const response = await api.call('POST', `/api/announcements/${id}/publish`, { token })
  expect(response.status, JSON.stringify(response.body)).toBe(200)
  return ManagedAnnouncement.parse(response.body)
}

const announce = async (token: string, fields: Record<string, unknown>) => publish(token, (await create(token, fields)).id)

async function listIds(token?: string, query = '?limit=100') {
  const response = await api.call('GET', `/api/announcements${query}`, token ? { token } : {})
  expect(response.status).toBe(200)
  return AnnouncementsResponse.parse(response.body).items.map((item) => item.id)
}

const unread = async (token: string) => UnreadCount.parse((await api.call('GET', '/api/announcements/unread-count', { token })).body).count

const auditRows = (id: string) =>
  api.sql.query<{ action: string; actor: string; actor_user_id: string }>(
    `select action, actor, actor_user_id from audit_log where target->>'announcementId' = $1 order by id`,
    [id],
  )

describe('who sees what', () => {
  it('shows the county to all, a community to its residents, a school to its students; anonymous: the county only', async () => {
    const eastOrganizer = await organizerOf('东关组织者', 'community', places.east)
    const schoolOrganizer = await organizerOf('实小老师', 'school', places.school)
    const all = await announce(county, { title: '全县:文明城市创建动员' })
    const east = await announce(eastOrganizer, { title: '东关:周六大扫除', scopeKind: 'community', scopeId: places.east })
    const west = await announce(county, { title: '西关:停水通知', scopeKind: 'community', scopeId: places.west })
    const school = await announce(schoolOrganizer, { title: '实小:家长会', scopeKind: 'school', scopeId: places.school })
    const draft = await create(county, { title: '还没发布的草稿' })

    const eastResident = await resident('东关居民', places.east)
    const eastStudent = await resident('东关学生', places.east, true)
    const westResident = await resident('西关居民', places.west)
    const nowhere = await resident('还没选社区')

    const visible = (ids: string[]) => [all, east, west, school, draft].filter((a) => ids.includes(a.id)).map((a) => a.title)
    expect(visible(await listIds(eastResident.token))).toEqual(['全县:文明城市创建动员', '东关:周六大扫除'])
    expect(visible(await listIds(eastStudent.token))).toEqual(['全县:文明城市创建动员', '东关:周六大扫除', '实小:家长会'])
    expect(visible(await listIds(westResident.token))).toEqual(['全县:文明城市创建动员', '西关:停水通知'])
    expect(visible(await listIds(nowhere.token))).toEqual(['全县:文明城市创建动员'])
    expect(visible(await listIds())).toEqual(['全县:文明城市创建动员'])

    // Anonymous readers never get an unread mark; a signed-in resident does.
    const anonymous = AnnouncementsResponse.parse((await api.call('GET', '/api/announcements')).body)
    expect(anonymous.items.every((item) => !item.unread)).toBe(true)
    const own = AnnouncementsResponse.parse((await api.call('GET', '/api/announcements', { token: eastResident.token })).body)
    expect(own.items.find((item) => item.id === east.id)).toMatchObject({
      unread: true,
      scope: { kind: 'community', id: places.east, name: '东关社区' },
      summary: '正文',
    })

    // A draft is nobody's to open; a published one opens from a share card for anyone.
    expect((await api.call('GET', `/api/announcements/${draft.id}`, { token: eastResident.token })).status).toBe(404)
    expect((await api.call('GET', `/api/announcements/${west.id}`, { token: eastResident.token })).status).toBe(200)
  })

  it('keeps a scheduled announcement hidden until its time, and an unpublished one hidden again', async () => {
    const later = new Date(Date.now() + 3600_000).toISOString()
    const scheduled = await announce(county, { title: '定时发布的公告', publishAt: later })
    expect(scheduled.status).toBe('published')
    expect(Date.parse(scheduled.publishAt!)).toBe(Date.parse(later))
    const { token } = await resident('等公告的人')
    expect(await listIds(token)).not.toContain(scheduled.id)
    expect((await api.call('GET', `/api/announcements/${scheduled.id}`, { token })).status).toBe(404)
    const before = await unread(token)

    await api.sql.query(`update announcements set publish_at = now() - interval '1 minute' where id = $1`, [scheduled.id])
    expect(await listIds(token)).toContain(scheduled.id)
    expect(await unread(token)).toBe(before + 1)

    const down = await api.call('POST', `/api/announcements/${scheduled.id}/unpublish`, { token: county })
    expect(down.body).toMatchObject({ status: 'unpublished' })
    expect(await listIds(token)).not.toContain(scheduled.id)
    expect((await api.call('GET', `/api/announcements/${scheduled.id}`, { token })).status).toBe(404)
    expect(await unread(token)).toBe(before)
    // Taking down twice, or publishing what is up, is not a step there is.
    expect((await api.call('POST', `/api/announcements/${scheduled.id}/unpublish`, { token: county })).body.error.code).toBe('illegal_transition')
    await publish(county, scheduled.id)
    expect((await api.call('POST', `/api/announcements/${scheduled.id}/publish`, { token: county })).body.error.code).toBe('illegal_transition')
  })
})

describe('order and pages', () => {
  it('lists pinned first, then the newest, page by page without gaps or repeats', async () => {
    // A community of its own so that only these five are in it (the county's are counted around them).
    const [{ id: community }] = await api.sql.query<{ id: string }>(
      `insert into communities (name, sort_order) values ('分页社区', 99) returning id`,
    )
    const made: { id: string; pinned: boolean; minutesAgo: number }[] = []
    for (const [i, pinned] of [false, true, false, true, false].entries()) {
      const a = await announce(county, { title: `分页公告${i}`, scopeKind: 'community', scopeId: community, pinned })
      made.push({ id: a.id, pinned, minutesAgo: 10 * (i + 1) })
      await api.sql.query(`update announcements set publish_at = now() - make_interval(mins => $2) where id = $1`, [a.id, 10 * (i + 1)])
    }
    const expected = [...made].sort((a, b) => Number(b.pinned) - Number(a.pinned) || a.minutesAgo - b.minutesAgo).map((a) => a.id)
    const { token } = await resident('翻页的人', community)

    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const response = await api.call('GET', `/api/announcements?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token })
      expect(response.status).toBe(200)
      const page = AnnouncementsResponse.parse(response.body)
      expect(page.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.items.map((item) => item.id))
      cursor = page.nextCursor
      pages++
    } while (cursor && pages < 100)
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen.filter((id) => expected.includes(id))).toEqual(expected)
    // Pinned ones (any scope) come before every unpinned one.
    const pinnedFlags = AnnouncementsResponse.parse((await api.call('GET', '/api/announcements?limit=100', { token })).body).items.map((i) => i.pinned)
    expect(pinnedFlags).toEqual([...pinnedFlags].sort((a, b) => Number(b) - Number(a)))

    for (const bad of ['garbage', '1_notatime_x', `0_2026-02-31T00:00:00Z_${made[0].id}`]) {
      const response = await api.call('GET', `/api/announcements?cursor=${encodeURIComponent(bad)}`, { token })
      expect(response.status).toBe(400)
    }
  })
})

describe('unread', () => {
  it('counts the unread news of my scope and falls as I read; reading twice counts once', async () => {
    const a = await announce(county, { title: '未读一' })
    const b = await announce(county, { title: '未读二' })
    const { token } = await resident('读公告的人')
    const start = await unread(token)
    expect(start).toBeGreaterThanOrEqual(2)

    const opened = await api.call('GET', `/api/announcements/${a.id}`, { token })
    expect(opened.status).toBe(200)
    expect(Announcement.parse(opened.body)).toMatchObject({ id: a.id, body: '<p>正文</p>', unread: false })
    expect(await unread(token)).toBe(start - 1)
    await api.call('GET', `/api/announcements/${a.id}`, { token })
    expect(await unread(token)).toBe(start - 1)
    const items = AnnouncementsResponse.parse((await api.call('GET', '/api/announcements?limit=100', { token })).body).items
    expect(items.find((i) => i.id === a.id)?.unread).toBe(false)
    expect(items.find((i) => i.id === b.id)?.unread).toBe(true)

    // Old news is not unread news.
    await api.sql.query(`update announcements set publish_at = now() - interval '31 days' where id = $1`, [b.id])
    expect(await unread(token)).toBe(start - 2)

    const manage = ManageResponse.parse((await api.call('GET', '/api/announcements/manage?limit=100', { token: county })).body)
    expect(manage.items.find((i) => i.id === a.id)?.readCount).toBe(1)
  })

  it('needs a signed-in user for the count, and forgets the reads of a deleted account', async () => {
    expect((await api.call('GET', '/api/announcements/unread-count')).status).toBe(401)
    const a = await announce(county, { title: '注销前读过' })
    const { token, user } = await resident('要注销的人')
    await api.call('GET', `/api/announcements/${a.id}`, { token })
    expect(await api.sql.query('select 1 from announcement_reads where user_id = $1', [user.id])).toHaveLength(1)
    expect((await api.call('DELETE', '/api/me', { token })).status).toBe(200)
    expect(await api.sql.query('select 1 from announcement_reads where user_id = $1', [user.id])).toHaveLength(0)
  })
})

describe('sanitising', () => {
  it('keeps the allowed formatting and drops scripts, styles, frames, handlers, links and every attribute', async () => {
    const dirty = [
      '<h3 class="x" style="color:red">小标题</h3>',
      '<p onclick="alert(1)">请大家<strong>按时</strong>参加,<em>带好</em>工具,<u>注意</u>安全。<b>粗</b><i>斜</i><br>换行</p>',
      '<ul><li>第一条</li></ul><ol><li>第二条</li></ol><blockquote>引用</blockquote><h4>四级</h4>',
      '<script>window.__xss = 1</script>',
      '<style>p { display: none }</style>',
      '<iframe src="https://example.com/"></iframe>',
      '<img src="x" onerror="window.__xss = 1">',
      '<a href="javascript:alert(1)">点这里</a>',
      '<svg onload="alert(1)"><script>alert(2)</script></svg>',
      '<div onmouseover="alert(1)">普通文字</div>',
      '<p>1 &lt; 2 &amp; 3</p>',
    ].join('')
    const saved = await create(county, { title: '排版测试', body: dirty })
    expect(saved.body).toBe(
      '<h3>小标题</h3>' +
        '<p>请大家<strong>按时</strong>参加,<em>带好</em>工具,<u>注意</u>安全。<b>粗</b><i>斜</i><br />换行</p>' +
        '<ul><li>第一条</li></ul><ol><li>第二条</li></ol><blockquote>引用</blockquote><h4>四级</h4>' +
        '点这里普通文字<p>1 &lt; 2 &amp; 3</p>',
    )
    for (const gone of ['script', 'style', 'iframe', 'img', 'svg', 'onerror', 'onclick', 'onload', 'onmouseover', 'javascript:', 'href', 'class=', '__xss', 'alert']) {
      expect(saved.body).not.toContain(gone)
    }
    const [stored] = await api.sql.query<{ body: string }>('select body from announcements where id = $1', [saved.id])
    expect(stored.body).toBe(saved.body)

    // Edits are sanitised the same way.
    const edited = await api.call('PATCH', `/api/announcements/${saved.id}`, {
      token: county,
      body: { body: '<p>改过<script>alert(1)</script><strong onclick="x()">的</strong></p>' },
    })
    expect(edited.body.body).toBe('<p>改过<strong>的</strong></p>')
    expect(edited.body.title).toBe('排版测试')
  })

  it('summarises the body as plain text for lists', async () => {
    const a = await announce(county, { title: '摘要', body: '<h3>通知</h3><p>请大家<strong>按时</strong>参加</p><p>1 &lt; 2 &amp; 3</p>' })
    const items = AnnouncementsResponse.parse((await api.call('GET', '/api/announcements?limit=100')).body).items
    expect(items.find((i) => i.id === a.id)?.summary).toBe('通知 请大家按时参加 1 < 2 & 3')
  })

  it('takes only http(s) cover addresses, and refuses to publish a notice with no text', async () => {
    for (const coverUrl of ['javascript:alert(1)', 'data:image/png;base64,AAAA', 'ftp://example.com/a.jpg', '//example.com/a.jpg']) {
      const response = await api.call('POST', '/api/announcements', { token: county, body: { title: '封面', scopeKind: 'county', coverUrl } })
      expect(response.status, coverUrl).toBe(400)
    }
    expect((await create(county, { coverUrl: 'https://example.com/cover.jpg' })).coverUrl).toBe('https://example.com/cover.jpg')

    const empty = await create(county, { title: '只有标题', body: '<script>alert(1)</script>' })
    expect(empty.body).toBe('')
    const refused = await api.call('POST', `/api/announcements/${empty.id}/publish`, { token: county })
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('announcement_empty')
  })
})

describe('organisers act within their scope', () => {
  const snapshot = () =>
    api.sql.query(`select (select jsonb_agg(to_jsonb(a) order by a.id) from announcements a) as announcements,
                          (select count(*)::int from audit_log) as audits`)

  it("refuses another community's organiser (403) for create, edit, publish and unpublish, and changes nothing", async () => {
    const westOrganizer = await organizerOf('西关组织者', 'community', places.west)
    const draft = await create(county, { title: '东关的草稿', scopeKind: 'community', scopeId: places.east })
    const live = await announce(county, { title: '东关的公告', scopeKind: 'community', scopeId: places.east })
    const before = await snapshot()

    const attempts = [
      api.call('POST', '/api/announcements', { token: westOrganizer, body: { title: '越权', scopeKind: 'community', scopeId: places.east } }),
      api.call('POST', '/api/announcements', { token: westOrganizer, body: { title: '越权', scopeKind: 'county' } }),
      api.call('POST', '/api/announcements', { token: westOrganizer, body: { title: '越权', scopeKind: 'school', scopeId: places.school } }),
      api.call('PATCH', `/api/announcements/${draft.id}`, { token: westOrganizer, body: { title: '改掉' } }),
      api.call('POST', `/api/announcements/${draft.id}/publish`, { token: westOrganizer }),
      api.call('POST', `/api/announcements/${live.id}/unpublish`, { token: westOrganizer }),
    ]
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403)
      expect(response.body.error.code).toBe('forbidden')
    }
    expect(await snapshot()).toEqual(before)

    // Nor may they move their own announcement into another's scope.
    const own = await create(westOrganizer, { title: '西关的公告', scopeKind: 'community', scopeId: places.west })
    const afterOwn = await snapshot()
    const moved = await api.call('PATCH', `/api/announcements/${own.id}`, {
      token: westOrganizer,
      body: { scopeKind: 'community', scopeId: places.east },
    })
    expect(moved.status).toBe(403)
    expect(await snapshot()).toEqual(afterOwn)
  })

  it('shows each organiser their own scopes and announcements; the county organiser sees all', async () => {
    const schoolOrganizer = await organizerOf('一中老师', 'school', places.otherSchool)
    const mine = await create(schoolOrganizer, { title: '一中:运动会', scopeKind: 'school', scopeId: places.otherSchool })
    const others = await create(county, { title: '全县草稿' })

    const own = ManageResponse.parse((await api.call('GET', '/api/announcements/manage', { token: schoolOrganizer })).body)
    expect(own.scopes).toEqual([{ kind: 'school', id: places.otherSchool, name: '杞县第一初级中学' }])
    expect(own.items.map((i) => i.id)).toEqual([mine.id])
    expect(own.items[0]).toMatchObject({ status: 'draft', publishAt: null, readCount: 0 })

    const all = ManageResponse.parse((await api.call('GET', '/api/announcements/manage?limit=100', { token: county })).body)
    expect(all.scopes[0]).toEqual({ kind: 'county', id: null, name: '全县' })
    expect(all.scopes.filter((s) => s.kind === 'community').length).toBeGreaterThanOrEqual(12)
    expect(all.scopes.filter((s) => s.kind === 'school').length).toBeGreaterThanOrEqual(2)
    expect(all.items.map((i) => i.id)).toEqual(expect.arrayContaining([mine.id, others.id]))

    // Pages of the organiser's list.
    const first = ManageResponse.parse((await api.call('GET', '/api/announcements/manage?limit=1', { token: county })).body)
    expect(first.items).toHaveLength(1)
    const second = ManageResponse.parse(
      (await api.call('GET', `/api/announcements/manage?limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`, { token: county })).body,
    )
    expect(second.items[0].id).not.toBe(first.items[0].id)
    expect(Date.parse(second.items[0].createdAt)).toBeLessThanOrEqual(Date.parse(first.items[0].createdAt))

    // Residents are refused the organisers' list.
    const { token } = await resident('好奇居民')
    expect((await api.call('GET', '/api/announcements/manage', { token })).status).toBe(403)
  })

  it('refuses a scope that does not exist or does not fit its kind (400)', async () => {
    const bodies = [
      { title: '无效', scopeKind: 'community', scopeId: '00000000-0000-4000-8000-000000000000' },
      { title: '无效', scopeKind: 'community' },
      { title: '无效', scopeKind: 'county', scopeId: places.east },
      { title: '无效', scopeKind: 'school', scopeId: places.east },
      { title: '', scopeKind: 'county' },
      { title: '标'.repeat(61), scopeKind: 'county' },
    ]
    for (const body of bodies) {
      expect((await api.call('POST', '/api/announcements', { token: county, body })).status, JSON.stringify(body)).toBe(400)
    }
  })

  it('writes an audit row for each organiser action', async () => {
    const eastOrganizer = await organizerOf('东关审计员', 'community', places.east)
    const a = await create(eastOrganizer, { title: '审计公告', scopeKind: 'community', scopeId: places.east })
    await api.call('PATCH', `/api/announcements/${a.id}`, { token: eastOrganizer, body: { pinned: true, body: '<p>新正文</p>' } })
    await publish(eastOrganizer, a.id)
    await api.call('POST', `/api/announcements/${a.id}/unpublish`, { token: eastOrganizer })
    const [{ id: organizerId }] = await api.sql.query<{ id: string }>(`select id from users where openid = 'dev:东关审计员'`)
    const rows = await auditRows(a.id)
    expect(rows.map((r) => r.action)).toEqual(['announcement.create', 'announcement.edit', 'announcement.publish', 'announcement.unpublish'])
    expect(rows.every((r) => r.actor === 'api' && r.actor_user_id === organizerId)).toBe(true)
    const [edit] = await api.sql.query<{ target: Record<string, unknown> }>(
      `select target from audit_log where target->>'announcementId' = $1 and action = 'announcement.edit'`,
      [a.id],
    )
    expect(edit.target).toMatchObject({ title: '审计公告', scopeKind: 'community', scopeId: places.east, fields: ['body', 'pinned'] })
  })
})
