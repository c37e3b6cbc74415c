import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PledgeResponse, Signature, SignaturesResponse } from '../../src/shared/pledge'
import { startApi, type TestApi } from '../support/api'

let api: TestApi

beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.close())

const count = async () => (await api.call('GET', '/api/pledge')).body.count as number

describe('GET /api/pledge', () => {
  it('shows the campaign and the live count to anyone, with no signature of theirs', async () => {
    const { status, body } = await api.call('GET', '/api/pledge')
    expect(status).toBe(200)
    const pledge = PledgeResponse.parse(body)
    expect(pledge.campaign).toMatchObject({ title: '创文明城,做文明人', goal: 10000 })
    expect(pledge.mine).toBeNull()
  })

  it('refuses a forged token even where a token is optional', async () => {
    const { status, body } = await api.call('GET', '/api/pledge', { token: 'a.b.c' })
    expect(status).toBe(401)
    expect(body.error.code).toBe('unauthorized')
  })
})

describe('POST /api/pledge', () => {
  it('signs once with 201 and the next number; signing again answers 200 with the same signature', async () => {
    const { token } = await api.login('王小明')
    const before = await count()
    const first = await api.call('POST', '/api/pledge', { token, body: { displayName: '  王小明 ' } })
    expect(first.status).toBe(201)
    const signature = Signature.parse(first.body)
    expect(signature).toMatchObject({ number: before + 1, displayName: '王小明' })

    const again = await api.call('POST', '/api/pledge', { token, body: { displayName: '别的名字' } })
    expect(again.status).toBe(200)
    expect(again.body).toEqual(first.body)
    expect(await count()).toBe(before + 1)

    const mine = await api.call('GET', '/api/pledge', { token })
    expect(mine.body.mine).toEqual(first.body)
  })

  it.each([
    ['an empty name', { displayName: '' }],
    ['a name of spaces', { displayName: '    ' }],
    ['a name of 21 characters', { displayName: '一二三四五六七八九十一二三四五六七八九十一' }],
    ['a number', { displayName: 7 }],
    ['no name', {}],
    ['an array', [1, 2]],
  ])('refuses %s with 400 and writes nothing', async (_, body) => {
    const { token } = await api.login('校验者')
    const before = await count()
    const response = await api.call('POST', '/api/pledge', { token, body })
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('invalid_request')
    expect(response.body.error.details).toBeDefined()
    expect(await count()).toBe(before)
  })

  it('refuses malformed JSON with 400 and writes nothing', async () => {
    const { token } = await api.login('乱码')
    const before = await count()
    const response = await api.call('POST', '/api/pledge', { token, raw: '{"displayName": "张' })
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('invalid_request')
    expect(await count()).toBe(before)
  })

  it('needs a login', async () => {
    const before = await count()
    const response = await api.call('POST', '/api/pledge', { body: { displayName: '匿名' } })
    expect(response.status).toBe(401)
    expect(response.body.error.code).toBe('unauthorized')
    expect(await count()).toBe(before)
  })
})

describe('PATCH /api/pledge (organisers)', () => {
  it('lets a county organiser change the text and goal, which residents then see', async () => {
    const { token } = await api.login('organizer')
    const response = await api.call('PATCH', '/api/pledge', { token, body: { text: '新的承诺书内容', goal: 20000 } })
    expect(response.status).toBe(200)
    expect(PledgeResponse.parse(response.body).campaign).toMatchObject({ text: '新的承诺书内容', goal: 20000 })
    const seen = (await api.call('GET', '/api/pledge')).body.campaign
    expect(seen).toMatchObject({ title: '创文明城,做文明人', text: '新的承诺书内容', goal: 20000 })
  })

  it('refuses a resident with 403 and changes nothing', async () => {
    const { token } = await api.login('普通居民')
    const before = (await api.call('GET', '/api/pledge')).body.campaign
    const response = await api.call('PATCH', '/api/pledge', { token, body: { goal: 1 } })
    expect(response.status).toBe(403)
    expect(response.body.error.code).toBe('forbidden')
    expect((await api.call('GET', '/api/pledge')).body.campaign).toEqual(before)
  })

  it.each([{}, { goal: 0 }, { goal: 1.5 }, { title: '' }, { text: 5 }])('refuses %j with 400', async (body) => {
    const { token } = await api.login('organizer')
    const response = await api.call('PATCH', '/api/pledge', { token, body })
    expect(response.status).toBe(400)
  })
})

describe('GET /api/pledge/signatures', () => {
  it('lists newest first with masked names, page by page, until nextCursor is null', async () => {
    for (const name of ['李四', '赵五', '钱六']) {
      const { token } = await api.login(name)
      await api.call('POST', '/api/pledge', { token, body: { displayName: name } })
    }
    const total = await count()
    const seen: number[] = []
    let cursor: string | null = null
    do {
      const { status, body } = await api.call('GET', `/api/pledge/signatures?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      expect(status).toBe(200)
      const page = SignaturesResponse.parse(body)
      expect(page.items.length).toBeLessThanOrEqual(2)
      for (const item of page.items) expect(item.displayName).toMatch(/^.\*$/u)
      seen.push(...page.items.map((item) => item.number))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => total - i))
    const newest = await api.call('GET', '/api/pledge/signatures?limit=1')
    expect(newest.body.items[0].displayName).toBe('钱*')
  })

  it('never shows a full name', async () => {
    const { body } = await api.call('GET', '/api/pledge/signatures?limit=100')
    expect(JSON.stringify(body)).not.toMatch(/王小明|李四|赵五|钱六/)
  })

  it.each(['limit=0', 'limit=101', 'limit=abc', 'cursor=-3'])('refuses ?%s with 400', async (query) => {
    const { status, body } = await api.call('GET', `/api/pledge/signatures?${query}`)
    expect(status).toBe(400)
    expect(body.error.code).toBe('invalid_request')
  })
})
