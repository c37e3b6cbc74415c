import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  FullNomination,
  HonoursResponse,
  MyNominationsResponse,
  NominationResponse,
  NominationsResponse,
  ObjectionsResponse,
  Round,
  RoundsResponse,
  VoteResponse,
} from '../../src/shared/good-people'
import { startApi, type TestApi } from '../support/api'
import { approvedNomination, nominate, openRound, photoWithLocation, setRoundTimes, story, uploadPhoto } from '../support/good-people'

let api: TestApi
let organizer: string

beforeAll(async () => {
  api = await startApi()
  organizer = (await api.login('organizer')).token
})
afterAll(() => api.close())

describe('the contract in api.md', () => {
  it('nominate in the current round by category id, vote, review — with the documented shapes', async () => {
    const { token } = await api.login('按文档推荐')
    const categories = await api.call('GET', '/api/nominations/categories')
    expect(categories.status).toBe(200)
    expect(categories.body.items).toContainEqual({ id: '助人为乐', name: '助人为乐' })
    const created = await api.call('POST', '/api/nominations', {
      token,
      body: { categoryId: categories.body.items[0].id, nomineeName: '周明', story },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ id: expect.any(String), status: 'pending' })
    const queue = await api.call('GET', '/api/nominations/review-queue', { token: organizer })
    expect(queue.body.items.map((n: { id: string }) => n.id)).toContain(created.body.id)
    expect((await api.call('POST', `/api/nominations/${created.body.id}/review`, { token: organizer, body: { decision: 'approve' } })).status).toBe(200)

    const listed = await api.call('GET', `/api/nominations?categoryId=${encodeURIComponent(categories.body.items[0].id)}`)
    const item = listed.body.items.find((n: { id: string }) => n.id === created.body.id)
    expect(item).toMatchObject({ votes: 0, categoryId: categories.body.items[0].id })
    expect(listed.body).toHaveProperty('nextCursor')
    const voted = await api.call('POST', `/api/nominations/${created.body.id}/votes`, { token })
    expect(voted.status).toBe(201)
    expect(voted.body.votes).toBe(1)
    expect((await api.call('GET', `/api/nominations/${created.body.id}`)).body.nomination.votes).toBe(1)
    expect((await api.call('GET', '/api/nominations/mine', { token })).body.items[0]).toMatchObject({ id: created.body.id, status: 'approved' })
    const rejected = (await api.call('POST', '/api/nominations', { token, body: { categoryId: '见义勇为', nomineeName: '另一位', story } })).body
    expect((await api.call('POST', `/api/nominations/${rejected.id}/review`, { token: organizer, body: { decision: 'reject' } })).status).toBe(200)
  })
})

