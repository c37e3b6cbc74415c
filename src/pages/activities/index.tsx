import { ScrollView, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useCallback, useState } from 'react'
import ActivityCard from '../../components/activity-card'
import PagedList from '../../components/paged-list'
import { usePagedPage } from '../../hooks/use-paged-page'
import { listActivities } from '../../services/activities'
import { activityKindNames, type Activity, type ActivityKind } from '../../shared/activities'
import './index.scss'

const kinds = Object.entries(activityKindNames) as [ActivityKind, string][]

export default function Activities() {
  const [kind, setKind] = useState<ActivityKind | null>(null)
  const load = useCallback((cursor: string | null) => listActivities(kind, cursor), [kind])
  const list = usePagedPage<Activity>(load, { refreshOnShow: true })

  return (
    <View className='page activities'>
      <View className='activities__mine' onClick={() => Taro.navigateTo({ url: '/packages/activities/mine/index' })}>
        <Text className='activities__mine-title'>我的活动</Text>
        <Text className='activities__mine-note'>报名记录、报名凭证、志愿时长 ›</Text>
      </View>
      <ScrollView scrollX className='activities__kinds'>
        {[[null, '全部'] as const, ...kinds].map(([key, name]) => (
          <Text
            key={name}
            className={`activities__kind ${key === kind ? 'activities__kind--active' : ''}`}
            onClick={() => setKind(key)}
          >
            {name}
          </Text>
        ))}
      </ScrollView>
      <PagedList list={list} emptyText='近期还没有这类活动,过几天再来看看' doneText='没有更多活动了'>
        {list.items.map((activity) => (
          <ActivityCard
            key={activity.id}
            activity={activity}
            onClick={() => Taro.navigateTo({ url: `/packages/activities/detail/index?id=${activity.id}` })}
          />
        ))}
      </PagedList>
    </View>
  )
}
