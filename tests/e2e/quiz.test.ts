import { describe, expect, it } from 'vitest'
import { screenshot, useAs, useH5App } from '../support/browser'
import { grantPoints } from '../support/quiz'

const app = useH5App()

const shot = (name: string) => screenshot(app.page, `quiz-${name}`)
const visible = (selector: string) => app.page.locator(`${selector}:visible`)

describe('a resident takes the daily quiz in the browser', { timeout: 120_000 }, () => {
  it('answers every question, sees the explained result and points, then redeems a reward', async () => {
    await app.page.goto(`${app.api.url}/#/pages/quiz/index`)
    await app.page.getByText('开始答题').waitFor({ timeout: 30_000 })
    expect(await visible('[data-testid="attempts-left"]').innerText()).toBe('3')
    await shot('1-home')

    await app.page.getByText('开始答题').click()
    for (let i = 1; i <= 5; i++) {
      await app.page.getByText(`第 ${i} / 5 题`).waitFor()
      // Answer as someone who studied: the right options, found by the question's text.
      const stem = await visible('[data-testid="quiz-stem"]').innerText()
      const [question] = await app.api.sql.query<{ answers: string[] }>(
        `select array(select o->>'text' from jsonb_array_elements(options) o where o->>'key' = any(answer_keys)) as answers
         from quiz_questions where stem = $1`,
        [stem],
      )
      for (const text of question.answers) {
        await visible('[data-testid="quiz-option"]').filter({ has: app.page.getByText(text, { exact: true }) }).click()
      }
      if (i === 1) await shot('2-question')
      await app.page.getByText(i < 5 ? '下一题' : '交卷', { exact: true }).click()
    }
    await visible('[data-testid="quiz-score"]').waitFor()
    await shot('3-result')
    expect(await visible('[data-testid="quiz-score"]').innerText()).toBe('100 分')
    expect(await visible('[data-testid="quiz-points"]').innerText()).toBe('获得 10 积分')
    const earned = 10
    expect(await visible('.review__explanation').count()).toBe(5)

    // The server agrees with what the page said.
    const [user] = await app.api.sql.query<{ id: string; balance: number }>(
      `select u.id, points_balance(u.id) as balance from users u where u.openid like 'dev:居民%' order by created_at desc limit 1`,
    )
    expect(user.balance).toBe(earned)

    await visible('.review__learn').first().click()
    await app.page.getByText('学完了,去答题').waitFor()
    await shot('4-article')

    // Enough points for the cheapest prize, then redeem it.
    await grantPoints(app.api.sql, user.id, 50)
    await app.page.goto(`${app.api.url}/#/packages/quiz/rewards/index`)
    await app.page.getByText('文明创建环保购物袋').waitFor()
    expect(await visible('[data-testid="rewards-balance"]').innerText()).toBe(String(earned + 50))
    await visible('.reward__redeem').first().click()
    await app.page.getByText('确认兑换').click()
    await visible('[data-testid="redemption"]').waitFor()
    expect(await visible('[data-testid="redemption"]').innerText()).toContain('待领取')
    expect(await visible('[data-testid="rewards-balance"]').innerText()).toBe(String(earned + 30))
    await shot('5-rewards')
  })

  it('shows the resident on the leaderboard with their own rank', async () => {
    await app.page.goto(`${app.api.url}/#/packages/quiz/leaderboard/index`)
    await visible('[data-testid="board-mine"]').waitFor()
    expect(await visible('[data-testid="board-mine"]').innerText()).toBe('我的排名:第 1 名 · 10 分')
    expect(await visible('[data-testid="board-row"]').first().innerText()).toMatch(/1\s*居民\d+\s*10 分/)
    await shot('6-leaderboard')
  })

  it('an organiser verifies the redemption code once and imports questions, with every bad row explained', async () => {
    const [{ code }] = await app.api.sql.query<{ code: string }>(`select code from reward_redemptions where status = 'issued' limit 1`)
    // The same browser, now as the seeded organiser (dev:organizer).
    await useAs(app, 'organizer', '/pages/me/index')
    await app.page.getByText('组织者工作台 ›').click()
    await app.page.getByText('核销兑换码', { exact: true }).click()
    await visible('[data-testid="verify-code"] input').fill(code.toLowerCase())
    await app.page.getByText('核销', { exact: true }).click()
    await visible('[data-testid="verify-outcome"]').waitFor()
    expect(await visible('[data-testid="verify-outcome"]').innerText()).toBe('核销成功:请发放「文明创建环保购物袋」')
    await shot('7-verify')
    await visible('[data-testid="verify-code"] input').fill(code)
    await app.page.getByText('核销', { exact: true }).click()
    await app.page.getByText('这个兑换码已经核销过了,不能重复领取。').waitFor()

    await app.page.goto(`${app.api.url}/#/packages/organizer/questions/index`)
    await visible('.bank-item').first().waitFor()
    const chooseFile = async (name: string, rows: string[][]) => {
      const chooser = app.page.waitForEvent('filechooser')
      await app.page.getByText('选择文件并导入').click()
      const csv = rows.map((row) => row.map((cell) => `"${cell}"`).join(',')).join('\r\n')
      await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) })
    }
    const header = ['题型', '题干', '选项A', '选项B', '答案', '解析', '难度']
    await chooseFile('bad.csv', [header, ['单选', '浏览器导入的好题:排队应当?', '依次排队', '插队', 'A', '排队守秩序是文明的表现。', '1'], ['单选', '坏题', '甲', '乙', 'C', '答案不在选项里。', '1']])
    await app.page.getByText('第 3 行:答案 C 没有对应的选项').waitFor()
    await shot('8-import-refused')
    await chooseFile('good.csv', [header, ['单选', '浏览器导入的好题:排队应当?', '依次排队', '插队', 'A', '排队守秩序是文明的表现。', '1']])
    await app.page.getByText('成功导入 1 道题。').waitFor()
    await app.page.getByText('浏览器导入的好题:排队应当?').waitFor()
  })
})
