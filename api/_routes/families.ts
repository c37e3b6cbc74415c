import * as z from 'zod/mini'
import { BindStudentRequest, InviteCode, JoinFamilyRequest, RankingsQuery, type ClassProgress, type FamilyCard } from '../../src/shared/families'
import { familiesOrganizerPaths } from '../../src/shared/organizer-paths'
import { familiesPaths } from '../../src/shared/paths'
import { ApiError } from '../_lib/errors'
import { route } from '../_lib/handler'
import { newWorkbook } from '../_lib/workbook'

async function progressWorkbook(items: ClassProgress[]) {
  const workbook = await newWorkbook()
  const sheet = workbook.addWorksheet('小手牵大手进度')
  sheet.columns = [
    { header: '学校', key: 'school', width: 22 },
    { header: '班级', key: 'class', width: 14 },
    { header: '班级码', key: 'joinCode', width: 10 },
    { header: '已加入学生', key: 'students', width: 12 },
    { header: '待家长确认', key: 'awaitingConsent', width: 12 },
    { header: '带动家庭数', key: 'familiesReached', width: 12 },
    { header: '家人与邻居', key: 'familyMembers', width: 12 },
    { header: '签名人数', key: 'signed', width: 10 },
    { header: '参与次数', key: 'acts', width: 10 },
  ]
  sheet.getRow(1).font = { bold: true }
  for (const item of items) sheet.addRow(item)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

export const routes = [
  route({
    method: 'POST',
    path: familiesPaths.student,
    auth: 'user',
    oneCall: true,
    body: BindStudentRequest,
    // Class codes are 6 characters: guessing them must stay slow. A child mistyping has ten tries.
    rateLimit: { perUser: { limit: 10, windowSeconds: 600 } },
    handle: async ({ userId, body, runtime }) => ({
      status: 201,
      body: await runtime.db.rpc('api_student_bind', { p_user_id: userId, p_join_code: body.joinCode, p_under_14: body.under14 }),
    }),
  }),
  route({
    method: 'GET',
    path: familiesPaths.card,
    auth: 'user',
    handle: async ({ userId, runtime }) => ({ body: await runtime.db.rpc('api_family_card', { p_user_id: userId }) }),
  }),
  route({
    method: 'GET',
    path: familiesPaths.poster,
    auth: 'user',
    async handle({ userId, runtime }) {
      const card = await runtime.db.rpc<FamilyCard>('api_family_card', { p_user_id: userId })
      if (!card.inviteCode) throw new ApiError('invalid_invite', '只有加入班级的学生和他们的家人可以生成邀请海报。')
      if (!runtime.wechat) throw new ApiError('poster_unavailable')
      const image = await runtime.wechat.unlimitedCode(`i=${card.inviteCode}`, 'packages/families/join/index').catch(() => {
        throw new ApiError('poster_unavailable')
      })
      return { body: { inviteCode: card.inviteCode, imageDataUrl: `data:${image.type};base64,${image.data.toString('base64')}` } }
    },
  }),
  route({
    method: 'GET',
    path: familiesPaths.invite,
    auth: 'public',
    params: z.object({ code: InviteCode }),
    handle: async ({ params, runtime }) => ({ body: await runtime.db.rpc('api_family_invite_get', { p_code: params.code }) }),
  }),
  route({
    method: 'POST',
    path: familiesPaths.join,
    auth: 'user',
    oneCall: true,
    body: JoinFamilyRequest,
    // Invitation codes join a stranger's family: no guessing.
    rateLimit: { perUser: { limit: 10, windowSeconds: 60 } },
    async handle({ userId, body, runtime }) {
      const result = await runtime.db.rpc<{ joined: boolean }>('api_family_join', { p_user_id: userId, p_code: body.code })
      return { status: result.joined ? 201 : 200, body: result }
    },
  }),
  route({
    method: 'POST',
    path: familiesPaths.consent,
    auth: 'user',
    oneCall: true,
    handle: async ({ userId, runtime }) => ({ body: await runtime.db.rpc('api_family_consent', { p_user_id: userId }) }),
  }),
  route({
    method: 'GET',
    path: familiesPaths.rankings,
    auth: 'public',
    query: RankingsQuery,
    handle: async ({ query, runtime }) => ({
      body: await runtime.db.rpc('api_family_rankings', { p_scope: query.scope, p_school_id: query.schoolId ?? null }),
    }),
  }),
  route({
    method: 'GET',
    path: familiesOrganizerPaths.progress,
    auth: 'organizer',
    handle: async ({ userId, runtime }) => ({ body: await runtime.db.rpc('api_family_progress', { p_user_id: userId }) }),
  }),
  route({
    method: 'GET',
    path: familiesOrganizerPaths.progressWorkbook,
    auth: 'organizer',
    async handle({ userId, runtime }) {
      const { items } = await runtime.db.rpc<{ items: ClassProgress[] }>('api_family_progress', { p_user_id: userId })
      return {
        file: {
          name: '小手牵大手进度.xlsx',
          type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          data: await progressWorkbook(items),
        },
      }
    },
  }),
]
