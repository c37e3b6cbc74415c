import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect } from 'react'
import { useResource } from '../../hooks/use-resource'
import { listAnnouncements, showUnreadBadge, unreadCount } from '../../services/announcements'
import type { AnnouncementItem } from '../../shared/announcements'
import { beijingDate } from '../../shared/beijing-time'
import StatusView from '../status-view'
import './index.scss'

/** The 首页 block's data: the first three announcements (pinned, then newest) and the unread count. */
export function useHomeAnnouncements() {
  const list = useResource(() => listAnnouncements(null, 3))
  const unread = useResource(unreadCount)
  const count = unread.data?.count ?? 0
  useEffect(() => {
    if (unread.data) showUnreadBadge(unread.data.count)
  }, [unread.data])
  return {
    items: list.data?.items ?? [],
    loading: list.loading,
    error: list.error,
    unread: count,
    loaded: list.data !== null,
    reload: () => Promise.all([list.reload(), unread.reload()]),
  }
}

const openDetail = (item: AnnouncementItem) => Taro.navigateTo({ url: `/packages/announcements/detail/index?id=${item.id}` })

export default function AnnouncementBlock({ data }: { data: ReturnType<typeof useHomeAnnouncements> }) {
  return (
    <View className='notice' data-testid='home-announcements'>
      <View className='notice__head'>
        <Text className='notice__title'>公告</Text>
        {data.unread > 0 && (
          <Text className='notice__count' data-testid='announcements-unread'>
            {data.unread > 99 ? '99+' : data.unread} 条未读
          </Text>
        )}
        <Text className='notice__more' onClick={() => Taro.navigateTo({ url: '/packages/announcements/list/index' })}>
          更多 ›
        </Text>
      </View>
      <StatusView loading={data.loading} error={data.error} empty={data.items.length === 0} emptyText='暂时没有公告' onRetry={data.reload}>
        {data.items.map((item) => (
          <View key={item.id} className='notice__item' data-testid='announcement-row' onClick={() => openDetail(item)}>
            {item.unread ? <View className='notice__dot' data-testid='unread-dot' aria-label='未读' /> : <View className='notice__dot notice__dot--read' />}
            {item.pinned && <Text className='notice__pin'>置顶</Text>}
            <Text className='notice__item-title'>{item.title}</Text>
            <Text className='notice__date'>{beijingDate(item.publishAt)}</Text>
          </View>
        ))}
      </StatusView>
    </View>
  )
}
