import { SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CommunitiesResponse, LoginResponse, MeResponse, SchoolsResponse } from '../../src/shared/account'
import { startApi, type TestApi } from '../support/api'

let api: TestApi

beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.close())

const secret = () => new TextEncoder().encode(api.runtime.env.SESSION_SECRET)

describe('GET /api/health', () => {
  it('answers ok and names the database', async () => {
    expect(await api.call('GET', '/api/health')).toMatchObject({ status: 200, body: { ok: true, db: 'pglite' } })
  })
})

describe('POST /api/auth/login', () => {
  it('logs in the same local user for the same dev name, with a token that works', async () => {
    const first = await api.call('POST', '/api/auth/login', { body: { code: 'dev:张阿姨' } })
    expect(first.status).toBe(200)
    const login = LoginResponse.parse(first.body)
    expect(login.user).toMatchObject({ nickname: '张阿姨', roles: ['resident'], communityId: null, student: null })
    expect(new Date(login.expiresAt).getTime()).toBeGreaterThan(Date.now())
    const second = await api.call('POST', '/api/auth/login', { body: { code: 'dev:张阿姨' } })
    expect(second.body.user.id).toBe(login.user.id)
    expect((await api.call('GET', '/api/me', { token: login.token })).status).toBe(200)
  })

  it('gives the seeded organiser the organiser role', async () => {
    const { user } = await api.login('organizer')
    expect(user.roles).toEqual(expect.arrayContaining(['resident', 'organizer']))
  })

  it.each([
    ['a code that is not a dev login', { code: 'abc' }, 401, 'login_failed'],
    ['an over-long dev name', { code: `dev:${'x'.repeat(33)}` }, 401, 'login_failed'],
    ['no code', {}, 400, 'invalid_request'],
    ['a numeric code', { code: 5 }, 400, 'invalid_request'],
  ])('refuses %s', async (_, body, status, code) => {
    const response = await api.call('POST', '/api/auth/login', { body })
    expect(response.status).toBe(status)
    expect(response.body.error.code).toBe(code)
  })

  it('refuses malformed JSON with 400', async () => {
    const response = await api.call('POST', '/api/auth/login', { raw: '{code:' })
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('invalid_request')
  })
})

describe('tokens', () => {
  it.each([
    ['a missing token', async () => undefined],
    ['a token that is not a JWT', async () => 'not-a-token'],
    ['a token signed with another secret', async (userId: string) =>
      new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setExpirationTime('1h')
        .sign(new TextEncoder().encode('another-secret-another-secret-another'))],
    ['an expired token', async (userId: string) =>
      new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(secret())],
    ['an unsigned token (alg none)', async (userId: string) => {
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
      return `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: userId, exp: Math.floor(Date.now() / 1000) + 3600 })}.`
    }],
    ['a token for a user that does not exist', async () =>
      new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('00000000-0000-4000-8000-000000000000').setExpirationTime('1h')
        .sign(secret())],
  ])('%s is refused with 401 and changes nothing', async (_, makeToken) => {
    const { user } = await api.login('令牌测试')
    const token = await makeToken(user.id)
    const read = await api.call('GET', '/api/me', { token })
    expect(read.status).toBe(401)
    expect(read.body.error.code).toBe('unauthorized')
    const write = await api.call('PATCH', '/api/me', { token, body: { nickname: '被篡改' } })
    expect(write.status).toBe(401)
    const { user: after } = await api.login('令牌测试')
    expect(after.nickname).toBe('令牌测试')
  })
})

describe('/api/me', () => {
  it('shows the user and their points', async () => {
    const { token, user } = await api.login('李大爷')
    const { status, body } = await api.call('GET', '/api/me', { token })
    expect(status).toBe(200)
    expect(MeResponse.parse(body)).toEqual({ user, points: { balance: 0 } })
  })

  it('changes nickname and community, and the change is kept', async () => {
    const { token } = await api.login('改资料')
    const communities = CommunitiesResponse.parse((await api.call('GET', '/api/communities')).body).items
    const response = await api.call('PATCH', '/api/me', { token, body: { nickname: ' 老李 ', communityId: communities[2].id } })
    expect(response.status).toBe(200)
    expect(response.body.user).toMatchObject({ nickname: '老李', communityId: communities[2].id })
    expect((await api.call('GET', '/api/me', { token })).body.user).toMatchObject({ nickname: '老李', communityId: communities[2].id })
  })

  it('refuses a community that does not exist with 409 and changes nothing', async () => {
    const { token } = await api.login('错社区')
    const response = await api.call('PATCH', '/api/me', {
      token,
      body: { nickname: '不该保存', communityId: '00000000-0000-4000-8000-000000000000' },
    })
    expect(response.status).toBe(409)
    expect(response.body.error.code).toBe('community_not_found')
    expect((await api.call('GET', '/api/me', { token })).body.user.nickname).toBe('错社区')
  })

  it.each([{}, { nickname: '' }, { nickname: 3 }, { communityId: 'x' }, { avatarUrl: 'ftp://a/b.png' }])(
    'refuses %j with 400',
    async (body) => {
      const { token } = await api.login('坏输入')
      const response = await api.call('PATCH', '/api/me', { token, body })
      expect(response.status).toBe(400)
      expect(response.body.error.code).toBe('invalid_request')
    },
  )
})

describe('directory', () => {
  it('lists the communities', async () => {
    const { status, body } = await api.call('GET', '/api/communities')
    expect(status).toBe(200)
    expect(CommunitiesResponse.parse(body).items.map((c) => c.name)).toContain('东关社区')
  })

  it('lists the schools with their classes', async () => {
    const schools = SchoolsResponse.parse((await api.call('GET', '/api/schools')).body).items
    expect(schools.map((s) => s.name)).toEqual(['杞县实验小学', '杞县第一初级中学'])
    expect(schools[0].classes.length).toBeGreaterThan(0)
  })
})

describe('routing', () => {
  it('answers an unknown path with 404 in the error shape', async () => {
    expect(await api.call('GET', '/api/nothing-here')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } })
    expect(await api.call('GET', '/api/pledge/nothing')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } })
  })

  it('answers a wrong method with 405 and the allowed ones', async () => {
    const response = await api.call('DELETE', '/api/pledge')
    expect(response).toMatchObject({ status: 405, body: { error: { code: 'method_not_allowed' } } })
    expect(response.headers.get('allow')).toBe('GET, POST, PATCH')
  })

  it('answers CORS preflight from a local H5 dev server, and not from elsewhere', async () => {
    const local = await api.call('OPTIONS', '/api/pledge', { headers: { origin: 'http://127.0.0.1:10086' } })
    expect(local.status).toBe(204)
    expect(local.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:10086')
    const foreign = await api.call('OPTIONS', '/api/pledge', { headers: { origin: 'https://evil.example' } })
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull()
  })
})
