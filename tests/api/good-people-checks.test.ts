import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FullNomination, NominationResponse, NominationsResponse } from '../../src/shared/good-people'
import { startApi, type TestApi } from '../support/api'
import { loginAs, startFakeWechat, type FakeWechat } from '../support/fake-wechat'
import { nominate, openRound, photoWithLocation, uploadPhoto } from '../support/good-people'

// With WeChat configured, nominations pass its content checks before anyone else reads them:
// text synchronously (msg_sec_check), photos asynchronously (media_check_async, the verdict
// pushed back later). WeChat is a fake on loopback that pushes its verdicts to our push URL.
let wechat: FakeWechat
let api: TestApi
let organizer: string
let roundId: string
const pushToken = 'push-token-for-tests'

beforeAll(async () => {
  wechat = await startFakeWechat('wx-app', 'wx-secret')
  wechat.textVerdicts.set('赌博', 'risky')
  wechat.textVerdicts.set('待定词', 'review')
  api = await startApi({ env: { WECHAT_APP_ID: 'wx-app', WECHAT_APP_SECRET: 'wx-secret', WECHAT_API_BASE: wechat.url, WECHAT_PUSH_TOKEN: pushToken } })
  organizer = (await login('openid-organizer')).token
  await api.sql.query(`insert into user_roles (user_id, role, scope_kind) select id, 'organizer', 'county' from users where openid = 'openid-organizer'`)
  roundId = (await openRound(api, organizer)).id
})
afterAll(async () => {
  await api.close()
  await wechat.close()
})

const login = (openid: string) => loginAs(api, wechat, openid)

const push = { get url() { return `${api.url}/api/wechat/push` }, token: pushToken }
const isPublic = async (id: string) => (await api.call('GET', `/api/nominations/${id}`)).status === 200
const approve = (id: string) => api.call('POST', `/api/nominations/${id}/review`, { token: organizer, body: { decision: 'approve' } })

describe('the text check', () => {
  it('sends a clean nomination to review as pending', async () => {
    const { token } = await login('openid-clean')
    const created = FullNomination.parse((await nominate(api, token, roundId, { nomineeName: '清白' })).body)
    expect(created).toMatchObject({ status: 'pending', heldReason: null })
  })

  it.each([
    ['risky', '他常去赌博场所劝人回家,帮助很多家庭重新团聚,大家都很敬佩。', /文字未通过内容安全检查\(20001\)/],
    ['review', '这段话里有一个待定词,需要人看一看,但其实是好人好事的描述。', /文字需人工复核\(21000\)/],
  ])('holds a %s verdict for organisers, with the reason, out of public view', async (_verdict, story, reason) => {
    const { token } = await login(`openid-${_verdict}`)
    const created = FullNomination.parse((await nominate(api, token, roundId, { nomineeName: _verdict, story })).body)
    expect(created.status).toBe('pending')
    expect(created.heldReason).toMatch(reason)
    expect(await isPublic(created.id)).toBe(false)
    const queue = (await api.call('GET', `/api/nominations/review-queue?roundId=${roundId}&status=held`, { token: organizer })).body
    expect(queue.items.map((n: { id: string }) => n.id)).toContain(created.id)
  })

  it('holds the nomination when WeChat does not answer (never published unchecked)', async () => {
    const { token } = await login('openid-while-down')
    wechat.busy.next = 1
    const created = FullNomination.parse((await nominate(api, token, roundId, { nomineeName: '宕机时' })).body)
    expect(created).toMatchObject({ status: 'pending', heldReason: '文字安全检查暂不可用' })
    const list = NominationsResponse.parse((await api.call('GET', `/api/nominations?roundId=${roundId}&sort=new`)).body)
    expect(list.items.map((n) => n.id)).not.toContain(created.id)
  })

  it('holds text from an account WeChat has not seen lately (61010)', async () => {
    const { token, user } = await login('openid-stale')
    await api.sql.query(`update users set openid = 'openid-never-visited' where id = $1`, [user.id])
    const created = FullNomination.parse((await nominate(api, token, roundId, { nomineeName: '久未访问' })).body)
    expect(created.heldReason).toBe('文字安全检查暂不可用')
  })
})