describe('rounds', () => {
  it('starts as a draft only organisers see, with the default categories, and opens', async () => {
    const { token } = await api.login('看评选')
    const created = await api.call('POST', '/api/selections', {
      token: organizer,
      body: { title: '五好文明家庭 2027', nominateFrom: new Date().toISOString(), nominateUntil: '2027-03-01T00:00:00+08:00', voteFrom: '2027-03-01T00:00:00+08:00', voteUntil: '2027-03-15T00:00:00+08:00' },
    })
    expect(created.status).toBe(201)
    const draft = Round.parse(created.body)
    expect(draft).toMatchObject({ status: 'draft', phase: 'draft', categories: ['助人为乐', '见义勇为', '诚实守信', '敬业奉献', '孝老爱亲'] })
    expect((await api.call('GET', `/api/selections/${draft.id}`, { token })).status).toBe(404)
    expect(RoundsResponse.parse((await api.call('GET', '/api/selections', { token })).body).items.map((r) => r.id)).not.toContain(draft.id)
    const opened = Round.parse((await api.call('POST', `/api/selections/${draft.id}/open`, { token: organizer })).body)
    expect(opened).toMatchObject({ status: 'open', phase: 'nominating', nominationOpen: true, votingOpen: false })
    expect(RoundsResponse.parse((await api.call('GET', '/api/selections', { token })).body).items.map((r) => r.id)).toContain(draft.id)
  })

  it('refuses residents (403), windows out of order and caps out of range (400)', async () => {
    const { token } = await api.login('想办评选')
    const body = { title: '评选', nominateFrom: '2027-01-01T00:00:00+08:00', nominateUntil: '2027-01-10T00:00:00+08:00', voteFrom: '2027-01-10T00:00:00+08:00', voteUntil: '2027-01-20T00:00:00+08:00' }
    expect((await api.call('POST', '/api/selections', { token, body })).status).toBe(403)
    for (const bad of [{ nominateUntil: '2026-12-01T00:00:00+08:00' }, { voteUntil: '2027-01-05T00:00:00+08:00' }, { dailyVoteCap: 0 }, { dailyVoteCap: 50, roundVoteCap: 10 }, { title: '' }]) {
      const response = await api.call('POST', '/api/selections', { token: organizer, body: { ...body, ...bad } })
      expect(response.status, JSON.stringify(bad)).toBe(400)
      expect(response.body.error.code).toBe('invalid_request')
    }
  })

  it('refuses every illegal transition of a round', async () => {
    const round = await openRound(api, organizer)
    const nomination = await approvedNomination(api, organizer, (await api.login('推荐人甲')).token, round.id)
    const post = (step: string, body?: unknown) => api.call('POST', `/api/selections/${round.id}/${step}`, { token: organizer, body })
    // open → open, open → publish, open → notice while voting runs.
    expect((await post('open')).body.error.code).toBe('illegal_transition')
    expect((await post('publish')).body.error.code).toBe('illegal_transition')
    expect((await post('notice', { nominationIds: [nomination.id] })).body.error.code).toBe('illegal_transition')
    await setRoundTimes(api, round.id, { voteUntil: -1 })
    // Honourees must be approved nominations of this round.
    expect((await post('notice', { nominationIds: [crypto.randomUUID()] })).status).toBe(400)
    const notice = await post('notice', { nominationIds: [nomination.id] })
    expect(notice.status).toBe(200)
    expect(Round.parse(notice.body)).toMatchObject({ status: 'notice', phase: 'notice', noticeOpen: true })
    // notice → notice, notice → open, publish before the notice period ends, categories or times once public.
    expect((await post('notice', { nominationIds: [nomination.id] })).body.error.code).toBe('illegal_transition')
    expect((await post('open')).body.error.code).toBe('illegal_transition')
    expect((await post('publish')).body.error.code).toBe('illegal_transition')
    const edit = await api.call('PATCH', `/api/selections/${round.id}`, { token: organizer, body: { title: '改名' } })
    expect(edit.body.error.code).toBe('round_not_editable')
    await setRoundTimes(api, round.id, { noticeEnds: -1 })
    expect(Round.parse((await post('publish')).body)).toMatchObject({ status: 'published', phase: 'published' })
    expect((await post('publish')).body.error.code).toBe('illegal_transition')
    expect((await post('open')).body.error.code).toBe('illegal_transition')
  })

  it('changes categories only in a draft', async () => {
    const round = await openRound(api, organizer)
    const response = await api.call('PATCH', `/api/selections/${round.id}`, { token: organizer, body: { categories: ['道德标兵'] } })
    expect(response.status).toBe(409)
    expect(response.body.error.code).toBe('round_not_editable')
    const later = await api.call('PATCH', `/api/selections/${round.id}`, { token: organizer, body: { nominateUntil: new Date(Date.now() + 30 * 3600_000).toISOString() } })
    expect(later.status).toBe(200)
  })
})

