import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChildrenResponse, MyData } from '../../src/shared/account'
import { FamilyCard } from '../../src/shared/families'
import { PledgeResponse } from '../../src/shared/pledge'
import { startApi, type TestApi } from '../support/api'
import { approvedNomination, openRound, setRoundTimes } from '../support/good-people'

let api: TestApi
let organizer: string

beforeAll(async () => {
  api = await startApi()
  organizer = (await api.login('organizer')).token
})
afterAll(() => api.close())

const count = async (sql: string, params: unknown[] = []) => (await api.sql.query<{ n: number }>(sql, params))[0].n

/** A resident who signed, nominated, voted and took the last seat of an activity (someone waits). */
async function activeResident(name: string) {
  const session = await api.login(name)
  const { token } = session
  expect((await api.call('POST', '/api/pledge', { token, body: { displayName: name } })).status).toBe(201)
  const round = await openRound(api, organizer)
  const nomination = await approvedNomination(api, organizer, token, round.id, { nomineeName: `${name}推荐的好人`, contact: '13912345678' })
  expect((await api.call('POST', `/api/nominations/${nomination.id}/votes`, { token })).status).toBe(201)
  const start = new Date(Date.now() + 72 * 3600_000)
  const activity = await api.call('POST', '/api/activities', {
    token: organizer,
    body: { title: `${name}的活动`, kind: 'volunteer', location: '社区', capacity: 1, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3600_000).toISOString() },
  })
  expect((await api.call('POST', `/api/activities/${activity.body.id}/signup`, { token })).body.status).toBe('confirmed')
  const waiting = await api.login(`${name}的邻居`)
  expect((await api.call('POST', `/api/activities/${activity.body.id}/signup`, { token: waiting.token })).body.status).toBe('waitlisted')
  return { ...session, nomination, activityId: activity.body.id as string, waiting }
}

describe('seeing and exporting what we hold', () => {
  it('lists every section of the resident\'s data, in JSON and as a workbook', async () => {
    const resident = await activeResident('导出者')
    const data = MyData.parse((await api.call('GET', '/api/me/data', { token: resident.token })).body)
    expect(data.profile).toMatchObject({ id: resident.user.id, nickname: '导出者', openid: 'dev:导出者' })
    expect(data.pledge).toEqual([expect.objectContaining({ displayName: '导出者', number: expect.any(Number) })])
    expect(data.nominations).toEqual([expect.objectContaining({ nomineeName: '导出者推荐的好人', contact: '13912345678' })])
    expect(data.votes).toHaveLength(1)
    expect(data.activities).toEqual([expect.objectContaining({ activity: '导出者的活动', status: 'confirmed' })])
    expect(data.participation.length).toBeGreaterThanOrEqual(3)

    const response = await fetch(`${api.url}/api/me/data.xlsx`, { headers: { authorization: `Bearer ${resident.token}` } })
    expect(response.status).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never)
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['基本信息', '承诺签名', '参与记录与积分', '答题记录', '奖品兑换', '活动报名', '志愿时长', '我推荐的好人', '我的点赞', '公示意见'])
    const nominations = workbook.getWorksheet('我推荐的好人')!
    expect(nominations.getRow(2).values).toContain('13912345678')
  })

  it("names other people in the export only as the public pages do: the nominees one voted for or objected to, masked", async () => {
    const nominator = await api.login('推荐孙丽华的人')
    const round = await openRound(api, organizer)
    const story = await approvedNomination(api, organizer, nominator.token, round.id, { nomineeName: '孙丽华' })
    const voter = await api.login('点赞导出者')
    expect((await api.call('POST', `/api/nominations/${story.id}/votes`, { token: voter.token })).status).toBe(201)
    const publicName = (await api.call('GET', `/api/nominations/${story.id}`, { token: voter.token })).body.nomination.nomineeName
    expect(publicName).toBe('孙*')
    // The objection goes in during the round's 公示.
    await setRoundTimes(api, round.id, { voteUntil: -1 })
    expect((await api.call('POST', `/api/selections/${round.id}/notice`, { token: organizer, body: { nominationIds: [story.id] } })).status).toBe(200)
    const objection = { reason: '此人事迹与实际情况不符,请核实。', contact: '13900002222' }
    expect((await api.call('POST', `/api/nominations/${story.id}/objections`, { token: voter.token, body: objection })).status).toBe(201)

    const data = MyData.parse((await api.call('GET', '/api/me/data', { token: voter.token })).body)
    expect(data.votes).toEqual([expect.objectContaining({ nomineeName: publicName })])
    expect(data.objections).toEqual([expect.objectContaining({ nomineeName: publicName, contact: '13900002222' })])
    const response = await fetch(`${api.url}/api/me/data.xlsx`, { headers: { authorization: `Bearer ${voter.token}` } })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never)
    const cells = workbook.worksheets.flatMap((sheet) => sheet.getSheetValues().flat().map(String))
    expect(cells.some((cell) => cell.includes('孙丽华'))).toBe(false)
    // The nominator's own export keeps the name they typed.
    expect(MyData.parse((await api.call('GET', '/api/me/data', { token: nominator.token })).body).nominations)
      .toEqual([expect.objectContaining({ nomineeName: '孙丽华' })])
  })

  it('answers 404 for anyone else\'s data, and changes nothing', async () => {
    const owner = await api.login('别人的数据')
    const { token } = await api.login('好奇的人')
    expect((await api.call('GET', `/api/me/children/${owner.user.id}/data`, { token })).status).toBe(404)
    expect((await api.call('DELETE', `/api/me/children/${owner.user.id}`, { token })).status).toBe(404)
    expect((await api.call('GET', '/api/me', { token: owner.token })).status).toBe(200)
  })
})

