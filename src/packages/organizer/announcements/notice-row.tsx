import { Text, View } from '@tarojs/components'
import { scopeLabel, type ManagedAnnouncement } from '../../../shared/announcements'
import { beijingLabel } from '../../../shared/beijing-time'
import { statusText } from './notice-fields'
import './notice-row.scss'

/** An announcement in the organisers' list: its state, title, audience, readers and last change. */
export default function NoticeRow({ item, onClick }: { item: ManagedAnnouncement; onClick: () => void }) {
  return (
    <View className='notice-row' data-testid='notice-row' onClick={onClick}>
      <View className='notice-row__head'>
        <Text className={`notice-row__status notice-row__status--${item.status}`}>{statusText(item)}</Text>
        {item.pinned && <Text className='notice-row__pin'>置顶</Text>}
      </View>
      <Text className='notice-row__title'>{item.title}</Text>
      <Text className='notice-row__meta'>
        {scopeLabel(item.scope)}
        {item.status === 'published' ? ` · 已读 ${item.readCount} 人` : ''} · 修改于 {beijingLabel(item.updatedAt)}
      </Text>
    </View>
  )
}
