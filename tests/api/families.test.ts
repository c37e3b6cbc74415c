import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FamilyCard, InviteInfo, ProgressResponse, Rankings } from '../../src/shared/families'
import { Attempt, Leaderboard } from '../../src/shared/quiz'
import { startApi, type TestApi } from '../support/api'
import { answersFor } from '../support/quiz'
import { runStatsJob } from '../support/stats'

let api: TestApi
let classes: { id: string; name: string; join_code: string; school_id: string; school: string }[]

beforeAll(async () => {
  api = await startApi()
  classes = await api.sql.query(
    `select c.id, c.name, c.join_code, c.school_id, s.name as school from school_classes c join schools s on s.id = c.school_id
     order by s.sort_order, c.sort_order`,
  )
})
afterAll(() => api.close())

async function student(name: string, classIndex = 0, under14 = false) {
  const session = await api.login(name)
  const response = await api.call('POST', '/api/families/student', {
    token: session.token,
    body: { joinCode: classes[classIndex].join_code.toLowerCase(), under14 },
  })
  expect(response.status).toBe(201)
  return { ...session, card: FamilyCard.parse(response.body) }
}

const join = (token: string, code: string) => api.call('POST', '/api/families/join', { token, body: { code } })
const card = async (token: string) => FamilyCard.parse((await api.call('GET', '/api/families/me', { token })).body)

describe('students bind to a class with its code', () => {
  it('binds once, shows school and class, and gives the student role', async () => {
    const s = await student('学生甲')
    expect(s.card).toMatchObject({ role: 'student', student: { class: classes[0].name, school: classes[0].school, consented: true } })
    expect(s.card.inviteCode).toMatch(/^[A-Z0-9]{10}$/)
    const me = await api.call('GET', '/api/me', { token: s.token })
    expect(me.body.user.roles).toContain('student')
    expect(me.body.user.student).toEqual({ schoolId: classes[0].school_id, classId: classes[0].id })
    const again = await api.call('POST', '/api/families/student', { token: s.token, body: { joinCode: classes[1].join_code, under14: false } })
    expect(again.body.error.code).toBe('already_bound')
  })

  it('answers 503 for a poster when WeChat is not configured, and refuses one to non-members', async () => {
    const s = await student('海报学生')
    const response = await api.call('GET', '/api/families/me/poster', { token: s.token })
    expect(response.status).toBe(503)
    expect(response.body.error.code).toBe('poster_unavailable')
    const { token } = await api.login('没有家庭')
    expect((await api.call('GET', '/api/families/me/poster', { token })).body.error.code).toBe('invalid_invite')
  })

  it('refuses a wrong code', async () => {
    const { token } = await api.login('乱填码')
    const response = await api.call('POST', '/api/families/student', { token, body: { joinCode: 'ZZZZZZ', under14: false } })
    expect(response.status).toBe(409)
    expect(response.body.error.code).toBe('invalid_join_code')
  })
})

describe('attribution', () => {
  it('a family member is attributed to the student once: the first invitation wins', async () => {
    const a = await student('学生乙')
    const b = await student('学生丙')
    const mum = await api.login('乙妈妈')
    const info = InviteInfo.parse((await api.call('GET', `/api/families/invites/${a.card.inviteCode}`)).body)
    expect(info).toEqual({ inviter: '学生乙', inviterIsStudent: true, school: classes[0].school, class: classes[0].name })
    expect((await join(mum.token, a.card.inviteCode!)).status).toBe(201)
    const second = await join(mum.token, b.card.inviteCode!)
    expect(second.status).toBe(200)
    expect(second.body.joined).toBe(false)
    expect((await card(mum.token)).student?.nickname).toBe('学生乙')
    expect((await card(a.token)).stats).toMatchObject({ members: 1 })
    expect((await card(b.token)).stats).toMatchObject({ members: 0 })
  })

  it('a family member invites neighbours (second level), who count for the same student; neighbours invite no further', async () => {
    const s = await student('学生丁')
    const dad = await api.login('丁爸爸')
    await join(dad.token, s.card.inviteCode!)
    const neighbour = await api.login('丁家邻居')
    const dadCard = await card(dad.token)
    expect(dadCard.role).toBe('member')
    expect(dadCard.inviteCode).toMatch(/^[A-Z0-9]{10}$/)
    expect((await join(neighbour.token, dadCard.inviteCode!)).status).toBe(201)
    const neighbourCard = await card(neighbour.token)
    expect(neighbourCard).toMatchObject({ role: 'member', level: 2, inviteCode: null, student: { nickname: '学生丁' } })
    expect((await card(s.token)).stats).toMatchObject({ members: 1, neighbours: 1 })
    const [{ code }] = await api.sql.query<{ code: string }>(
      `select i.code from family_invites i join users u on u.id = i.user_id where u.nickname = '丁家邻居'`,
    )
    const friend = await api.login('邻居的朋友')
    expect((await join(friend.token, code)).body.error.code).toBe('invite_too_deep')
  })

  it('refuses a self-invite, a student joining a family, and a cycle back to the student', async () => {
    const s = await student('学生戊')
    expect((await join(s.token, s.card.inviteCode!)).body.error.code).toBe('self_invite')
    const other = await student('学生己')
    expect((await join(other.token, s.card.inviteCode!)).body.error.code).toBe('student_cannot_join')
    const grandma = await api.login('戊奶奶')
    await join(grandma.token, s.card.inviteCode!)
    // The student opens their grandmother's invitation: that would make a circle.
    expect((await join(s.token, (await card(grandma.token)).inviteCode!)).body.error.code).toBe('student_cannot_join')
    // A family member cannot then bind as a student.
    const response = await api.call('POST', '/api/families/student', { token: grandma.token, body: { joinCode: classes[0].join_code, under14: false } })
    expect(response.body.error.code).toBe('already_in_family')
  })

  it('refuses an unknown invitation', async () => {
    const { token } = await api.login('无效邀请')
    expect((await join(token, 'AAAAAAAAAA')).body.error.code).toBe('invalid_invite')
    expect((await api.call('GET', '/api/families/invites/AAAAAAAAAA')).status).toBe(409)
    expect((await api.call('GET', '/api/families/invites/bad')).status).toBe(404)
  })
})