describe('the photo check', () => {
  it('shows a photo only once WeChat pushed a pass, and holds the nomination on a risky push', async () => {
    const { token } = await login('openid-photos')
    const first = await uploadPhoto(api, token, await photoWithLocation())
    const second = await uploadPhoto(api, token, await photoWithLocation(400, 400))
    expect(first.body.check).toBe('checking')
    const [firstCheck, secondCheck] = wechat.mediaChecks.slice(-2)
    expect(firstCheck).toMatchObject({ openid: 'openid-photos' })
    expect(firstCheck.media_url).toContain(first.body.url)

    const created = FullNomination.parse((await nominate(api, token, roundId, { nomineeName: '有照片', photoUrls: [first.body.url, second.body.url] })).body)
    expect(created.status).toBe('pending')
    expect((await approve(created.id)).status).toBe(200)
    const before = NominationResponse.parse((await api.call('GET', `/api/nominations/${created.id}`)).body)
    expect(before.nomination.photos).toEqual([])

    expect(await wechat.pushMediaResult(push, firstCheck.trace_id, 'pass')).toEqual({ status: 200, text: 'success' })
    const after = NominationResponse.parse((await api.call('GET', `/api/nominations/${created.id}`)).body)
    expect(after.nomination.photos.map((p) => p.id)).toEqual([first.body.id])

    await wechat.pushMediaResult(push, secondCheck.trace_id, 'risky')
    const stillPublic = NominationResponse.parse((await api.call('GET', `/api/nominations/${created.id}`)).body)
    expect(stillPublic.nomination.photos.map((p) => p.id)).toEqual([first.body.id])
    const organizerView = (await api.call('GET', `/api/nominations/${created.id}`, { token: organizer })).body.nomination
    expect(organizerView.photos.map((p: { check: string }) => p.check)).toEqual(['pass', 'risky'])
  })

  it('holds a pending nomination whose photo is flagged after it was sent', async () => {
    const { token } = await login('openid-late-flag')
    const photo = await uploadPhoto(api, token, await photoWithLocation())
    const check = wechat.mediaChecks.at(-1)!
    const created = FullNomination.parse((await nominate(api, token, roundId, { nomineeName: '后来被标记', photoUrls: [photo.body.url] })).body)
    await wechat.pushMediaResult(push, check.trace_id, 'risky')
    const seen = FullNomination.parse((await api.call('GET', `/api/nominations/${created.id}`, { token: organizer })).body.nomination)
    expect(seen).toMatchObject({ status: 'pending', heldReason: '图片未通过内容安全检查' })
  })

  it('marks a photo unchecked when WeChat is down, and holds the nomination that uses it', async () => {
    const { token } = await login('openid-photo-down')
    wechat.busy.next = 1
    const photo = await uploadPhoto(api, token, await photoWithLocation())
    expect(photo.body.check).toBe('error')
    const created = FullNomination.parse((await nominate(api, token, roundId, { nomineeName: '图片未检', photoUrls: [photo.body.url] })).body)
    expect(created).toMatchObject({ status: 'pending', heldReason: '图片安全检查暂不可用' })
  })
})

describe('the push URL', () => {
  const signed = (token: string, extra = '') => {
    const timestamp = '1700000000'
    const nonce = 'n0nce'
    const signature = createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex')
    return `/api/wechat/push?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}${extra}`
  }

  it('answers WeChat\'s URL check with the echo string', async () => {
    const response = await fetch(`${api.url}${signed(pushToken, '&echostr=hello123')}`)
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('hello123')
  })

  it('refuses a push not signed with our token, and changes nothing', async () => {
    const { token } = await login('openid-forged')
    const photo = await uploadPhoto(api, token, await photoWithLocation())
    const check = wechat.mediaChecks.at(-1)!
    const forged = await api.call('POST', signed('wrong-token'), { body: { Event: 'wxa_media_check', trace_id: check.trace_id, result: { suggest: 'pass', label: 100 } } })
    expect(forged.status).toBe(401)
    const [row] = await api.sql.query<{ check_status: string }>('select check_status from nomination_photos where id = $1', [photo.body.id])
    expect(row.check_status).toBe('checking')
    expect((await api.call('POST', '/api/wechat/push', { body: {} })).status).toBe(400)
  })
})
