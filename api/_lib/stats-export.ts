import type ExcelJS from 'exceljs'
import { beijingStamp } from '../../src/shared/beijing-time'
import type { Dashboard, StatsFigures } from '../../src/shared/stats'
import { newWorkbook } from './workbook'

const headerFont = { bold: true }
const rateFormat = '0.0%'

/** Plain words for how each figure is counted, printed on the summary sheet for assessors. */
export const definitions = [
  '注册居民:截至统计时段最后一天仍有效的账号,按本人选择的社区计(未选择社区的计入「未选社区」);学校按班级计,含学生及其邀请加入的家人、邻居。',
  '参与人数:统计时段内至少参与一次(签名、答题、推荐、点赞、参加活动等,不含家人参与给学生记的积分和兑换奖品)的居民,每人只计一次,计入其时段内第一次参与时所在的社区(班级)。',
  '知晓率 = 截至时段末至少完成一次计分答题的注册居民 ÷ 注册居民。',
  '支持率 = 截至时段末已签署文明承诺的注册居民 ÷ 注册居民。',
  '参与率 = 时段内参与人数 ÷ 注册居民。',
]

type Row = { name: string } & StatsFigures

function addTable(
  workbook: ExcelJS.Workbook,
  title: string,
  groupHeader: string,
  rows: Row[],
  totals: Row,
  columns: { header: string; value: (row: Row) => number | string | null; rate?: boolean; width?: number }[],
) {
  const sheet = workbook.addWorksheet(title)
  sheet.columns = [
    { header: groupHeader, key: 'name', width: 18 },
    ...columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width ?? 14 })),
  ]
  sheet.getRow(1).font = headerFont
  for (const row of [...rows, totals]) {
    sheet.addRow({ name: row.name, ...Object.fromEntries(columns.map((c, i) => [`c${i}`, c.value(row)])) })
  }
  sheet.lastRow!.font = headerFont
  columns.forEach((c, i) => {
    if (c.rate) sheet.getColumn(i + 2).numFmt = rateFormat
  })
  return sheet
}

/**
 * The assessment workbook: a summary (registered residents, participants and the three rates per
 * community or class, with the scope, period and time of making), then one sheet per capability and
 * the participation over time.
 */
export async function assessmentWorkbook(dashboard: Dashboard) {
  const workbook = await newWorkbook()
  workbook.created = new Date(dashboard.generatedAt)
  const groupHeader = dashboard.groupKind === 'class' ? '班级' : '社区'
  const rows: Row[] = dashboard.groups
  const totals: Row = { name: '合计', ...dashboard.totals }
  const period = `${dashboard.period.from} 至 ${dashboard.period.to}(${dashboard.period.days} 天)`

  const summary = workbook.addWorksheet('汇总')
  summary.columns = [
    { key: 'name', width: 18 },
    { key: 'registered', width: 12 },
    { key: 'participants', width: 12 },
    { key: 'awarenessRate', width: 12 },
    { key: 'supportRate', width: 12 },
    { key: 'participationRate', width: 12 },
  ]
  summary.addRow(['文明创建参与情况评估表']).font = { bold: true, size: 14 }
  summary.addRow(['统计范围', dashboard.scope.name])
  summary.addRow(['统计时段', period])
  summary.addRow(['生成时间', `${beijingStamp(dashboard.generatedAt)}(北京时间)`])
  summary.addRow([])
  const header = summary.addRow([groupHeader, '注册居民', '参与人数', '知晓率', '支持率', '参与率'])
  header.font = headerFont
  for (const row of [...rows, totals]) {
    const added = summary.addRow([row.name, row.registered, row.participants, row.awarenessRate, row.supportRate, row.participationRate])
    for (const column of [4, 5, 6]) added.getCell(column).numFmt = rateFormat
    if (row === totals) added.font = headerFont
  }
  summary.addRow([])
  summary.addRow(['指标口径']).font = headerFont
  for (const line of definitions) summary.addRow([line])

  addTable(workbook, '签名承诺', groupHeader, rows, totals, [
    { header: '注册居民', value: (r) => r.registered },
    { header: '已签名居民(截至期末)', value: (r) => r.pledgedResidents, width: 22 },
    { header: '支持率', value: (r) => r.supportRate, rate: true },
    { header: '期内签名', value: (r) => r.pledges },
  ])
  addTable(workbook, '知识问答', groupHeader, rows, totals, [
    { header: '注册居民', value: (r) => r.registered },
    { header: '期内答题人数', value: (r) => r.quizTakers },
    { header: '期内答题次数', value: (r) => r.quizzes },
    { header: '平均得分', value: (r) => r.averageScore },
    { header: '已答题居民(截至期末)', value: (r) => r.awareResidents, width: 22 },
    { header: '知晓率', value: (r) => r.awarenessRate, rate: true },
  ])
  addTable(workbook, '身边好人', groupHeader, rows, totals, [
    { header: '期内推荐', value: (r) => r.nominations },
    { header: '期内点赞', value: (r) => r.votes },
  ])
  addTable(workbook, '志愿活动', groupHeader, rows, totals, [
    { header: '期内报名', value: (r) => r.signups },
    { header: '参加活动(签退)', value: (r) => r.attended, width: 16 },
    { header: '志愿时长(小时)', value: (r) => r.volunteerHours, width: 16 },
  ])
  addTable(workbook, '小手牵大手', groupHeader, rows, totals, [
    { header: '家人邻居加入', value: (r) => r.familyJoins },
    { header: '带动家庭', value: (r) => r.familiesReached },
  ])

  const trend = workbook.addWorksheet('参与趋势')
  trend.columns = [
    { header: dashboard.period.bucket === 'week' ? '周起' : '日期', key: 'start', width: 12 },
    { header: '至', key: 'end', width: 12 },
    { header: '参与人数', key: 'participants', width: 12 },
    { header: '参与次数', key: 'acts', width: 12 },
  ]
  trend.getRow(1).font = headerFont
  for (const bucket of dashboard.series) trend.addRow(bucket)

  return Buffer.from(await workbook.xlsx.writeBuffer())
}
