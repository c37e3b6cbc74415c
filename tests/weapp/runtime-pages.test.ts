// Every page of the weapp build, main package and subpackages, opened in the WeChat-like runtime
// with its real query: it shows its first screen, throws nothing, touches no browser global, and
// stays within WeChat's budgets (setData ≤ 256 KB, fewer than 1,000 nodes in the page tree).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { valueOf } from '../support/api'
import { root } from '../support/build'
import { approvedNomination, openRound, setRoundTimes } from '../support/good-people'
import { grant, idOf } from '../support/scopes'
import { useWeappRuntime } from '../support/weapp-runtime'

const app = useWeappRuntime()

const organizer = 'openid-pages-organizer'
const student = 'openid-pages-student'
/** Ids the pages' queries name, found in the demo data and in what beforeAll arranges. */
const ids: Record<string, string> = {}

beforeAll(async () => {
  const { api } = app
  const { token, user } = await app.login(organizer)
  await grant(api, user.id, 'organizer', 'county')
  await grant(api, user.id, 'admin', 'county')
  await api.call('PATCH', '/api/me', { token, body: { nickname: '王组织' } })
  await api.call('POST', '/api/pledge', { token, body: { displayName: '王组织' } })
  ids.activity = await valueOf(api, `select id from activities where title like '道德讲堂%'`)
  expect((await api.call('POST', `/api/activities/${ids.activity}/signup`, { token, body: {} })).status).toBe(201)
  ids.story = await valueOf(api, `select id from nominations where nominee_name = '李建国'`)
  ids.round = await valueOf(api, `select id from selection_rounds where status = 'open'`)
  ids.announcement = await valueOf(api, `select id from announcements where title like '创建省级文明县城%'`)
  ids.article = await valueOf(api, `select slug from learn_articles where title like '%核心价值观%' limit 1`)
  ids.articleTitle = await valueOf(api, `select title from learn_articles where slug = '${ids.article}'`)
  ids.school = await idOf(api, 'schools', '杞县实验小学')
  // A student who binds to a class and whose invitation a parent opens (the join page).
  const pupil = await app.login(student)
  await api.call('PATCH', '/api/me', { token: pupil.token, body: { nickname: '小明' } })
  const joinCode = await valueOf(api, `select join_code from school_classes where name = '三年级(1)班'`)
  expect((await api.call('POST', '/api/families/student', { token: pupil.token, body: { joinCode, under14: false } })).status).toBe(201)
  ids.invite = (await api.call('GET', '/api/families/me', { token: pupil.token })).body.inviteCode
  // A 好人 round in its 公示, for the honour list page.
  const noticeRound = await openRound(api, token, { title: '2026年11月 身边好人' })
  const honouree = await approvedNomination(api, token, pupil.token, noticeRound.id)
  await setRoundTimes(api, noticeRound.id, { voteUntil: -1 })
  expect((await api.call('POST', `/api/selections/${noticeRound.id}/notice`, { token, body: { nominationIds: [honouree.id] } })).status).toBe(200)
  ids.noticeRound = noticeRound.id
})

interface PageCase {
  /** Who opens it: the organiser (who has signed and signed up), unless a first-time resident. */
  newcomer?: boolean
  query?: () => Record<string, string>
  /** Words the first screen shows. */
  shows: (string | RegExp | (() => string))[]
}

