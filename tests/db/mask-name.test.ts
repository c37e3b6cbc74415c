import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { maskName } from '../../src/shared/common'
import { startApi, type TestApi } from '../support/api'

// Names are masked in two places: the API (public lists) and the database (the data export). They
// must agree, or a name shows two ways.
let api: TestApi
beforeAll(async () => {
  api = await startApi()
})
afterAll(() => api.close())

describe('mask_name', () => {
  it('masks a name as maskName does', async () => {
    const names = ['孙丽华', '欧阳秀兰', '王', ' 张三 ', 'Li Lei', '𠮷野家', '', '  ']
    const [row] = await api.sql.query<{ masked: string[] }>('select array(select mask_name(n) from unnest($1::text[]) n) as masked', [names])
    expect(row.masked).toEqual(names.map(maskName))
  })
})
