import { Image, RichText, Text, View } from '@tarojs/components'
import { useRouter, useShareAppMessage } from '@tarojs/taro'
import StatusView from '../../../components/status-view'
import { useResource } from '../../../hooks/use-resource'
import { getAnnouncement } from '../../../services/announcements'
import { styledHtml } from '../../../shared/announcement-markup'
import { scopeLabel } from '../../../shared/announcements'
import { beijingLabel } from '../../../shared/beijing-time'
import './index.scss'

export default function AnnouncementDetail() {
  const { params } = useRouter()
  const id = params.id ?? ''
  // Opening it marks it read: the 首页 badge counts one fewer when the resident goes back.
  const announcement = useResource(() => getAnnouncement(id))
  const data = announcement.data
  useShareAppMessage(() => ({
    title: data ? `公告:${data.title}` : '文明创建公告',
    path: `/packages/announcements/detail/index?id=${id}`,
    imageUrl: data?.coverUrl ?? undefined,
  }))

  return (
    <View className='page notice-detail'>
      <StatusView loading={announcement.loading} error={announcement.error} onRetry={announcement.reload}>
        {data && (
          <View className='notice-detail__card'>
            <Text className='notice-detail__title' data-testid='announcement-title'>
              {data.title}
            </Text>
            <Text className='notice-detail__meta'>
              {scopeLabel(data.scope)} · {beijingLabel(data.publishAt)} 发布
            </Text>
            {data.coverUrl && <Image className='notice-detail__cover' src={data.coverUrl} mode='widthFix' />}
            <RichText className='notice-detail__body' data-testid='announcement-body' nodes={styledHtml(data.body)} />
          </View>
        )}
      </StatusView>
    </View>
  )
}
