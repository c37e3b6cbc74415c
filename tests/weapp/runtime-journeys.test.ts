// What residents and organisers do, in the weapp build inside the WeChat-like runtime: taps go
// through the page's event handler with the tapped node's id, as WeChat's view layer sends them,
// and every answer comes from the real API on the embedded database.
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { Ticket } from '../../src/shared/activities'
import { reminderTemplateId } from '../support/build'
import { at, photoWithLocation } from '../support/good-people'
import { grant } from '../support/scopes'
import { useWeappRuntime } from '../support/weapp-runtime'

const app = useWeappRuntime()

let organizer: { token: string; user: { id: string } }

beforeAll(async () => {
  organizer = await app.login('openid-journeys-organizer')
  await grant(app.api, organizer.user.id, 'organizer', 'county')
  await app.api.call('PATCH', '/api/me', { token: organizer.token, body: { nickname: '刘组织' } })
})

/** Whether the sign-up of `openid` to the activity holds a reminder subscription. */
const subscribed = async (activityId: string, openid: string) =>
  (await app.api.sql.query<{ subscribed: boolean }>(
    'select s.subscribed from activity_signups s join users u on u.id = s.user_id where s.activity_id = $1 and u.openid = $2',
    [activityId, openid],
  ))[0]?.subscribed

