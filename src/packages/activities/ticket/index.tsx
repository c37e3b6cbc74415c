import { Image, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect } from 'react'
import { activityTime } from '../../../components/activity-card'
import StatusView from '../../../components/status-view'
import { useResource } from '../../../hooks/use-resource'
import { getTicket } from '../../../services/activities'
import './index.scss'

export default function TicketPage() {
  const { params } = useRouter()
  const ticket = useResource(() => getTicket(params.id ?? ''))
  useEffect(() => {
    // Bright enough for the organiser's camera.
    if (process.env.TARO_ENV === 'weapp') void Taro.setScreenBrightness({ value: 1 }).catch(() => {})
  }, [])
  const data = ticket.data
  return (
    <View className='page ticket-page'>
      <StatusView loading={ticket.loading} error={ticket.error} onRetry={ticket.reload}>
        {data && (
          <View className='ticket-page__card'>
            <Text className='ticket-page__title'>{data.activity.title}</Text>
            <Text className='ticket-page__line'>{activityTime(data.activity.startsAt, data.activity.endsAt)}</Text>
            <Text className='ticket-page__line'>{data.activity.location}</Text>
            <Image className='ticket-page__qr' src={data.qrDataUrl} mode='aspectFit' data-testid='ticket-qr' />
            <Text className='ticket-page__state'>
              {data.signup.checkedOutAt ? '已签退,感谢参与!' : data.signup.checkedInAt ? '已签到,离开时请再出示签退' : '到场后请向工作人员出示此码签到'}
            </Text>
            {data.signup.seats > 1 && <Text className='ticket-page__line'>本凭证可供 {data.signup.seats} 人入场</Text>}
          </View>
        )}
      </StatusView>
    </View>
  )
}