describe('nominating and review', () => {
  it('takes a nomination into the review queue; only approval makes it public, with the name masked and no contact', async () => {
    const round = await openRound(api, organizer)
    const { token } = await api.login('热心居民')
    const created = await nominate(api, token, round.id)
    expect(created.status).toBe(201)
    const nomination = FullNomination.parse(created.body)
    expect(nomination).toMatchObject({ status: 'pending', nomineeName: '王秀英', contact: '13800001111' })

    const anonymous = await api.call('GET', `/api/nominations/${nomination.id}`)
    expect(anonymous.status).toBe(404)
    const listBefore = NominationsResponse.parse((await api.call('GET', `/api/nominations?roundId=${round.id}`)).body)
    expect(listBefore.items).toHaveLength(0)

    const queue = (await api.call('GET', `/api/nominations/review-queue?roundId=${round.id}`, { token: organizer })).body
    expect(queue.items.map((n: FullNomination) => n.id)).toContain(nomination.id)
    expect((await api.call('GET', `/api/nominations/review-queue?roundId=${round.id}`, { token })).status).toBe(403)

    await api.call('POST', `/api/nominations/${nomination.id}/review`, { token: organizer, body: { decision: 'approve' } })
    const list = await api.call('GET', `/api/nominations?roundId=${round.id}`)
    const text = JSON.stringify(list.body)
    expect(text).not.toContain('王秀英')
    expect(text).not.toContain('13800001111')
    expect(text).not.toContain('热心居民')
    const item = NominationsResponse.parse(list.body).items[0]
    expect(item).toMatchObject({ id: nomination.id, nomineeName: '王*', story, votes: 0 })
    const single = NominationResponse.parse((await api.call('GET', `/api/nominations/${nomination.id}`, { token })).body)
    expect(single.view).toBe('public')
    expect(JSON.stringify(single)).not.toContain('13800001111')
  })

  it('refuses a story too short or too long, a category outside the round, and nominating outside the window', async () => {
    const round = await openRound(api, organizer)
    const { token } = await api.login('写事迹')
    expect((await nominate(api, token, round.id, { story: '太短了' })).status).toBe(400)
    expect((await nominate(api, token, round.id, { story: '好'.repeat(801) })).status).toBe(400)
    expect((await nominate(api, token, round.id, { categoryId: '最美厨师' })).body.error.code).toBe('invalid_request')
    expect((await nominate(api, token, round.id, { communityId: crypto.randomUUID() })).body.error.code).toBe('community_not_found')
    await setRoundTimes(api, round.id, { voteUntil: -1 })
    expect((await nominate(api, token, round.id)).body.error.code).toBe('nomination_closed')
    const stored = await api.sql.query('select count(*)::int as n from nominations where round_id = $1', [round.id])
    expect(stored[0].n).toBe(0)
  })

  it('refuses the same person twice from one nominator, and more than five a round', async () => {
    const round = await openRound(api, organizer)
    const { token } = await api.login('多推荐')
    expect((await nominate(api, token, round.id, { nomineeName: '甲' })).status).toBe(201)
    expect((await nominate(api, token, round.id, { nomineeName: '甲' })).body.error.code).toBe('already_nominated')
    for (const name of ['乙', '丙', '丁', '戊']) expect((await nominate(api, token, round.id, { nomineeName: name })).status).toBe(201)
    expect((await nominate(api, token, round.id, { nomineeName: '己' })).body.error.code).toBe('nomination_limit_reached')
  })

  it('refuses every illegal transition of a nomination, and tells the nominator why it was rejected', async () => {
    const round = await openRound(api, organizer)
    const { token } = await api.login('被拒的推荐人')
    const review = (id: string, body: unknown) => api.call('POST', `/api/nominations/${id}/review`, { token: organizer, body })
    const a = (await nominate(api, token, round.id, { nomineeName: '赵一' })).body
    const b = (await nominate(api, token, round.id, { nomineeName: '赵二' })).body
    expect((await review(a.id, { decision: 'maybe' })).status).toBe(400)
    expect((await review(a.id, { decision: 'reject', note: '事迹无法核实' })).status).toBe(200)
    expect((await review(a.id, { decision: 'approve' })).body.error.code).toBe('illegal_transition')
    expect((await review(b.id, { decision: 'approve' })).status).toBe(200)
    expect((await review(b.id, { decision: 'reject', note: '改主意' })).body.error.code).toBe('illegal_transition')
    expect((await api.call('POST', `/api/nominations/${a.id}/merge`, { token: organizer, body: { intoId: b.id } })).body.error.code).toBe('illegal_transition')
    expect((await api.call('POST', `/api/nominations/${b.id}/merge`, { token: organizer, body: { intoId: b.id } })).body.error.code).toBe('illegal_transition')

    const mine = MyNominationsResponse.parse((await api.call('GET', '/api/nominations/mine', { token })).body)
    expect(mine.items.find((n) => n.id === a.id)).toMatchObject({ status: 'rejected', reviewNote: '事迹无法核实', roundTitle: round.title })
    expect(mine.items.find((n) => n.id === b.id)).toMatchObject({ status: 'approved' })
  })

  it('merges a duplicate into the kept nomination and audits a typo fix', async () => {
    const round = await openRound(api, organizer)
    const first = await approvedNomination(api, organizer, (await api.login('邻居一')).token, round.id, { nomineeName: '李建国' })
    const duplicate = (await nominate(api, (await api.login('邻居二')).token, round.id, { nomineeName: '李建国' })).body
    const merged = await api.call('POST', `/api/nominations/${duplicate.id}/merge`, { token: organizer, body: { intoId: first.id } })
    expect(FullNomination.parse(merged.body)).toMatchObject({ status: 'merged', mergedInto: first.id })

    const edited = await api.call('PATCH', `/api/nominations/${first.id}`, { token: organizer, body: { nomineeName: '李建军' } })
    expect(FullNomination.parse(edited.body).nomineeName).toBe('李建军')
    const [audit] = await api.sql.query<{ target: { before: { nomineeName: string }; after: { nomineeName: string } } }>(
      `select target from audit_log where action = 'nomination.edit' and target ->> 'nominationId' = $1`,
      [first.id],
    )
    expect(audit.target.before.nomineeName).toBe('李建国')
    expect(audit.target.after.nomineeName).toBe('李建军')
    const { token } = await api.login('想改别人的')
    expect((await api.call('PATCH', `/api/nominations/${first.id}`, { token, body: { nomineeName: 'x' } })).status).toBe(403)
  })
})

