import { describe, expect, it } from 'vitest'
import { useAs, useH5App } from '../support/browser'

const app = useH5App()
const visible = (selector: string) => app.page.locator(`${selector}:visible`)

describe('a network that drops answers', { timeout: 120_000 }, () => {
  it('a nomination whose answer is lost on the way back: the retry gets the first answer, one nomination is stored', async () => {
    const keys: string[] = []
    // The request reaches the API and is written; its answer never reaches the phone. Without the
    // Idempotency-Key the retry would be refused as a second nomination of the same person.
    await app.page.route('**/api/nominations', async (route) => {
      if (route.request().method() !== 'POST') return route.continue()
      keys.push(route.request().headers()['idempotency-key'])
      if (keys.length === 1) {
        await route.fetch()
        return route.abort('connectionreset')
      }
      return route.continue()
    })
    const [round] = await app.api.sql.query<{ id: string }>(`select id from selection_rounds where status = 'open' order by created_at limit 1`)
    await useAs(app, '信号不好的人', `/packages/good-people/nominate/index?roundId=${round.id}`)
    await visible('[data-testid="nominate-name"] input').fill('钱大妈')
    await visible('[data-testid="nominate-story"] textarea').fill('钱大妈在村口开了二十年小卖部,谁家有急事都会帮忙看孩子,从来不收钱。')
    await app.page.getByText('提交推荐').click()
    await app.page.getByText('推荐已提交').waitFor()
    await app.page.unroute('**/api/nominations')

    expect(keys).toHaveLength(2)
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/)
    expect(keys[1]).toBe(keys[0])
    const rows = await app.api.sql.query<{ n: number }>(`select count(*)::int as n from nominations where nominee_name = '钱大妈'`)
    expect(rows[0].n).toBe(1)
  })
})