describe('what counts', () => {
  it("a family member's pledge moves the family card and the class count exactly once, and earns the student points", async () => {
    const s = await student('学生庚', 1)
    const before = Rankings.parse((await api.call('GET', `/api/families/rankings?scope=class&schoolId=${classes[1].school_id}`)).body)
      .items.find((i) => i.id === classes[1].id)!
    const uncle = await api.login('庚舅舅')
    await join(uncle.token, s.card.inviteCode!)
    await api.call('POST', '/api/pledge', { token: uncle.token, body: { displayName: '庚舅舅' } })
    await api.call('POST', '/api/pledge', { token: uncle.token, body: { displayName: '庚舅舅' } })
    expect((await card(s.token)).stats).toEqual({ members: 1, neighbours: 0, signed: 1, acts: 1 })
    // The card is the family's own and exact at once; the class's count follows with the job.
    await runStatsJob(api)
    const after = Rankings.parse((await api.call('GET', `/api/families/rankings?scope=class&schoolId=${classes[1].school_id}`)).body)
      .items.find((i) => i.id === classes[1].id)!
    expect(after.familiesReached).toBe(before.familiesReached + 1)
    const points = (await api.call('GET', '/api/points', { token: s.token })).body
    expect(points.items.map((i: { kind: string }) => i.kind).sort()).toEqual(['family_member_joined', 'family_participated'])
    expect(points.balance).toBe(6)
  })

  it('a signature made before joining counts once at joining', async () => {
    const s = await student('学生辛', 1)
    const aunt = await api.login('辛阿姨')
    await api.call('POST', '/api/pledge', { token: aunt.token, body: { displayName: '辛阿姨' } })
    await join(aunt.token, s.card.inviteCode!)
    expect((await card(s.token)).stats).toMatchObject({ members: 1, signed: 1, acts: 0 })
  })
})

describe('consent for students under 14', () => {
  it('keeps the student out of rankings until a family member confirms as guardian', async () => {
    const classIndex = 2
    const ranking = async () =>
      Rankings.parse((await api.call('GET', `/api/families/rankings?scope=class&schoolId=${classes[classIndex].school_id}`)).body)
        .items.find((i) => i.id === classes[classIndex].id)!
    const before = await ranking()
    const child = await student('小明', classIndex, true)
    expect(child.card.student?.consented).toBe(false)
    const father = await api.login('小明爸爸')
    await join(father.token, child.card.inviteCode!)
    expect((await ranking()).students).toBe(before.students)
    const neighbour = await api.login('小明邻居')
    await join(neighbour.token, (await card(father.token)).inviteCode!)
    expect((await api.call('POST', '/api/families/consent', { token: neighbour.token })).body.error.code).toBe('not_guardian')
    const consent = await api.call('POST', '/api/families/consent', { token: father.token })
    expect(consent.status).toBe(200)
    expect(consent.body.student.consented).toBe(true)
    const after = await ranking()
    expect(after.students).toBe(before.students + 1)
    expect(after.familiesReached).toBe(before.familiesReached + 1)
  })
})