const pages: Record<string, PageCase> = {
  'pages/index/index': { newcomer: true, shows: [/已有\d+人签名/, '我要签名', '文明实践活动'] },
  'pages/activities/index': { shows: ['我的活动', '学雷锋志愿服务:清扫东关街', /12月\d+日 周. 08:00–10:00/] },
  'pages/good-people/index': { shows: ['身边好人推荐评议', '今天还可以点赞'] },
  'pages/quiz/index': { shows: ['3今日剩余次数', '开始答题'] },
  'pages/me/index': { shows: ['我的文明承诺', '组织者工作台'] },
  'pages/pledge/index': { shows: ['承诺书', '我自愿签名'] },
  'packages/quiz/play/index': { shows: ['第 1 / 5 题', '05:00'] },
  'packages/quiz/leaderboard/index': { shows: ['个人榜', '社区榜', '学校榜'] },
  'packages/quiz/learn/index': { shows: ['社会主义核心价值观'] },
  'packages/quiz/article/index': { query: () => ({ slug: ids.article }), shows: [() => ids.articleTitle] },
  'packages/quiz/rewards/index': { shows: ['可兑换的奖品', '文明创建环保购物袋'] },
  'packages/quiz/points/index': { shows: ['签署文明承诺', '+10'] },
  'packages/activities/detail/index': { query: () => ({ id: ids.activity }), shows: ['道德讲堂:身边好人故事分享', '县文化馆二楼报告厅'] },
  'packages/activities/ticket/index': { query: () => ({ id: ids.activity }), shows: ['道德讲堂:身边好人故事分享', '到场后请向工作人员出示此码签到'] },
  'packages/activities/mine/index': { shows: ['累计志愿时长', '道德讲堂:身边好人故事分享'] },
  'packages/families/card/index': { shows: ['小手牵大手 · 文明进万家', '我是学生,加入班级'] },
  'packages/families/bind/index': { shows: ['班级码', '加入班级'] },
  'packages/families/join/index': { query: () => ({ scene: encodeURIComponent(`i=${ids.invite}`) }), shows: ['小明', '杞县实验小学'] },
  'packages/families/rankings/index': { query: () => ({ schoolId: ids.school }), shows: ['本校班级', '三年级(1)班'] },
  'packages/good-people/story/index': { query: () => ({ id: ids.story }), shows: ['助人为乐', '为 TA 点赞', '退休后在小区门口义务修自行车'] },
  'packages/good-people/nominate/index': { query: () => ({ roundId: ids.round }), shows: ['好人的姓名', '提交推荐'] },
  'packages/good-people/mine/index': { shows: ['您还没有推荐过身边好人'] },
  'packages/good-people/honours/index': { query: () => ({ roundId: ids.noticeRound }), shows: ['王*'] },
  'packages/account/data/index': { shows: ['个人信息', '承诺签名'] },
  'packages/account/policy/index': { shows: ['隐私政策', '我们收集哪些信息'] },
  'packages/account/agreement/index': { shows: ['用户协议'] },
  'packages/announcements/list/index': { shows: ['创建省级文明县城,欢迎您一起参与'] },
  'packages/announcements/detail/index': { query: () => ({ id: ids.announcement }), shows: ['创建省级文明县城,欢迎您一起参与', '人人参与,人人受益'] },
  'packages/organizer/index/index': { shows: [/组织范围.全县/, '发布活动', '题库管理'] },
  'packages/organizer/verify/index': { shows: ['扫描居民的兑换二维码', '核销'] },
  'packages/organizer/questions/index': { shows: ['导入题目', '选择文件并导入'] },
  'packages/organizer/activity-edit/index': { query: () => ({ id: ids.activity }), shows: ['活动名称', '保存修改'] },
  'packages/organizer/roster/index': { query: () => ({ id: ids.activity }), shows: ['道德讲堂:身边好人故事分享', '扫码签到', '王组织'] },
  'packages/organizer/families/index': { shows: ['三年级(1)班', '班级码'] },
  'packages/organizer/rounds/index': { shows: ['新建一轮评选', '身边好人推荐评议'] },
  'packages/organizer/review/index': { query: () => ({ roundId: ids.round }), shows: ['待审核'] },
  'packages/dashboard/index': { shows: ['注册居民', '参与率', '东关社区'] },
  'packages/organizer/announcements/index': { shows: ['写新公告', '东关社区本周六集中清扫'] },
  'packages/organizer/roles/index': { shows: ['授予角色', '现有角色'] },
}

const budgets = { setDataBytes: 256 * 1024, nodes: 1000 }
const measured: Record<string, { largestSetData: number; nodes: number; depth: number }> = {}

const appJson = () => JSON.parse(readFileSync(path.join(app.dist, 'app.json'), 'utf8')) as {
  pages: string[]
  subPackages: { root: string; pages: string[] }[]
}

describe('every page in the WeChat-like runtime', () => {
  it('has a case here for every page of app.json', () => {
    const { pages: main, subPackages } = appJson()
    const all = [...main, ...subPackages.flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))]
    expect(all.sort()).toEqual(Object.keys(pages).sort())
  })

  for (const [route, page] of Object.entries(pages)) {
    it(`${route} shows its first screen`, async () => {
      const mp = app.open(page.newcomer ? `openid-pages-newcomer-${route}` : organizer)
      await mp.launch(route, page.query?.() ?? {})
      for (const words of page.shows) await mp.waitFor(typeof words === 'function' ? words() : words)
      expect(mp.current.route).toBe(route)
      measured[route] = { largestSetData: mp.current.largestSetData, nodes: mp.nodeCount(), depth: mp.depth() }
      expect(mp.current.largestSetData).toBeLessThanOrEqual(budgets.setDataBytes)
      expect(mp.nodeCount()).toBeLessThan(budgets.nodes)
      expect({ scrollViewInScrollView: mp.selfNested('scroll-view'), formInForm: mp.selfNested('form') }).toEqual({ scrollViewInScrollView: 0, formInForm: 0 })
    })
  }
})

afterAll(() => {
  // The figures per page, for the release notes and the next change that grows a page.
  const dir = path.join(root, 'test-results')
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, 'weapp-pages.json'), `${JSON.stringify(measured, null, 2)}\n`)
  console.table(measured)
})
