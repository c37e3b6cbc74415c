import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { useEffect } from 'react'
import StatusView from '../../../components/status-view'
import { usePagedList } from '../../../hooks/use-paged-list'
import { listAnnouncements } from '../../../services/announcements'
import { scopeLabel, type AnnouncementItem } from '../../../shared/announcements'
import { beijingDate } from '../../../shared/beijing-time'
import './index.scss'

const loadPage = (cursor: string | null) => listAnnouncements(cursor)

export default function AnnouncementList() {
  const list = usePagedList<AnnouncementItem>(loadPage)
  useEffect(() => {
    void list.refresh()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
  // Back from an announcement: its unread mark is gone.
  useDidShow(() => {
    if (list.items.length) void list.refresh()
  })
  usePullDownRefresh(async () => {
    await list.refresh()
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void list.loadMore())

  return (
    <View className='page notices'>
      <StatusView
        loading={list.initial}
        error={list.items.length === 0 ? list.error : null}
        empty={list.items.length === 0}
        emptyText='暂时没有公告,过几天再来看看'
        onRetry={list.retry}
      >
        {list.items.map((item) => (
          <View
            key={item.id}
            className='notices__item'
            data-testid='announcement-item'
            onClick={() => Taro.navigateTo({ url: `/packages/announcements/detail/index?id=${item.id}` })}
          >
            <View className='notices__head'>
              {item.unread && <View className='notices__dot' data-testid='unread-dot' aria-label='未读' />}
              {item.pinned && <Text className='notices__pin'>置顶</Text>}
              <Text className={`notices__title ${item.unread ? 'notices__title--unread' : ''}`}>{item.title}</Text>
            </View>
            {item.summary && <Text className='notices__summary'>{item.summary}</Text>}
            <Text className='notices__meta'>
              {scopeLabel(item.scope)} · {beijingDate(item.publishAt)}
            </Text>
          </View>
        ))}
        <Text className='notices__end'>{list.error ?? (list.done ? '没有更多公告了' : '上滑加载更多')}</Text>
      </StatusView>
    </View>
  )
}
