import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import './index.scss'

const tools = [
  { title: '发布活动', note: '志愿服务、文明课堂、道德讲堂、文明劝导', url: '/packages/organizer/activity-edit/index' },
  { title: '活动名单与签到', note: '在「活动」里打开活动,点「报名名单与签到」', url: '/pages/activities/index' },
  { title: '小手牵大手进度', note: '各班班级码、学生与家庭参与情况,可导出', url: '/packages/organizer/families/index' },
  { title: '核销兑换码', note: '居民领奖时扫码或输入兑换码', url: '/packages/organizer/verify/index' },
  { title: '题库管理', note: '导入题目(CSV / Excel),停用题目', url: '/packages/organizer/questions/index' },
  { title: '好人评选', note: '创建评选、审核推荐、公示与发布好人榜', url: '/packages/organizer/rounds/index' },
]

export default function OrganizerHome() {
  return (
    <View className='page organizer'>
      {tools.map((tool) => (
        <View key={tool.url} className='organizer__tool' onClick={() => (tool.url.startsWith('/pages/') ? Taro.switchTab({ url: tool.url }) : Taro.navigateTo({ url: tool.url }))}>
          <Text className='organizer__title'>{tool.title}</Text>
          <Text className='organizer__note'>{tool.note}</Text>
        </View>
      ))}
    </View>
  )
}
