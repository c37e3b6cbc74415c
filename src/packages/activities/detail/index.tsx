import { Button, Picker, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro'
import { useState } from 'react'
import { activityTime, signupLabel } from '../../../components/activity-card'
import StatusView from '../../../components/status-view'
import { refusedIn, useAction } from '../../../hooks/use-action'
import { useResource } from '../../../hooks/use-resource'
import { getMe } from '../../../services/account'
import { cancelSignup, getActivity, signUp } from '../../../services/activities'
import { organizesIn } from '../../../shared/account'
import { activityKindNames, audienceNames, cancelRuleNames } from '../../../shared/activities'
import { beijingLabel } from '../../../shared/beijing-time'
import './index.scss'

const seatChoices = ['1 人(本人)', '2 人(本人 + 1 位家人)', '3 人(本人 + 2 位家人)', '4 人(本人 + 3 位家人)', '5 人(本人 + 4 位家人)']

export default function ActivityDetail() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const activity = useResource(() => getActivity(id))
  const me = useResource(getMe)
  const [seats, setSeats] = useState(1)
  const action = useAction()
  useDidShow(() => {
    if (activity.data) void activity.reload()
  })
  useShareAppMessage(() => ({ title: activity.data?.title ?? '文明实践活动', path: `/packages/activities/detail/index?id=${id}` }))

  const join = () =>
    action.run(() => signUp(id, seats), {
      done: (signup) => {
        Taro.showModal({
          title: signup.status === 'confirmed' ? '报名成功' : '已进入候补',
          content: signup.status === 'confirmed' ? '活动当天请出示报名凭证签到。' : `您是候补第 ${signup.position} 位,有人取消时会自动为您补上,并通知您。`,
          showCancel: false,
        })
        return activity.reload()
      },
      failed: refusedIn('没有报上名'),
    })

  // Refused or not, the activity is read again: the refusal may come from a change made elsewhere.
  const leave = () =>
    action.run(() => cancelSignup(id), {
      confirm: { title: '取消报名?', content: '取消后名额会让给候补的居民。', confirmText: '取消报名', cancelText: '再想想' },
      toast: '已取消报名',
      done: activity.reload,
      failed: (error) => {
        refusedIn('没有取消成功')(error)
        void activity.reload()
      },
    })

  const data = activity.data
  // The organiser's buttons for those who organise the activity's scope (any organiser when the
  // answer predates scopes; the API decides either way).
  const user = me.data?.user
  const scopes = user?.organizerScopes
  const organizer =
    !!user && (user.roles.includes('organizer') || user.roles.includes('admin')) &&
    (!scopes || !data ||
      (data.communityId ? organizesIn(scopes, 'community', data.communityId) : data.unitId ? organizesIn(scopes, 'unit', data.unitId) : organizesIn(scopes, 'county')))
  const closed = data ? data.status === 'cancelled' || Date.now() > Date.parse(data.signupDeadline) : true
  const canCancel =
    data?.mySignup &&
    !data.mySignup.checkedInAt &&
    (data.cancelRule === 'anytime' || (data.cancelRule === 'until_deadline' && !closed))

  return (
    <View className='page detail'>
      <StatusView loading={activity.loading} error={activity.error} onRetry={activity.reload}>
        {data && (
          <>
            <View className='detail__card'>
              <Text className='detail__kind'>{activityKindNames[data.kind]}</Text>
              <Text className='detail__title'>{data.title}</Text>
              {data.status === 'cancelled' && <Text className='detail__cancelled'>此活动已取消</Text>}
              <Text className='detail__line'>时间:{activityTime(data.startsAt, data.endsAt)}</Text>
              <Text className='detail__line'>地点:{data.location}</Text>
              {data.latitude !== null && data.longitude !== null && (
                <Text
                  className='detail__map'
                  onClick={() => Taro.openLocation({ latitude: data.latitude!, longitude: data.longitude!, name: data.location, scale: 17 })}
                >
                  在地图上查看 ›
                </Text>
              )}
              <Text className='detail__line'>
                名额:{data.capacity} 人,已报名 {data.confirmedCount} 人{data.waitlistCount ? `,候补 ${data.waitlistCount} 人` : ''}
              </Text>
              <Text className='detail__line'>对象:{audienceNames[data.audience]}</Text>
              {data.hours > 0 && <Text className='detail__line'>志愿时长:签到签退后记 {data.hours} 小时</Text>}
              <Text className='detail__line'>报名截止:{beijingLabel(data.signupDeadline)} · {cancelRuleNames[data.cancelRule]}</Text>
              {data.description && <Text className='detail__description'>{data.description}</Text>}
            </View>

            <View className='detail__card'>
              {data.mySignup ? (
                <>
                  <Text className='detail__status' data-testid='my-signup'>
                    {signupLabel(data)}
                    {data.mySignup.seats > 1 ? `(${data.mySignup.seats} 人)` : ''}
                  </Text>
                  {data.mySignup.status === 'confirmed' && (
                    <Button
                      className='detail__primary'
                      onClick={() => Taro.navigateTo({ url: `/packages/activities/ticket/index?id=${id}` })}
                    >
                      查看报名凭证(签到二维码)
                    </Button>
                  )}
                  {canCancel && (
                    <Button className='detail__secondary' onClick={leave}>
                      取消报名
                    </Button>
                  )}
                </>
              ) : closed ? (
                <Text className='detail__status'>报名已截止</Text>
              ) : (
                <>
                  <Picker mode='selector' range={seatChoices} value={seats - 1} onChange={(e) => setSeats(Number(e.detail.value) + 1)}>
                    <View className='detail__seats'>
                      <Text>报名人数:{seatChoices[seats - 1]}</Text>
                      <Text className='detail__chevron'>›</Text>
                    </View>
                  </Picker>
                  <Button className={`detail__primary ${action.busy ? 'is-disabled' : ''}`} loading={action.busy || undefined} disabled={action.busy || undefined} onClick={join}>
                    {data.confirmedCount + seats > data.capacity || data.waitlistCount > 0 ? '名额已满,报名候补' : '我要报名'}
                  </Button>
                </>
              )}
            </View>

            {organizer && (
              <View className='detail__card'>
                <Text className='detail__organizer'>组织者</Text>
                <Button className='detail__primary' onClick={() => Taro.navigateTo({ url: `/packages/organizer/roster/index?id=${id}` })}>
                  报名名单与签到
                </Button>
                <Button
                  className='detail__secondary'
                  onClick={() => Taro.navigateTo({ url: `/packages/organizer/activity-edit/index?id=${id}` })}
                >
                  编辑活动
                </Button>
              </View>
            )}
          </>
        )}
      </StatusView>
    </View>
  )
}
