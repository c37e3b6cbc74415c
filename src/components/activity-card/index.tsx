import { Text, View } from '@tarojs/components'
import { activityKindNames, type Activity } from '../../shared/activities'
import { beijingDate, beijingParts, beijingWeekday } from '../../shared/beijing-time'
import './index.scss'

/** "12月6日 周六 09:00–11:00": dates as people say them, in Beijing time. */
export const activityTime = (startsAt: string, endsAt: string) =>
  `${beijingDate(startsAt)} 周${'日一二三四五六'[beijingWeekday(startsAt)]} ${beijingParts(startsAt).time}–${beijingParts(endsAt).time}`

export function signupLabel(activity: Pick<Activity, 'mySignup'>) {
  const mine = activity.mySignup
  if (!mine) return null
  return mine.status === 'confirmed' ? '已报名' : `候补第 ${mine.position} 位`
}

export default function ActivityCard({ activity, onClick }: { activity: Activity; onClick: () => void }) {
  const full = activity.confirmedCount >= activity.capacity
  const label = signupLabel(activity)
  return (
    <View className='activity-card' onClick={onClick} data-testid='activity-card'>
      <View className='activity-card__head'>
        <Text className='activity-card__kind'>{activityKindNames[activity.kind]}</Text>
        {label && <Text className='activity-card__mine'>{label}</Text>}
      </View>
      <Text className='activity-card__title'>{activity.title}</Text>
      <Text className='activity-card__line'>时间:{activityTime(activity.startsAt, activity.endsAt)}</Text>
      <Text className='activity-card__line'>地点:{activity.location}</Text>
      <Text className={`activity-card__seats ${full ? 'activity-card__seats--full' : ''}`}>
        {full ? `名额已满 · ${activity.waitlistCount} 人候补` : `已报名 ${activity.confirmedCount} / ${activity.capacity} 人`}
        {activity.hours > 0 ? ` · 志愿时长 ${activity.hours} 小时` : ''}
      </Text>
    </View>
  )
}
