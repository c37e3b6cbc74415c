import * as z from 'zod/mini'
import { ApiError } from './errors'
import { newWorkbook } from './workbook'

/** A question ready for api_quiz_import. */
export interface ImportedQuestion {
  type: 'single' | 'multiple' | 'judge'
  stem: string
  options: { key: string; text: string }[]
  answerKeys: string[]
  explanation: string
  difficulty: number
  articleSlug: string | null
}

export interface RowProblem {
  line: number
  reason: string
}

// The template's columns; organisers download it, fill it in Excel or WPS, and upload it.
export const columns = ['题型', '题干', '选项A', '选项B', '选项C', '选项D', '选项E', '选项F', '答案', '解析', '难度', '文章'] as const
const optionColumns = ['选项A', '选项B', '选项C', '选项D', '选项E', '选项F'] as const

const types: Record<string, ImportedQuestion['type']> = {
  单选: 'single', 单选题: 'single', single: 'single',
  多选: 'multiple', 多选题: 'multiple', multiple: 'multiple',
  判断: 'judge', 判断题: 'judge', judge: 'judge',
}
const judgeAnswers: Record<string, string> = { 对: 'T', 正确: 'T', '√': 'T', T: 'T', TRUE: 'T', 错: 'F', 错误: 'F', '×': 'F', F: 'F', FALSE: 'F' }
const difficulties: Record<string, number> = { '': 1, '1': 1, '2': 2, '3': 3, 易: 1, 简单: 1, 中: 2, 中等: 2, 难: 3, 困难: 3 }

const text = (max: number, what: string) =>
  z.string().check(z.trim(), z.minLength(1, { message: `${what}不能为空` }), z.maxLength(max, { message: `${what}最多 ${max} 个字` }))
const Stem = text(300, '题干')
const Explanation = text(500, '解析')
const OptionText = z.string().check(z.trim(), z.maxLength(200, { message: '选项最多 200 个字' }))

/** One spreadsheet row → a question, or the reason it cannot be one (in words for organisers). */
export function questionFromRow(row: Record<string, string>, articleSlugs: Set<string>): ImportedQuestion | string {
  const type = types[(row['题型'] ?? '').trim().toLowerCase()] ?? types[(row['题型'] ?? '').trim()]
  if (!type) return '题型应为 单选、多选 或 判断'
  const stem = Stem.safeParse(row['题干'] ?? '')
  if (!stem.success) return stem.error.issues[0].message
  const explanation = Explanation.safeParse(row['解析'] ?? '')
  if (!explanation.success) return explanation.error.issues[0].message
  const difficulty = difficulties[(row['难度'] ?? '').trim()]
  if (difficulty === undefined) return '难度应为 1、2、3(或 易、中、难)'
  const slug = (row['文章'] ?? '').trim()
  if (slug && !articleSlugs.has(slug)) return `没有找到文章「${slug}」,请填写学习园地中文章的编号或留空`
  const answer = (row['答案'] ?? '').trim().toUpperCase()

  if (type === 'judge') {
    const key = judgeAnswers[answer]
    if (!key) return '判断题的答案应为 对 或 错'
    const options = [{ key: 'T', text: '正确' }, { key: 'F', text: '错误' }]
    return { type, stem: stem.data, options, answerKeys: [key], explanation: explanation.data, difficulty, articleSlug: slug || null }
  }

  const options: { key: string; text: string }[] = []
  for (const [index, column] of optionColumns.entries()) {
    const option = OptionText.safeParse(row[column] ?? '')
    if (!option.success) return `${column}:${option.error.issues[0].message}`
    if (!option.data) continue
    if (options.length !== index) return '选项要从 A 开始连续填写,中间不能空着'
    options.push({ key: String.fromCharCode(65 + index), text: option.data })
  }
  if (options.length < 2) return '至少要有 A、B 两个选项'
  const answerKeys = [...new Set(answer.replace(/[^A-F]/g, '').split('').filter(Boolean))].sort()
  if (answerKeys.length === 0) return '请填写答案(如 A 或 ACD)'
  const missing = answerKeys.filter((key) => !options.some((o) => o.key === key))
  if (missing.length) return `答案 ${missing.join('、')} 没有对应的选项`
  if (type === 'single' && answerKeys.length !== 1) return '单选题只能有一个答案'
  if (type === 'multiple' && answerKeys.length < 2) return '多选题至少要有两个答案'
  return { type, stem: stem.data, options, answerKeys, explanation: explanation.data, difficulty, articleSlug: slug || null }
}

/** The rows of a CSV (UTF-8 or GB18030, as Excel saves it in China) or of an XLSX's first sheet. */
export async function readRows(data: Buffer): Promise<{ line: number; row: Record<string, string> }[]> {
  // Recognised by content, not by name: an XLSX file is a ZIP archive.
  const isXlsx = data.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))
  const table = isXlsx ? await xlsxTable(data) : await csvTable(data)
  const [header, ...body] = table
  const names = (header ?? []).map((cell) => cell.trim())
  const absent = ['题型', '题干', '答案', '解析'].filter((name) => !names.includes(name))
  if (absent.length) {
    throw new ApiError('invalid_request', `表头缺少:${absent.join('、')}。请使用导入模板。`, { columns })
  }
  return body
    .map((cells, index) => ({ line: index + 2, row: Object.fromEntries(names.map((name, i) => [name, cells[i] ?? ''])) }))
    .filter(({ row }) => Object.values(row).some((value) => value.trim() !== ''))
}

/** The CSV parser is loaded by the first import, not by the function's cold start (`npm run bench:cold`). */
async function csvTable(data: Buffer): Promise<string[][]> {
  const { parse: parseCsv } = await import('csv-parse/sync')
  let decoded: string
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(data)
  } catch {
    decoded = new TextDecoder('gb18030').decode(data)
  }
  try {
    return parseCsv(decoded, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][]
  } catch (error) {
    throw new ApiError('invalid_request', `CSV 文件格式有误:${(error as Error).message}`)
  }
}

async function xlsxTable(data: Buffer): Promise<string[][]> {
  const workbook = await newWorkbook()
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer)
  } catch {
    throw new ApiError('invalid_request', '无法读取这个 Excel 文件,请另存为 .xlsx 后再试。')
  }
  const sheet = workbook.worksheets[0]
  if (!sheet) return []
  const rows: string[][] = []
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const values = (row.values as unknown[]).slice(1).map((value) => cellText(value))
    rows[number - 1] = values
  })
  return Array.from(rows, (row) => row ?? [])
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'object') {
    const cell = value as { text?: string; richText?: { text: string }[]; result?: unknown }
    if (cell.richText) return cell.richText.map((part) => part.text).join('')
    if (cell.text !== undefined) return String(cell.text)
    if (cell.result !== undefined) return String(cell.result)
  }
  return String(value)
}

/** Every row checked; the whole file is refused when any row is bad. */
export function questionsFrom(rows: { line: number; row: Record<string, string> }[], articleSlugs: Set<string>) {
  const questions: { line: number; question: ImportedQuestion }[] = []
  const problems: RowProblem[] = []
  for (const { line, row } of rows) {
    const result = questionFromRow(row, articleSlugs)
    if (typeof result === 'string') problems.push({ line, reason: result })
    else questions.push({ line, question: result })
  }
  return { questions, problems }
}
