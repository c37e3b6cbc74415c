import { activityKindNames, type Roster } from '../../src/shared/activities'
import { beijingStamp } from '../../src/shared/beijing-time'
import { newWorkbook } from './workbook'

const at = (iso: string | null) => (iso ? beijingStamp(iso, '/') : '')

/**
 * The roster as a workbook for the volunteer records: one row per sign-up with the columns the
 * 中国志愿服务网 hour import asks for (活动名称, 志愿者, 服务时间, 服务时长), plus the door record.
 */
export async function rosterWorkbook(roster: Roster): Promise<Buffer> {
  const workbook = await newWorkbook()
  workbook.creator = '文明创建'
  const sheet = workbook.addWorksheet('报名与时长')
  sheet.columns = [
    { header: '序号', key: 'n', width: 6 },
    { header: '活动名称', key: 'title', width: 28 },
    { header: '活动类型', key: 'kind', width: 10 },
    { header: '志愿者(昵称)', key: 'nickname', width: 16 },
    { header: '所在社区', key: 'community', width: 14 },
    { header: '报名人数', key: 'seats', width: 8 },
    { header: '报名状态', key: 'status', width: 8 },
    { header: '服务开始时间', key: 'start', width: 18 },
    { header: '服务结束时间', key: 'end', width: 18 },
    { header: '签到时间', key: 'in', width: 18 },
    { header: '签退时间', key: 'out', width: 18 },
    { header: '服务时长(小时)', key: 'hours', width: 14 },
  ]
  sheet.getRow(1).font = { bold: true }
  roster.items.forEach((entry, index) => {
    sheet.addRow({
      n: index + 1,
      title: roster.activity.title,
      kind: activityKindNames[roster.activity.kind],
      nickname: entry.nickname,
      community: entry.community ?? '',
      seats: entry.seats,
      status: entry.status === 'confirmed' ? '已报名' : '候补',
      start: at(roster.activity.startsAt),
      end: at(roster.activity.endsAt),
      in: at(entry.checkedInAt),
      out: at(entry.checkedOutAt),
      hours: entry.hours,
    })
  })
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
