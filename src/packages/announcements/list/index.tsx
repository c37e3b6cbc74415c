import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import PagedList from '../../../components/paged-list'
import { usePagedPage } from '../../../hooks/use-paged-page'
import { listAnnouncements } from '../../../services/announcements'
import { scopeLabel, type AnnouncementItem } from '../../../shared/announcements'
import { beijingDate } from '../../../shared/beijing-time'
import './index.scss'

const loadPage = (cursor: string | null) => listAnnouncements(cursor)

export default function AnnouncementList() {
  // Back from an announcement: its unread mark is gone.
  const list = usePagedPage<AnnouncementItem>(loadPage, { refreshOnShow: true })

  return (
    <View className='page notices'>
      <PagedList list={list} emptyText='暂时没有公告,过几天再来看看' doneText='没有更多公告了'>
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
      </PagedList>
    </View>
  )
}
