import { describe, expect, it } from 'vitest'
import { screenshot, useAs, useH5App } from '../support/browser'
import { runStatsJob } from '../support/stats'

const app = useH5App()
const shot = (name: string) => screenshot(app.page, `families-${name}`)
const visible = (selector: string) => app.page.locator(`${selector}:visible`)

describe('小手牵大手 in the browser', { timeout: 120_000 }, () => {
  it('student binds class → invites → family member opens the link, signs the pledge → class ranking moves', async () => {
    const { page, api } = app
    const [klass] = await api.sql.query<{ id: string; name: string; join_code: string; school_id: string }>(
      'select id, name, join_code, school_id from school_classes order by sort_order limit 1',
    )
    await useAs(app, '小红', '/packages/families/card/index')
    await page.getByText('我是学生,加入班级').click()
    await visible('[data-testid="join-code"] input').fill(klass.join_code)
    await page.locator('.bind__row taro-switch-core:visible, .bind__row input[type="checkbox"]:visible').first().click() // 14 or older
    await shot('1-bind')
    await page.getByText('加入班级', { exact: true }).last().click()
    await visible('[data-testid="invite-code"]').waitFor()
    const code = (await visible('[data-testid="invite-code"]').innerText()).replace('邀请码 ', '').trim()
    expect(code).toMatch(/^[A-Z0-9]{10}$/)
    await shot('2-card')

    await useAs(app, '小红妈妈', `/packages/families/join/index?code=${code}`)
    await page.getByText('您已加入 小红 的家庭').waitFor()
    await shot('3-landing')
    await page.getByText('去签名', { exact: true }).click()
    await page.getByText('我承诺,确认签名').waitFor()
    await visible('[data-testid="pledge-name"] input').fill('小红妈妈')
    await page.getByText('我承诺,确认签名').click()
    await page.getByText(/你是第 \d+ 位签名者/).waitFor()

    // Class counts follow within a minute, with the statistics job (run here as the scheduler would).
    await runStatsJob(api)
    await useAs(app, '小红', `/packages/families/rankings/index?schoolId=${klass.school_id}`)
    await page.getByText('排名每分钟更新一次，刚参与的家庭稍后计入。').waitFor()
    const row = visible('[data-testid="ranking-row"]').filter({ hasText: klass.name })
    await row.waitFor()
    expect(await row.innerText()).toContain('带动 1 个家庭')
    expect(await row.innerText()).toContain('签名家庭占 100%')
    await shot('4-rankings')
    await useAs(app, '小红', '/packages/families/card/index')
    expect(await visible('[data-testid="family-signed"]').innerText()).toBe('1')
  })
})