describe('votes', () => {
  it('counts a vote at once, once per story per day, within the daily and round caps', async () => {
    const round = await openRound(api, organizer, { dailyVoteCap: 3, roundVoteCap: 3 })
    const nominator = (await api.login('推荐五位')).token
    const stories = []
    for (const name of ['甲', '乙', '丙', '丁']) stories.push(await approvedNomination(api, organizer, nominator, round.id, { nomineeName: name }))
    const { token } = await api.login('点赞的人')
    const vote = (id: string) => api.call('POST', `/api/nominations/${id}/votes`, { token })
    const first = await vote(stories[0].id)
    expect(first.status).toBe(201)
    expect(VoteResponse.parse(first.body)).toMatchObject({ votes: 1, votedToday: true, myVotes: { today: 1, inRound: 1 } })
    expect((await vote(stories[0].id)).body.error.code).toBe('already_voted')
    await vote(stories[1].id)
    await vote(stories[2].id)
    const over = await vote(stories[3].id)
    expect(over.status).toBe(409)
    expect(over.body.error).toMatchObject({ code: 'vote_limit_reached', details: { scope: 'round', cap: 3 } })
    const story = NominationResponse.parse((await api.call('GET', `/api/nominations/${stories[0].id}`, { token })).body)
    expect(story.nomination).toMatchObject({ votes: 1, votedToday: true })
    expect(Round.parse((await api.call('GET', `/api/selections/${round.id}`, { token })).body).myVotes).toEqual({ today: 3, inRound: 3 })
  })

  it("pages a round's stories by votes and by time through nextCursor, each once, in the full list's order", async () => {
    const round = await openRound(api, organizer)
    const nominator = (await api.login('推荐翻页')).token
    const stories = []
    for (const name of ['子', '丑', '寅', '卯', '辰']) stories.push(await approvedNomination(api, organizer, nominator, round.id, { nomineeName: name }))
    for (const voter of ['翻页点赞一', '翻页点赞二']) {
      const { token } = await api.login(voter)
      await api.call('POST', `/api/nominations/${stories[0].id}/votes`, { token })
    }
    await api.call('POST', `/api/nominations/${stories[3].id}/votes`, { token: (await api.login('翻页点赞三')).token })
    const list = (query: string) => api.call('GET', `/api/nominations?roundId=${round.id}&${query}`)
    for (const sort of ['votes', 'new']) {
      const whole = NominationsResponse.parse((await list(`sort=${sort}&limit=100`)).body).items.map((n) => n.id)
      const paged: string[] = []
      let cursor: string | null = null
      do {
        const page = NominationsResponse.parse((await list(`sort=${sort}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).body)
        paged.push(...page.items.map((n) => n.id))
        cursor = page.nextCursor
      } while (cursor)
      expect(paged).toEqual(whole)
      expect(whole).toHaveLength(5)
    }
    // A cursor of one sort is refused by the other.
    const byVotes = NominationsResponse.parse((await list('sort=votes&limit=2')).body).nextCursor!
    expect((await list(`sort=new&cursor=${encodeURIComponent(byVotes)}`)).status).toBe(400)
  })

  it('refuses votes outside the voting window and on stories not approved', async () => {
    const round = await openRound(api, organizer, { voteFrom: new Date(Date.now() + 3600_000 * 25).toISOString() })
    const nominator = (await api.login('窗口外')).token
    const approved = await approvedNomination(api, organizer, nominator, round.id)
    const pending = (await nominate(api, nominator, round.id, { nomineeName: '未审核' })).body
    const { token } = await api.login('早到的点赞')
    expect((await api.call('POST', `/api/nominations/${approved.id}/votes`, { token })).body.error.code).toBe('voting_closed')
    expect((await api.call('POST', `/api/nominations/${pending.id}/votes`, { token })).status).toBe(404)
    expect((await api.call('POST', `/api/nominations/${approved.id}/votes`)).status).toBe(401)
  })

  it('counts votes from accounts created after voting opened apart, for organisers only', async () => {
    const round = await openRound(api, organizer)
    const nomination = await approvedNomination(api, organizer, (await api.login('老住户')).token, round.id)
    const old = await api.login('老用户')
    await api.sql.query(`update users set created_at = now() - interval '30 days' where id = $1`, [old.user.id])
    const fresh = await api.login('新注册')
    await api.call('POST', `/api/nominations/${nomination.id}/votes`, { token: old.token })
    await api.call('POST', `/api/nominations/${nomination.id}/votes`, { token: fresh.token })
    const seen = FullNomination.parse((await api.call('GET', `/api/nominations/${nomination.id}`, { token: organizer })).body.nomination)
    expect(seen).toMatchObject({ votes: 2, newAccountVotes: 1 })
    const publicView = (await api.call('GET', `/api/nominations/${nomination.id}`, { token: fresh.token })).body
    expect(publicView.nomination.newAccountVotes).toBeUndefined()
  })

  it('limits bursts: the eleventh vote within a minute answers 429 with Retry-After', async () => {
    const round = await openRound(api, organizer, { dailyVoteCap: 20, roundVoteCap: 50 })
    const { token } = await api.login('连点')
    const ids = []
    for (let i = 0; i < 11; i++) ids.push((await approvedNomination(api, organizer, (await api.login(`连推${i}`)).token, round.id)).id)
    for (const id of ids.slice(0, 10)) expect((await api.call('POST', `/api/nominations/${id}/votes`, { token })).status).toBe(201)
    const burst = await api.call('POST', `/api/nominations/${ids[10]}/votes`, { token })
    expect(burst.status).toBe(429)
    expect(burst.headers.get('retry-after')).toBe('60')
  })
})

describe('公示, objections and the honour list', () => {
  it('runs the whole round: honourees in notice, an objection upheld, then the 好人榜 without them', async () => {
    const round = await openRound(api, organizer)
    const nominator = (await api.login('公示推荐人')).token
    const kept = await approvedNomination(api, organizer, nominator, round.id, { nomineeName: '张桂兰', categoryId: '孝老爱亲' })
    const challenged = await approvedNomination(api, organizer, nominator, round.id, { nomineeName: '刘强' })
    const { token } = await api.login('知情居民')
    const object = (id: string) =>
      api.call('POST', `/api/nominations/${id}/objections`, { token, body: { reason: '此人事迹与实际情况不符,请核实。', contact: '13900002222' } })
    expect((await object(kept.id)).status).toBe(404) // not an honouree yet

    await setRoundTimes(api, round.id, { voteUntil: -1 })
    await api.call('POST', `/api/selections/${round.id}/notice`, { token: organizer, body: { nominationIds: [kept.id, challenged.id] } })
    const notice = HonoursResponse.parse((await api.call('GET', `/api/selections/${round.id}/honours`)).body)
    expect(notice.round.phase).toBe('notice')
    expect(notice.items.map((n) => n.nomineeName).sort()).toEqual(['刘*', '张*'])

    expect((await object(challenged.id)).status).toBe(201)
    expect((await object(challenged.id)).body.error.code).toBe('already_objected')
    expect((await api.call('POST', `/api/nominations/${challenged.id}/objections`, { token, body: { reason: '短' } })).status).toBe(400)

    await setRoundTimes(api, round.id, { noticeEnds: -1 })
    expect((await api.call('POST', `/api/selections/${round.id}/publish`, { token: organizer })).body.error.code).toBe('objections_open')
    const objections = ObjectionsResponse.parse((await api.call('GET', `/api/selections/${round.id}/objections`, { token: organizer })).body)
    expect(objections.items).toHaveLength(1)
    expect(objections.items[0]).toMatchObject({ status: 'open', contact: '13900002222', nomineeName: '刘强' })
    const resolve = (body: unknown) => api.call('POST', `/api/nominations/objections/${objections.items[0].id}/resolve`, { token: organizer, body })
    expect((await resolve({ outcome: 'upheld', note: '经核实情况属实,取消' })).status).toBe(200)
    expect((await resolve({ outcome: 'dismissed', note: '再处理一次' })).body.error.code).toBe('illegal_transition')

    expect((await api.call('POST', `/api/selections/${round.id}/publish`, { token: organizer })).status).toBe(200)
    const honours = HonoursResponse.parse((await api.call('GET', `/api/selections/${round.id}/honours`)).body)
    expect(honours.round.status).toBe('published')
    expect(honours.items.map((n) => n.id)).toEqual([kept.id])
    expect(JSON.stringify(honours)).not.toMatch(/张桂兰|13800001111|公示推荐人/)
    expect((await object(kept.id)).body.error.code).toBe('notice_closed')
    const audited = await api.sql.query<{ action: string }>(`select action from audit_log where target ->> 'roundId' = $1 order by id`, [round.id])
    expect(audited.map((a) => a.action)).toEqual(['round.create', 'round.open', 'round.notice', 'round.publish'])
  })
})

describe('a 公示 that loses every honouree', () => {
  it('cannot be published, and starts again with a new choice', async () => {
    const round = await openRound(api, organizer)
    const only = await approvedNomination(api, organizer, (await api.login('唯一推荐人')).token, round.id, { nomineeName: '孙一' })
    const next = await approvedNomination(api, organizer, (await api.login('另一推荐人')).token, round.id, { nomineeName: '孙二' })
    await setRoundTimes(api, round.id, { voteUntil: -1 })
    await api.call('POST', `/api/selections/${round.id}/notice`, { token: organizer, body: { nominationIds: [only.id] } })
    const { token } = await api.login('反映问题的人')
    const objection = await api.call('POST', `/api/nominations/${only.id}/objections`, { token, body: { reason: '经了解此事迹并不属实,请核实。' } })
    await api.call('POST', `/api/nominations/objections/${objection.body.id}/resolve`, { token: organizer, body: { outcome: 'upheld', note: '核实属实' } })
    await setRoundTimes(api, round.id, { noticeEnds: -1 })
    const publish = await api.call('POST', `/api/selections/${round.id}/publish`, { token: organizer })
    expect(publish.body.error).toMatchObject({ code: 'illegal_transition', message: '公示名单里已经没有好人了,请重新选定好人并公示' })
    const again = await api.call('POST', `/api/selections/${round.id}/notice`, { token: organizer, body: { nominationIds: [next.id] } })
    expect(Round.parse(again.body)).toMatchObject({ status: 'notice', noticeOpen: true })
  })
})

describe('photos', () => {
  it('re-encodes an upload without its EXIF location, and shows it with the approved story', async () => {
    const { token } = await api.login('拍照的人')
    const original = await photoWithLocation(3000, 2000)
    expect((await sharp(original).metadata()).exif).toBeDefined()
    const uploaded = await uploadPhoto(api, token, original)
    expect(uploaded.status).toBe(201)
    expect(uploaded.body).toMatchObject({ width: 1600, height: 1067, check: 'unchecked' })
    const served = await fetch(`${api.url}${uploaded.body.url}`)
    expect(served.headers.get('content-type')).toBe('image/jpeg')
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
    expect(served.headers.get('content-security-policy')).toBe("default-src 'none'")
    // Nothing but stored photos is served from the uploads folder.
    for (const path of ['/uploads/nominations/', '/uploads/note.html', `${uploaded.body.url.replace('.jpg', '.html')}`]) {
      expect((await fetch(`${api.url}${path}`)).status).toBe(404)
    }
    const stored = Buffer.from(await served.arrayBuffer())
    const metadata = await sharp(stored).metadata()
    expect(metadata.format).toBe('jpeg')
    expect(metadata.exif).toBeUndefined()

    const round = await openRound(api, organizer)
    const nomination = await approvedNomination(api, organizer, token, round.id, { photoUrls: [uploaded.body.url] })
    expect(nomination.photos.map((p) => p.id)).toEqual([uploaded.body.id])
    const publicView = NominationResponse.parse((await api.call('GET', `/api/nominations/${nomination.id}`)).body)
    expect(publicView.nomination.photos).toEqual([{ id: uploaded.body.id, url: uploaded.body.url, width: 1600, height: 1067 }])
    // A photo belongs to one nomination.
    expect((await nominate(api, token, round.id, { nomineeName: '另一位', photoUrls: [uploaded.body.url] })).status).toBe(400)
  })

  it('refuses oversize files, files that are not images, and files disguised as photos', async () => {
    const { token } = await api.login('乱传文件')
    const big = await sharp({ create: { width: 4000, height: 4000, channels: 3, background: 'white' }, })
      .raw().toBuffer()
    const oversize = await uploadPhoto(api, token, big.subarray(0, 3.5 * 1024 * 1024))
    expect(oversize.status).toBe(400)
    expect(oversize.body.error.message).toMatch(/不要超过/)
    const text = await uploadPhoto(api, token, Buffer.from('这不是图片'), 'note.txt', 'text/plain')
    expect(text.body.error.code).toBe('invalid_image')
    const disguised = await uploadPhoto(api, token, Buffer.from('<html><script>alert(1)</script></html>'), 'photo.jpg', 'image/jpeg')
    expect(disguised.status).toBe(400)
    expect(disguised.body.error.code).toBe('invalid_image')
    const svg = await uploadPhoto(api, token, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'), 'a.png', 'image/png')
    expect(svg.body.error.code).toBe('invalid_image')
    const truncated = (await photoWithLocation()).subarray(0, 200)
    expect((await uploadPhoto(api, token, truncated)).body.error.code).toBe('invalid_image')
    const rows = await api.sql.query(`select count(*)::int as n from nomination_photos p join users u on u.id = p.uploader_id where u.nickname = '乱传文件'`)
    expect(rows[0].n).toBe(0)
  })
})
