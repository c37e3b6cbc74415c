import { describe, expect, it } from 'vitest'
import { screenshot, useAs, useH5App } from '../support/browser'
import { photoWithLocation, setRoundTimes } from '../support/good-people'

const app = useH5App()

const shot = (name: string) => screenshot(app.page, `good-people-${name}`)
const visible = (selector: string) => app.page.locator(`${selector}:visible`)
const roundCard = () => visible('[data-testid="round-card"]').filter({ hasText: '浏览器测试 身边好人' })
const modalButton = (text: string) => app.page.locator('.taro-modal__foot:visible').getByText(text, { exact: true })

describe('身边好人 from nomination to the honour list', { timeout: 180_000 }, () => {
  it('resident nominates with a photo → organiser approves → residents vote → the count shows → 公示 → 好人榜', async () => {
    // The app is served with the production security headers (vercel.json), and works under them.
    const headers = (await fetch(`${app.api.url}/`)).headers
    expect(headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(headers.get('x-frame-options')).toBe('DENY')

    // The organiser opens a round on the 评选管理 page.
    await useAs(app, 'organizer', '/packages/organizer/rounds/index')
    await app.page.getByText('新建一轮评选').click()
    await visible('[data-testid="round-title"] input').fill('浏览器测试 身边好人')
    await shot('1-new-round')
    await app.page.getByText('保存为草稿').click()
    await app.page.getByText('浏览器测试 身边好人').first().waitFor()
    const [round] = await app.api.sql.query<{ id: string }>(`select id from selection_rounds where title = '浏览器测试 身边好人'`)
    // The form's default windows start tomorrow; bring them to now, and open the round.
    await setRoundTimes(app.api, round.id, { voteUntil: 48 })
    await app.page.reload()
    await roundCard().getByText('发布', { exact: true }).click()
    await modalButton('发布').click()
    await roundCard().getByText('点赞评议中').waitFor()

    // A resident nominates her neighbour, with a photo from her phone.
    await useAs(app, '李大姐', '/pages/good-people/index')
    await app.page.getByText('浏览器测试 身边好人').waitFor()
    await visible('.good-people__nominate').click()
    await visible('[data-testid="nominate-name"] input').fill('张桂兰')
    await visible('[data-testid="nominate-story"] textarea').fill('张阿姨每天早上给楼里三位独居老人送早饭,风雨无阻坚持了五年,还帮他们买药、陪他们聊天。')
    await visible('[data-testid="nominate-contact"] input').fill('13700001234')
    const chooser = app.page.waitForEvent('filechooser')
    await app.page.getByText('+ 添加照片').click()
    await (await chooser).setFiles({ name: 'neighbour.jpg', mimeType: 'image/jpeg', buffer: await photoWithLocation() })
    await visible('.nominate__photo-image').waitFor()
    await shot('2-nominate')
    await app.page.getByText('提交推荐').click()
    await app.page.getByText('推荐已提交').waitFor()
    await shot('3-submitted')

    // The organiser approves it from the review queue.
    await useAs(app, 'organizer', `/packages/organizer/review/index?roundId=${round.id}`)
    const card = visible('[data-testid="review-card"]').filter({ hasText: '张桂兰' })
    await card.getByText('13700001234').waitFor()
    await shot('4-review')
    await card.getByText('通过', { exact: true }).click()
    await modalButton('通过').click()
    await app.page.getByText('已通过', { exact: true }).first().waitFor()

    // Two residents vote for her; the second sees the first's vote.
    for (const [name, expected] of [['王大爷', '1'], ['赵同学', '2']]) {
      await useAs(app, name, '/pages/good-people/index')
      await visible('[data-testid="nomination-card"]').filter({ hasText: '张*' }).click()
      await visible('[data-testid="vote-count"]').waitFor()
      await app.page.getByText('为 TA 点赞', { exact: true }).click()
      await app.page.getByText('今天已点赞').waitFor()
      expect(await visible('[data-testid="vote-count"]').innerText()).toBe(expected)
    }
    await shot('5-story-voted')
    const [stored] = await app.api.sql.query<{ id: string; vote_count: number }>(`select id, vote_count from nominations where nominee_name = '张桂兰'`)
    expect(stored.vote_count).toBe(2)
    await useAs(app, '看看热度', '/pages/good-people/index')
    await visible('[data-testid="nomination-card"]').filter({ hasText: '张*' }).getByText('👍 2 人点赞').waitFor()
    expect(await app.page.locator('body').innerText()).not.toContain('张桂兰')

    // Voting ends; the organiser chooses her and publishes the 公示.
    await setRoundTimes(app.api, round.id, { voteUntil: -1 })
    await useAs(app, 'organizer', '/packages/organizer/rounds/index')
    await roundCard().getByText('选定好人并公示', { exact: true }).click()
    await visible('[data-testid="honouree-choice"]').filter({ hasText: '张桂兰' }).click()
    await app.page.getByText('开始公示(已选 1 位)').click()
    await modalButton('开始公示').click()
    await roundCard().getByText('公示中').waitFor()

    // A resident objects during the 公示; the organiser dismisses it after checking; the list is published.
    await useAs(app, '知情邻居', `/packages/good-people/story/index?id=${stored.id}`)
    await visible('.story__reason textarea').fill('想确认一下送早饭的事情是否属实,听说只坚持了一年。')
    await app.page.getByText('提交意见').click()
    await app.page.getByText('已收到您的意见,工作人员会尽快核实。').waitFor()
    await shot('6-objection')
    await setRoundTimes(app.api, round.id, { noticeEnds: -1 })
    await useAs(app, 'organizer', '/packages/organizer/rounds/index')
    await roundCard().getByText('处理公示意见', { exact: true }).click()
    await visible('[data-testid="objection-note"] textarea').fill('经社区核实,事迹属实')
    await app.page.getByText('不属实', { exact: true }).click()
    await modalButton('确认').click()
    await app.page.getByText('不属实,保留入选').waitFor()
    await roundCard().getByText('发布好人榜', { exact: true }).click()
    await modalButton('发布').click()
    await roundCard().getByText('已发布好人榜').waitFor()

    await useAs(app, '李大姐', `/packages/good-people/honours/index?roundId=${round.id}`)
    await visible('[data-testid="nomination-card"]').filter({ hasText: '张*' }).waitFor()
    await shot('7-honours')
  })
})
