import { dataFieldNames, dataSections, type MyData } from '../../src/shared/account'
import { newWorkbook } from './workbook'

const cell = (value: unknown) => (value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : value)

/** The personal-information export as a workbook: the profile, then one sheet per section. */
export async function dataWorkbook(data: MyData) {
  const workbook = await newWorkbook()
  const profile = workbook.addWorksheet('基本信息')
  profile.columns = [
    { header: '项目', key: 'name', width: 20 },
    { header: '内容', key: 'value', width: 60 },
  ]
  const facts: [string, unknown][] = [
    ['导出时间', data.exportedAt],
    ['用户编号', data.profile.id],
    ['微信标识 (openid)', data.profile.openid],
    ['昵称', data.profile.nickname],
    ['社区', data.profile.community],
    ['注册时间', data.profile.createdAt],
    ['角色', data.profile.roles],
    ['学生信息', data.student],
    ['家庭(小手牵大手)', data.family],
  ]
  for (const [name, value] of facts) profile.addRow({ name, value: cell(value) })
  for (const [key, title] of Object.entries(dataSections) as [keyof typeof dataSections, string][]) {
    const rows = data[key]
    const sheet = workbook.addWorksheet(title)
    const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))]
    sheet.columns = columns.map((column) => ({ header: dataFieldNames[column] ?? column, key: column, width: 22 }))
    for (const row of rows) sheet.addRow(Object.fromEntries(columns.map((column) => [column, cell(row[column])])))
    if (rows.length === 0) sheet.addRow(['(无)'])
  }
  for (const sheet of workbook.worksheets) sheet.getRow(1).font = { bold: true }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
