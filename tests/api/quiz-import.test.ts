import { readFileSync } from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { QuestionsResponse } from '../../src/shared/quiz'
import { startApi, type TestApi } from '../support/api'

let api: TestApi
let organizer: string
let resident: string

beforeAll(async () => {
  api = await startApi()
  organizer = (await api.login('organizer')).token
  resident = (await api.login('题库居民')).token
})
afterAll(() => api.close())

const header = ['题型', '题干', '选项A', '选项B', '选项C', '选项D', '选项E', '答案', '解析', '难度', '文章']

/** A CSV file as Excel writes it: every cell quoted, CRLF line ends. */
const csv = (rows: (string | number)[][]) =>
  rows.map((row) => row.map((cell) => `"${String(cell).replace(/"/g, '""')}"`).join(',')).join('\r\n') + '\r\n'

async function upload(data: Buffer | string, filename: string, token = organizer) {
  const form = new FormData()
  form.append('file', new Blob([typeof data === 'string' ? data : new Uint8Array(data)]), filename)
  const response = await fetch(`${api.url}/api/quiz/questions/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  })
  return { status: response.status, body: await response.json() }
}

const bankSize = async () =>
  (await api.sql.query<{ n: number }>(`select count(*)::int as n from quiz_questions where status = 'active'`))[0].n

describe('importing questions', () => {
  it('imports a CSV with all three kinds of question', async () => {
    const before = await bankSize()
    const file = `\uFEFF${csv([
      header,
      ['单选', '垃圾分类中,废电池属于哪一类?', '可回收物', '有害垃圾', '厨余垃圾', '其他垃圾', '', 'B', '废电池含有重金属,属于有害垃圾,要投放到红色桶。', 1, ''],
      ['多选', '下列哪些是文明餐桌的做法?(多选)', '光盘行动', '使用公筷公勺', '剩菜打包', '大声劝酒', '', 'ABC', '文明餐桌提倡节约、卫生:光盘、公筷、打包都是好做法。', 2, ''],
      ['判断', '在图书馆里可以大声打电话,只要很快说完。', '', '', '', '', '', '错', '图书馆是安静的公共场所,打电话应到馆外并轻声。', '易', ''],
    ])}`
    const response = await upload(file, '题目.csv')
    expect(response).toEqual({ status: 201, body: { imported: 3 } })
    expect(await bankSize()).toBe(before + 3)
    const [battery] = await api.sql.query<{ type: string; options: unknown; answer_keys: string[]; difficulty: number }>(
      `select type, options, answer_keys, difficulty from quiz_questions where stem = '垃圾分类中,废电池属于哪一类?'`,
    )
    expect(battery).toEqual({
      type: 'single',
      options: [
        { key: 'A', text: '可回收物' },
        { key: 'B', text: '有害垃圾' },
        { key: 'C', text: '厨余垃圾' },
        { key: 'D', text: '其他垃圾' },
      ],
      answer_keys: ['B'],
      difficulty: 1,
    })
    const [judge] = await api.sql.query<{ answer_keys: string[] }>(`select answer_keys from quiz_questions where stem like '在图书馆里%'`)
    expect(judge.answer_keys).toEqual(['F'])
  })

  it('reads a CSV saved by Excel in GB18030 (GBK)', async () => {
    const response = await upload(readFileSync(path.join(__dirname, '../fixtures/questions-gbk.csv')), 'gbk.csv')
    expect(response).toEqual({ status: 201, body: { imported: 2 } })
    const rows = await api.sql.query<{ explanation: string }>(`select explanation from quiz_questions where stem = '过马路时应当走哪里?'`)
    expect(rows).toEqual([{ explanation: '行人过马路应走人行横道(斑马线),注意来往车辆。' }])
  })

  it('imports the first sheet of an XLSX workbook', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('题目')
    sheet.addRow(header)
    sheet.addRow(['单选', '「十不」公约提倡在公共场所怎样说话?', '大声喧哗', '轻声细语', '随意', '', '', 'B', '公共场所要轻声说话,不影响他人。', 1, ''])
    sheet.addRow(['判断', '红灯亮时,行人可以快速通过路口。', '', '', '', '', '', '错', '红灯停、绿灯行,闯红灯既危险又不文明。', 2, ''])
    const data = Buffer.from(await workbook.xlsx.writeBuffer())
    expect(await upload(data, '题目.xlsx')).toEqual({ status: 201, body: { imported: 2 } })
  })

  it('refuses the whole file when any row is bad, naming each bad line and why', async () => {
    const before = await bankSize()
    const file = csv([
      header,
      ['单选', '一道好题:文明出行应当?', '遵守交通规则', '闯红灯', '', '', '', 'A', '遵守交通规则才安全。', 1, ''],
      ['填空', '题型不对的题', '', '', '', '', '', 'A', '解析写在这里。', 1, ''],
      ['单选', '答案太多的单选题', '甲', '乙', '丙', '', '', 'AB', '单选题只能有一个答案。', 1, ''],
      ['多选', '选项跳着填的题(多选)', '甲', '', '丙', '丁', '', 'AC', '选项应当连续。', 1, ''],
      ['判断', '判断题答案写成了 A', '', '', '', '', '', 'A', '判断题答案应为对或错。', 1, ''],
      ['单选', '引用了不存在的文章', '甲', '乙', '', '', '', 'A', '解析。解析。', 1, 'no-such-article'],
      ['单选', '没有解析的题', '甲', '乙', '', '', '', 'A', '', 1, ''],
    ])
    const response = await upload(file, 'bad.csv')
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('invalid_request')
    expect(response.body.error.message).toContain('6 行')
    expect(response.body.error.details.rows.map((r: { line: number }) => r.line)).toEqual([3, 4, 5, 6, 7, 8])
    for (const row of response.body.error.details.rows) expect(row.reason).toMatch(/[\u4e00-\u9fa5]/)
    expect(await bankSize()).toBe(before)
  })

  it('refuses questions already in the bank (or twice in the file) with 409 and their lines', async () => {
    const before = await bankSize()
    const file = csv([
      header,
      ['单选', '一道全新的题目:排队时应当?', '依次排队', '插队', '', '', '', 'A', '排队要守秩序。', 1, ''],
      ['单选', '垃圾分类中,废电池属于哪一类?', '可回收物', '有害垃圾', '', '', '', 'B', '重复的题。', 1, ''],
    ])
    const response = await upload(file, 'dup.csv')
    expect(response.status).toBe(409)
    expect(response.body.error.code).toBe('duplicate_question')
    expect(response.body.error.details.rows).toEqual([{ line: 3, reason: expect.any(String) }])
    expect(await bankSize()).toBe(before)
  })

  it.each([
    ['a file without the template header', csv([['题目', '答案'], ['什么?', 'A']]), 'h.csv'],
    ['an empty file', '', 'empty.csv'],
    ['a broken Excel file', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('not really a zip')]), 'x.xlsx'],
  ])('refuses %s with 400', async (_, data, name) => {
    const response = await upload(data, name)
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('invalid_request')
  })

  it('refuses a request without a file with 400', async () => {
    const response = await api.call('POST', '/api/quiz/questions/import', { token: organizer, body: { file: 'x' } })
    expect(response.status).toBe(400)
  })

  it('refuses residents with 403 before reading the file', async () => {
    const before = await bankSize()
    const file = csv([header, ['单选', '居民不能导入的题', '甲', '乙', '', '', '', 'A', '解析解析解析。', 1, '']])
    const response = await upload(file, 'r.csv', resident)
    expect(response.status).toBe(403)
    expect(await bankSize()).toBe(before)
  })
})

describe('the question bank', () => {
  it('lists questions for organisers newest first, page by page, with answers', async () => {
    const first = await api.call('GET', '/api/quiz/questions?limit=2', { token: organizer })
    expect(first.status).toBe(200)
    const page = QuestionsResponse.parse(first.body)
    expect(page.items).toHaveLength(2)
    expect(page.items[0].seq).toBeGreaterThan(page.items[1].seq)
    const next = QuestionsResponse.parse((await api.call('GET', `/api/quiz/questions?limit=2&cursor=${page.nextCursor}`, { token: organizer })).body)
    expect(next.items[0].seq).toBeLessThan(page.items[1].seq)
    expect((await api.call('GET', '/api/quiz/questions', { token: resident })).status).toBe(403)
  })

  it('retires a question: no longer listed or drawn', async () => {
    const [target] = await api.sql.query<{ id: string }>(`select id from quiz_questions where stem = '红灯亮时,行人可以快速通过路口。'`)
    expect((await api.call('POST', `/api/quiz/questions/${target.id}/retire`, { token: resident })).status).toBe(403)
    const retired = await api.call('POST', `/api/quiz/questions/${target.id}/retire`, { token: organizer })
    expect(retired).toMatchObject({ status: 200, body: { id: target.id, status: 'retired' } })
    expect((await api.call('POST', `/api/quiz/questions/${target.id}/retire`, { token: organizer })).status).toBe(404)
    const listed = QuestionsResponse.parse((await api.call('GET', '/api/quiz/questions?limit=100', { token: organizer })).body)
    expect(listed.items.map((q) => q.id)).not.toContain(target.id)
    // Shrink the bank to the active questions in a practice draw: the retired one never appears.
    await api.sql.query('update quiz_settings set questions_per_attempt = 20')
    const { token } = await api.login('退题检查')
    for (let i = 0; i < 5; i++) {
      const attempt = (await api.call('POST', '/api/quiz/attempts', { token, body: { mode: 'practice' } })).body
      expect(attempt.questions.map((q: { id: string }) => q.id)).not.toContain(target.id)
    }
    await api.sql.query('update quiz_settings set questions_per_attempt = 5')
  })
})
