import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiError } from '../../api/_lib/errors'
import { loadEnv } from '../../api/_lib/env'
import { openDatabase } from '../../api/_lib/runtime'
import type { Db } from '../../api/_lib/db/types'

let db: Db

beforeAll(async () => {
  db = await openDatabase(loadEnv({ NODE_ENV: 'test', DATA_DIR: 'memory://' }))
})
afterAll(() => db.close())

const newUser = async (name: string) =>
  (await db.rpc<{ id: string }>('api_auth_login', { p_openid: `dev:${name}`, p_nickname: name })).id

type Signed = { created: boolean; signature: { number: number; displayName: string } }
const sign = (userId: string, name: string) => db.rpc<Signed>('api_pledge_sign', { p_user_id: userId, p_display_name: name })

describe('api_pledge_sign', () => {
  it('numbers signatures 1, 2, 3 in signing order and keeps the count with them', async () => {
    const numbers = []
    for (const name of ['甲', '乙', '丙']) numbers.push((await sign(await newUser(name), name)).signature.number)
    expect(numbers).toEqual([1, 2, 3])
    const pledge = await db.rpc<{ count: number }>('api_pledge_get')
    expect(pledge.count).toBe(3)
  })

  it('a second signature by the same user returns the first, unchanged, and earns no more points', async () => {
    const userId = await newUser('丁')
    const first = await sign(userId, '丁一')
    const second = await sign(userId, '另一个名字')
    expect(first.created).toBe(true)
    expect(second).toEqual({ created: false, signature: first.signature })
    const me = await db.rpc<{ points: { balance: number } }>('api_me_get', { p_user_id: userId })
    expect(me.points.balance).toBe(10)
  })

  it('stores the trimmed name and the community the signer belongs to', async () => {
    const userId = await newUser('戊')
    const { items } = await db.rpc<{ items: { id: string; name: string }[] }>('api_communities_list')
    await db.rpc('api_me_update', { p_user_id: userId, p_community_id: items[0].id })
    expect((await sign(userId, '  戊先生 ')).signature.displayName).toBe('戊先生')
    const wall = await db.rpc<{ items: { displayName: string; community: string }[] }>('api_pledge_signatures', { p_limit: 1 })
    expect(wall.items[0]).toMatchObject({ displayName: '戊先生', community: items[0].name })
  })

  it.each(['', '   ', '一二三四五六七八九十一二三四五六七八九十一'])('refuses the name %j and writes nothing', async (name) => {
    const before = await db.rpc<{ count: number }>('api_pledge_get')
    await expect(sign(await newUser(`bad${name.length}`), name)).rejects.toMatchObject({ code: 'invalid_display_name' })
    expect((await db.rpc<{ count: number }>('api_pledge_get')).count).toBe(before.count)
  })

  it('refuses a user that does not exist', async () => {
    const error = await sign('00000000-0000-4000-8000-000000000000', '某人').catch((e) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ code: 'unauthorized', status: 401 })
  })
})

describe('api_pledge_signatures', () => {
  it('pages newest first with one extra row to tell whether more exist', async () => {
    const first = await db.rpc<{ items: { number: number }[] }>('api_pledge_signatures', { p_limit: 2 })
    expect(first.items.map((i) => i.number)).toEqual([5, 4, 3])
    const next = await db.rpc<{ items: { number: number }[] }>('api_pledge_signatures', { p_limit: 2, p_before: 4 })
    expect(next.items.map((i) => i.number)).toEqual([3, 2, 1])
  })
})