describe('journeys in the WeChat-like runtime', () => {
  it('first launch: logs in with wx.login, signs the pledge, shows the certificate and shares it', async () => {
    const mp = app.open('openid-journey-pledge')
    await mp.launch()
    await mp.waitFor('我要签名')
    await mp.tap('我要签名')
    await mp.waitForPage('pages/pledge/index')
    await mp.type('请输入您的名字或称呼', '张文明')
    await mp.tap('我承诺,确认签名')
    await mp.waitFor('文明承诺证书')
    const number = Number(/你是第 (\d+) 位签名者/.exec(mp.textOf(mp.find('位签名者')))?.[1])
    expect(number).toBeGreaterThan(0)
    expect(mp.callsOf('showToast')).toContainEqual(expect.objectContaining({ title: '签名成功' }))
    // One WeChat login, its session kept in storage; the signature is this WeChat user's.
    expect(mp.callsOf('login')).toHaveLength(1)
    const { token } = await app.login('openid-journey-pledge')
    expect((await app.api.call('GET', '/api/pledge', { token })).body.mine).toMatchObject({ displayName: '张文明', number })
    const card = { title: `我是第 ${number} 位签名者,一起创文明城、做文明人!`, path: '/pages/pledge/index' }
    expect(mp.share()).toMatchObject(card)
    // The certificate's button shares the same card (open-type share).
    await mp.tap('分享给好友,邀请一起签名')
    expect(mp.shares).toEqual([expect.objectContaining(card)])
  })

  it('the 活动 tab: pulling down shows what was just published, reaching the bottom loads the next page', async () => {
    const mp = app.open('openid-journey-browse')
    await mp.launch('pages/activities/index')
    await mp.waitFor('学雷锋志愿服务:清扫东关街')
    for (let n = 1; n <= 25; n++) {
      const created = await app.api.call('POST', '/api/activities', {
        token: organizer.token,
        body: { title: `周末读书会 ${n} 期`, kind: 'class', location: '县图书馆', capacity: 30, startsAt: at(240 + n), endsAt: at(241 + n) },
      })
      expect(created.status).toBe(201)
    }
    expect(mp.has('周末读书会 1 期')).toBe(false)
    await mp.pullDown()
    await mp.waitFor('周末读书会 1 期')
    expect(mp.callsOf('stopPullDownRefresh')).toHaveLength(1)
    expect(mp.has('周末读书会 25 期')).toBe(false)
    await mp.waitFor('上滑加载更多')
    await mp.reachBottom()
    await mp.waitFor('周末读书会 25 期')
    await mp.waitFor('没有更多活动了')
  })

  it('a scored quiz from start to result: five right answers earn their points', async () => {
    const rows = await app.api.sql.query<{ stem: string; options: { key: string; text: string }[]; answer_keys: string[] }>(
      `select stem, options, answer_keys from quiz_questions where status = 'active'`,
    )
    const mp = app.open('openid-journey-quiz')
    await mp.launch('pages/quiz/index')
    await mp.waitFor('3今日剩余次数')
    await mp.tap('开始答题')
    await mp.waitForPage('packages/quiz/play/index')
    for (let n = 1; n <= 5; n++) {
      await mp.waitFor(`第 ${n} / 5 题`)
      const question = rows.find((row) => mp.has(row.stem))
      if (!question) throw new Error(`an unknown question: ${mp.text()}`)
      const rightTexts = question.options.filter((o) => question.answer_keys.includes(o.key)).map((o) => o.text)
      // Tap each right option (the option's whole box takes the tap, as on a phone).
      const options = mp.elementsOf('view', (node) => mp.events(node).has('tap') && rightTexts.some((text) => mp.textOf(node).endsWith(text)))
      expect(options).toHaveLength(rightTexts.length)
      for (const option of options) await mp.fire(option, 'tap')
      await mp.tap(n < 5 ? '下一题' : '交卷')
    }
    await mp.waitFor('答对 5 / 5 题')
    await mp.waitFor('获得 10 积分')
    const { token } = await app.login('openid-journey-quiz')
    expect((await app.api.call('GET', '/api/quiz/status', { token })).body).toMatchObject({ attemptsToday: 1, balance: 10 })
  })

  it('signs up for an activity, asking for the reminder subscription on the tap, then shows the ticket', async () => {
    const [{ id }] = await app.api.sql.query<{ id: string }>(`select id from activities where title like '社区文明课堂%'`)
    const mp = app.open('openid-journey-signup', { subscribe: 'accept' })
    await mp.launch('packages/activities/detail/index', { id })
    await mp.tap('我要报名')
    await mp.waitFor('查看报名凭证(签到二维码)')
    expect(mp.callsOf('requestSubscribeMessage')).toEqual([expect.objectContaining({ tmplIds: [reminderTemplateId] })])
    expect(mp.callsOf('showModal')).toContainEqual(expect.objectContaining({ title: '报名成功' }))
    expect(await subscribed(id, 'openid-journey-signup')).toBe(true)
    await mp.tap('查看报名凭证(签到二维码)')
    await mp.waitForPage('packages/activities/ticket/index')
    await mp.waitFor('到场后请向工作人员出示此码签到')
  })

  it('declining the reminders still signs up', async () => {
    const [{ id }] = await app.api.sql.query<{ id: string }>(`select id from activities where title like '文明交通劝导%'`)
    const mp = app.open('openid-journey-no-reminders', { subscribe: 'reject' })
    await mp.launch('packages/activities/detail/index', { id })
    await mp.tap('我要报名')
    await mp.waitFor('查看报名凭证(签到二维码)')
    expect(await subscribed(id, 'openid-journey-no-reminders')).toBe(false)
  })

  it('nominates a good person with a photo: the privacy prompt first, then chooseMedia and uploadFile', async () => {
    const [{ id: roundId }] = await app.api.sql.query<{ id: string }>(`select id from selection_rounds where status = 'open' limit 1`)
    const photo = path.join(tmpdir(), `wc-journey-photo-${process.pid}.jpg`)
    writeFileSync(photo, await photoWithLocation(1200, 900))
    const mp = app.open('openid-journey-nominate')
    mp.answers.chooseMedia = { type: 'image', tempFiles: [{ tempFilePath: mp.tempFileFor(photo), size: 1, fileType: 'image' }] }
    await mp.launch('packages/good-people/nominate/index', { roundId })
    await mp.waitFor('提交推荐')
    await mp.type('请填写真实姓名', '赵大爷')
    await mp.pick(1) // 推荐类别: the second, 见义勇为
    await mp.waitFor('见义勇为')
    await mp.type('写一写 TA 做了哪些好事', '赵大爷每天早上在小区门口义务指挥交通,风雨无阻,已经坚持了五年。')
    await mp.type('电话或微信号', '13900002222')

    // The first privacy API waits for the app's own prompt; nothing is chosen or sent before "agree".
    await mp.tap('+ 添加照片')
    await mp.waitFor('同意并继续')
    expect(mp.has('个人信息（如微信昵称、照片、选择的位置或文件）')).toBe(true)
    expect(mp.callsOf('uploadFile')).toHaveLength(0)
    await mp.tap('同意并继续')
    await mp.waitFor('删除')
    expect(mp.has('同意并继续')).toBe(false)
    expect(mp.callsOf('uploadFile')).toHaveLength(1)
    await mp.tap('提交推荐')
    await mp.waitFor('推荐已提交')

    const [nomination] = await app.api.sql.query<{ nominee_name: string; category: string; photos: number }>(
      `select n.nominee_name, n.category, (select count(*)::int from nomination_photos p where p.nomination_id = n.id) as photos
       from nominations n join users u on u.id = n.nominator_id where u.openid = $1`,
      ['openid-journey-nominate'],
    )
    expect(nomination).toEqual({ nominee_name: '赵大爷', category: '见义勇为', photos: 1 })
    // Agreed once: the next privacy API runs without asking again.
    await mp.openPage('packages/good-people/nominate/index', { roundId })
    await mp.tap('+ 添加照片')
    await mp.waitFor('删除')
    expect(mp.has('同意并继续')).toBe(false)
  })

  it('refusing the privacy prompt picks no photo and uploads nothing', async () => {
    const [{ id: roundId }] = await app.api.sql.query<{ id: string }>(`select id from selection_rounds where status = 'open' limit 1`)
    const mp = app.open('openid-journey-refuse')
    mp.answers.chooseMedia = { type: 'image', tempFiles: [{ tempFilePath: mp.tempFileFor(__filename), size: 1, fileType: 'image' }] }
    await mp.launch('packages/good-people/nominate/index', { roundId })
    await mp.tap('+ 添加照片')
    await mp.waitFor('暂不同意')
    await mp.tap('暂不同意')
    await mp.settle()
    expect({ prompt: mp.has('同意并继续'), photo: mp.has('删除'), uploads: mp.callsOf('uploadFile').length })
      .toEqual({ prompt: false, photo: false, uploads: 0 })
    await mp.waitFor('+ 添加照片')
  })

  it('an organiser checks a resident in by scanning the ticket', async () => {
    const created = await app.api.call('POST', '/api/activities', {
      token: organizer.token,
      body: { title: '周末清扫东关街', kind: 'volunteer', location: '东关街口', startsAt: at(0.2), endsAt: at(2.2), capacity: 5, hours: 2 },
    })
    expect(created.status).toBe(201)
    const resident = await app.login('openid-journey-attendee')
    await app.api.call('PATCH', '/api/me', { token: resident.token, body: { nickname: '钱居民' } })
    expect((await app.api.call('POST', `/api/activities/${created.body.id}/signup`, { token: resident.token, body: {} })).status).toBe(201)
    const { ticket } = Ticket.parse((await app.api.call('GET', `/api/activities/${created.body.id}/ticket`, { token: resident.token })).body)

    const mp = app.open('openid-journeys-organizer', { scanCode: { result: ticket, scanType: 'QR_CODE' } })
    await mp.launch('packages/organizer/roster/index', { id: created.body.id })
    await mp.waitFor('钱居民')
    await mp.tap('扫码签到')
    await mp.waitFor('钱居民 签到成功')
    await mp.waitFor('已签到 1')
    expect(mp.callsOf('scanCode')).toEqual([expect.objectContaining({ scanType: ['qrCode'] })])
  })
})
