import { Text, View } from '@tarojs/components'
import { useReachBottom } from '@tarojs/taro'
import { useEffect } from 'react'
import StatusView from '../../../components/status-view'
import { usePagedList } from '../../../hooks/use-paged-list'
import { listPoints } from '../../../services/rewards'
import { beijingLabel } from '../../../shared/beijing-time'
import type { PointsEntry } from '../../../shared/rewards'
import './index.scss'

export default function Points() {
  const history = usePagedList<PointsEntry>(listPoints)
  useEffect(() => {
    void history.refresh()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
  useReachBottom(() => void history.loadMore())

  return (
    <View className='page points'>
      <StatusView
        loading={history.initial}
        error={history.items.length === 0 ? history.error : null}
        empty={history.items.length === 0}
        emptyText='还没有积分记录,签名、答题都能得积分'
        onRetry={history.retry}
      >
        <View className='points__list'>
          {history.items.map((entry, i) => (
            <View key={i} className='points__row'>
              <View className='points__what'>
                <Text className='points__label'>{entry.label}</Text>
                <Text className='points__time'>{beijingLabel(entry.createdAt, true)}</Text>
              </View>
              <Text className={`points__value ${entry.points < 0 ? 'points__value--spent' : ''}`}>
                {entry.points > 0 ? `+${entry.points}` : entry.points}
              </Text>
            </View>
          ))}
          <Text className='points__end'>{history.error ?? (history.done ? '没有更多了' : '上滑加载更多')}</Text>
        </View>
      </StatusView>
    </View>
  )
}
