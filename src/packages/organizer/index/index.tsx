import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useResource } from '../../../hooks/use-resource'
import { getMe } from '../../../services/account'
import type { ScopeKind } from '../../../shared/account'
import './index.scss'

/**
 * `scopes`: the kinds of scope whose organisers can use the tool (county organisers use every
 * tool); a tool without `scopes` is for every organiser.
 */
const tools: { title: string; note: string; url: string; scopes?: ScopeKind[]; admin?: boolean }[] = [
  { title: '发布活动', note: '志愿服务、文明课堂、道德讲堂、文明劝导', url: '/packages/organizer/activity-edit/index', scopes: ['community', 'unit'] },
  { title: '活动名单与签到', note: '在「活动」里打开活动,点「报名名单与签到」', url: '/pages/activities/index', scopes: ['community', 'unit'] },
  { title: '小手牵大手进度', note: '各班班级码、学生与家庭参与情况,可导出', url: '/packages/organizer/families/index', scopes: ['school'] },
  { title: '核销兑换码', note: '居民领奖时扫码或输入兑换码', url: '/packages/organizer/verify/index', scopes: [] },
  { title: '题库管理', note: '导入题目(CSV / Excel),停用题目', url: '/packages/organizer/questions/index', scopes: [] },
  { title: '好人评选', note: '创建评选、审核推荐、公示与发布好人榜', url: '/packages/organizer/rounds/index', scopes: [] },
  { title: '参与统计', note: '参与趋势、各社区知晓率 / 支持率 / 参与率,导出评估表', url: '/packages/dashboard/index', scopes: ['community', 'school'] },
  { title: '角色管理', note: '授予、撤销组织者和管理员(仅管理员)', url: '/packages/organizer/roles/index', scopes: [], admin: true },
  { title: '公告', note: '写公告、定时发布、置顶、撤回', url: '/packages/organizer/announcements/index', scopes: ['community', 'school'] },
]

export default function OrganizerHome() {
  const me = useResource(getMe)
  // An older API answer says nothing of scopes: every tool shows, and the API still refuses.
  const scopes = me.data?.user.organizerScopes
  const admin = me.data?.user.roles.includes('admin') ?? false
  const usable = (tool: (typeof tools)[number]) =>
    (!tool.admin || admin) && (!scopes || !tool.scopes || scopes.some((scope) => scope.kind === 'county' || tool.scopes!.includes(scope.kind)))
  if (me.loading) return <View className='page organizer' />
  return (
    <View className='page organizer'>
      {scopes && scopes.length > 0 && (
        <Text className='organizer__scopes'>组织范围:{scopes.map((scope) => scope.name ?? '').join('、')}</Text>
      )}
      {tools.filter(usable).map((tool) => (
        <View key={tool.url} className='organizer__tool' onClick={() => (tool.url.startsWith('/pages/') ? Taro.switchTab({ url: tool.url }) : Taro.navigateTo({ url: tool.url }))}>
          <Text className='organizer__title'>{tool.title}</Text>
          <Text className='organizer__note'>{tool.note}</Text>
        </View>
      ))}
    </View>
  )
}