describe('deleting the account', () => {
  it('anonymises the person and keeps every count: pledge number, ledger, story, votes; frees the seat', async () => {
    const resident = await activeResident('注销者')
    const pledgeBefore = PledgeResponse.parse((await api.call('GET', '/api/pledge')).body)
    const [signature] = await api.sql.query<{ number: number }>(`select number from pledge_signatures where user_id = $1`, [resident.user.id])
    const ledger = await count('select count(*)::int as n from participation')

    const deleted = await api.call('DELETE', '/api/me', { token: resident.token })
    expect(deleted.status).toBe(200)
    expect(deleted.body).toEqual({ deleted: true })
    expect((await api.call('GET', '/api/me', { token: resident.token })).status).toBe(401)

    expect(PledgeResponse.parse((await api.call('GET', '/api/pledge')).body).count).toBe(pledgeBefore.count)
    const [kept] = await api.sql.query<{ display_name: string; user_id: string | null }>(
      'select display_name, user_id from pledge_signatures where number = $1', [signature.number])
    expect(kept).toEqual({ display_name: '已注销', user_id: null })
    expect(await count('select count(*)::int as n from participation')).toBe(ledger)
    expect(await count('select count(*)::int as n from participation where user_id = $1', [resident.user.id])).toBe(0)
    const story = await api.call('GET', `/api/nominations/${resident.nomination.id}`)
    expect(story.body.nomination).toMatchObject({ status: 'approved', votes: 1 })
    const [nomination] = await api.sql.query<{ nominator_id: string | null; contact: string | null }>(
      'select nominator_id, contact from nominations where id = $1', [resident.nomination.id])
    expect(nomination).toEqual({ nominator_id: null, contact: null })
    const [user] = await api.sql.query<{ openid: string; nickname: string }>('select openid, nickname from users where id = $1', [resident.user.id])
    expect(user.nickname).toBe('已注销用户')
    expect(user.openid).not.toContain('注销者')
    // The seat went to the neighbour waiting for it.
    const neighbour = await api.call('GET', `/api/activities/${resident.activityId}`, { token: resident.waiting.token })
    expect(neighbour.body).toMatchObject({ confirmedCount: 1, waitlistCount: 0, mySignup: { status: 'confirmed' } })
    // Logging in again is a fresh start.
    const again = await api.login('注销者')
    expect(again.user.id).not.toBe(resident.user.id)
    expect((await api.call('GET', '/api/pledge', { token: again.token })).body.mine).toBeNull()
    expect(await count(`select count(*)::int as n from audit_log where action = 'account.delete' and target ->> 'userId' = $1`, [resident.user.id])).toBe(1)
  })

  it('lets a guardian export and delete the data of a child under 14, and nobody else', async () => {
    const [klass] = await api.sql.query<{ join_code: string; id: string }>('select join_code, id from school_classes order by name limit 1')
    const child = await api.login('小红')
    const bound = await api.call('POST', '/api/families/student', { token: child.token, body: { joinCode: klass.join_code, under14: true } })
    const code = FamilyCard.parse(bound.body).inviteCode!
    const mother = await api.login('小红妈妈')
    await api.call('POST', '/api/families/join', { token: mother.token, body: { code } })
    const stranger = await api.login('陌生人')
    expect((await api.call('GET', `/api/me/children/${child.user.id}/data`, { token: stranger.token })).status).toBe(404)
    expect(ChildrenResponse.parse((await api.call('GET', '/api/me/children', { token: mother.token })).body).items).toEqual([])
    await api.call('POST', '/api/families/consent', { token: mother.token })

    const children = ChildrenResponse.parse((await api.call('GET', '/api/me/children', { token: mother.token })).body)
    expect(children.items).toEqual([expect.objectContaining({ id: child.user.id, nickname: '小红' })])
    const data = MyData.parse((await api.call('GET', `/api/me/children/${child.user.id}/data`, { token: mother.token })).body)
    expect(data.student).toMatchObject({ under14: true, guardian: '小红妈妈' })
    const classCount = async () => (await api.sql.query<{ students: number }>('select students from class_family_stats where class_id = $1', [klass.id]))[0].students
    const before = await classCount()
    expect((await api.call('DELETE', `/api/me/children/${child.user.id}`, { token: mother.token })).status).toBe(200)
    expect((await api.call('GET', '/api/me', { token: child.token })).status).toBe(401)
    expect(await classCount()).toBe(before)
    expect((await api.call('GET', '/api/me', { token: mother.token })).status).toBe(200)
    expect(ChildrenResponse.parse((await api.call('GET', '/api/me/children', { token: mother.token })).body).items).toEqual([])
  })
})
