import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { activityTime } from '../../../components/activity-card'
import StatusView from '../../../components/status-view'
import { useResource } from '../../../hooks/use-resource'
import { myActivities } from '../../../services/activities'
import type { MyActivities } from '../../../shared/activities'
import './index.scss'

type Item = MyActivities['items'][number]

function Row({ item }: { item: Item }) {
  const state =
    item.activity.status === 'cancelled'
      ? '活动已取消'
      : item.signup.status === 'waitlisted'
        ? `候补第 ${item.signup.position} 位`
        : item.signup.checkedOutAt
          ? `已完成 · ${item.hours} 小时`
          : item.signup.checkedInAt
            ? '已签到'
            : '已报名'
  return (
    <View className='mine-row' onClick={() => Taro.navigateTo({ url: `/packages/activities/detail/index?id=${item.activity.id}` })}>
      <Text className='mine-row__title'>{item.activity.title}</Text>
      <Text className='mine-row__line'>{activityTime(item.activity.startsAt, item.activity.endsAt)}</Text>
      <Text className='mine-row__state'>{state}</Text>
    </View>
  )
}

export default function Mine() {
  const mine = useResource(myActivities)
  useDidShow(() => {
    if (mine.data) void mine.reload()
  })
  usePullDownRefresh(async () => {
    await mine.reload()
    Taro.stopPullDownRefresh()
  })
  const now = Date.now()
  const upcoming = mine.data?.items.filter((i) => Date.parse(i.activity.endsAt) > now) ?? []
  const past = mine.data?.items.filter((i) => Date.parse(i.activity.endsAt) <= now) ?? []
  return (
    <View className='page mine'>
      <StatusView loading={mine.loading} error={mine.error} onRetry={mine.reload}>
        {mine.data && (
          <>
            <View className='mine__hours'>
              <Text className='mine__hours-label'>累计志愿时长</Text>
              <Text className='mine__hours-value' data-testid='hours-total'>{mine.data.hoursTotal} 小时</Text>
            </View>
            <Text className='mine__heading'>即将参加</Text>
            {upcoming.length ? upcoming.map((item) => <Row key={item.activity.id} item={item} />) : <Text className='mine__empty'>还没有报名的活动</Text>}
            <Text className='mine__heading'>参加过的</Text>
            {past.length ? past.map((item) => <Row key={item.activity.id} item={item} />) : <Text className='mine__empty'>还没有参加过活动</Text>}
          </>
        )}
      </StatusView>
    </View>
  )
}