describe('rankings and privacy', () => {
  it('ranks schools and classes by families reached, naming no student', async () => {
    const schools = Rankings.parse((await api.call('GET', '/api/families/rankings?scope=school')).body)
    expect(schools.items.map((i) => i.name).sort()).toEqual(['杞县实验小学', '杞县第一初级中学'].sort())
    const reached = schools.items.map((i) => i.familiesReached)
    expect(reached).toEqual([...reached].sort((a, b) => b - a))
    const text = JSON.stringify(schools) + JSON.stringify((await api.call('GET', `/api/families/rankings?scope=class&schoolId=${classes[0].school_id}`)).body)
    expect(text).not.toMatch(/学生|小明|妈妈|爸爸/)
    expect((await api.call('GET', '/api/families/rankings?scope=class')).status).toBe(400)
  })

  it("shows organisers each class's code and progress, and exports it", async () => {
    const organizer = (await api.login('organizer')).token
    const progress = ProgressResponse.parse((await api.call('GET', '/api/families/progress', { token: organizer })).body)
    expect(progress.items).toHaveLength(classes.length)
    expect(progress.items[0].joinCode).toBe(classes[0].join_code)
    const resident = (await api.login('看进度的居民')).token
    expect((await api.call('GET', '/api/families/progress', { token: resident })).status).toBe(403)
    const file = await fetch(`${api.url}/api/families/progress.xlsx`, { headers: { authorization: `Bearer ${organizer}` } })
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toContain('spreadsheetml')
  })
})

describe('the kept counts', () => {
  it('equal the counts computed independently from the raw tables, for every class', async () => {
    await runStatsJob(api)
    const independent = await api.sql.query<{ id: string; students: number; reached: number; signed: number; acts: number }>(`
      select c.id,
        (select count(*)::int from students s where s.class_id = c.id and s.consented_at is not null) as students,
        (select count(*)::int from students s where s.class_id = c.id and s.consented_at is not null
           and exists (select 1 from family_links l where l.student_user_id = s.user_id and l.level = 1)) as reached,
        (select count(*)::int from students s where s.class_id = c.id and s.consented_at is not null
           and exists (select 1 from family_links l join pledge_signatures p on p.user_id = l.member_user_id
                       where l.student_user_id = s.user_id)) as signed,
        (select count(*)::int from students s join family_links l on l.student_user_id = s.user_id
           join participation p on p.user_id = l.member_user_id and p.created_at >= l.created_at
           where s.class_id = c.id and s.consented_at is not null) as acts
      from school_classes c`)
    for (const school of new Set(classes.map((c) => c.school_id))) {
      const ranked = Rankings.parse((await api.call('GET', `/api/families/rankings?scope=class&schoolId=${school}`)).body).items
      for (const item of ranked) {
        const expected = independent.find((row) => row.id === item.id)!
        expect({ class: item.name, students: item.students, reached: item.familiesReached }).toEqual({
          class: item.name,
          students: expected.students,
          reached: expected.reached,
        })
        expect(item.signedShare).toBeCloseTo(expected.students ? expected.signed / expected.students : 0, 3)
        expect(item.perStudent).toBeCloseTo(expected.students ? expected.acts / expected.students : 0, 2)
      }
    }
    expect(independent.some((row) => row.reached > 0 && row.acts > 0)).toBe(true)
  })
})

describe('the quiz leaderboard by school', () => {
  it("credits a consented student's quiz points to their school, and shows the student's school rank", async () => {
    const s = await student('答题的学生', 4)
    const attempt = Attempt.parse((await api.call('POST', '/api/quiz/attempts', { token: s.token })).body)
    await api.call('POST', `/api/quiz/attempts/${attempt.attemptId}/submit`, {
      token: s.token,
      body: { answers: await answersFor(api.sql, attempt) },
    })
    await runStatsJob(api)
    const board = Leaderboard.parse((await api.call('GET', '/api/quiz/leaderboard?scope=school&period=week', { token: s.token })).body)
    expect(board.items).toEqual([{ rank: 1, name: classes[4].school, score: 10 }])
    expect(board.mine).toEqual({ rank: 1, score: 10 })
    const stranger = (await api.login('不是学生')).token
    expect(Leaderboard.parse((await api.call('GET', '/api/quiz/leaderboard?scope=school', { token: stranger })).body).mine).toBeNull()
  })
})

describe('a school organiser', () => {
  it("sees the progress of their own school's classes only, and cannot act county-wide", async () => {
    const { token, user } = await api.login('实验小学老师')
    await api.sql.query(
      `insert into user_roles (user_id, role, scope_kind, scope_id) select $1, 'organizer', 'school', id from schools where name = '杞县实验小学'`,
      [user.id],
    )
    const progress = ProgressResponse.parse((await api.call('GET', '/api/families/progress', { token })).body)
    expect(progress.items.length).toBeGreaterThan(0)
    expect(new Set(progress.items.map((i) => i.school))).toEqual(new Set(['杞县实验小学']))
    const publish = await api.call('POST', '/api/activities', {
      token,
      body: { title: '越权活动', kind: 'other', location: '某处', startsAt: new Date(Date.now() + 86400_000).toISOString(), endsAt: new Date(Date.now() + 90000_000).toISOString(), capacity: 5 },
    })
    expect(publish.status).toBe(403)
  })
})
