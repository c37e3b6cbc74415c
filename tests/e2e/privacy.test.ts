import { describe, expect, it } from 'vitest'
import { screenshot, useAs, useH5App } from '../support/browser'

const app = useH5App()

const shot = (name: string) => screenshot(app.page, `privacy-${name}`)
const visible = (selector: string) => app.page.locator(`${selector}:visible`)

describe('个人信息 in the browser', { timeout: 120_000 }, () => {
  it('a resident sees what we hold, exports it, then withdraws consent and deletes the account', async () => {
    const { token, user } = await app.api.login('周阿姨')
    await app.api.call('POST', '/api/pledge', { token, body: { displayName: '周桂芳' } })

    await useAs(app, '周阿姨', '/pages/me/index')
    await app.page.getByText('个人信息 ›').click()
    await app.page.getByText('我的个人信息').waitFor()
    const pledge = visible('[data-testid="data-section"]').filter({ hasText: '承诺签名' })
    await pledge.getByText('1 条 展开').click()
    await pledge.getByText(/签名:周桂芳/).waitFor()
    await shot('1-my-data')

    const exported = app.page.waitForResponse((response) => response.url().endsWith('/api/me/data.xlsx'))
    await app.page.getByText('导出为 Excel').click()
    const workbook = await exported
    expect(workbook.status()).toBe(200)
    expect(workbook.headers()['content-type']).toContain('spreadsheetml')

    await app.page.getByText('撤回同意并注销账号', { exact: true }).click()
    await app.page.locator('.taro-modal__foot:visible').getByText('确认注销', { exact: true }).click()
    await app.page.getByText('账号已注销').waitFor()
    await shot('2-deleted')
    const [row] = await app.api.sql.query<{ nickname: string; deleted: boolean }>(
      'select nickname, deleted_at is not null as deleted from users where id = $1', [user.id])
    expect(row).toEqual({ nickname: '已注销用户', deleted: true })
    const [signature] = await app.api.sql.query<{ display_name: string }>(`select display_name from pledge_signatures where number = 1`)
    expect(signature.display_name).toBe('已注销')

    // Back on the home page the app signs in afresh: a new, empty account.
    await app.page.getByText('回到首页').click()
    await app.page.getByText('我要签名').waitFor()
    await app.page.getByText('我的', { exact: true }).click()
    await app.page.getByText('还没有签名,去签名').waitFor()
  })

  it('shows the privacy policy and the user agreement from 我的', async () => {
    await useAs(app, '看政策的人', '/pages/me/index')
    await app.page.getByText('隐私政策', { exact: true }).click()
    await app.page.getByText('我们使用的微信能力').waitFor()
    await shot('3-policy')
    await app.page.getByText('查看《用户协议》›').click()
    await app.page.getByText(/每人一次签名/).waitFor()
  })
})
