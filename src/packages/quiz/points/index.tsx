import { Text, View } from '@tarojs/components'
import PagedList from '../../../components/paged-list'
import { usePagedPage } from '../../../hooks/use-paged-page'
import { listPoints } from '../../../services/rewards'
import { beijingLabel } from '../../../shared/beijing-time'
import type { PointsEntry } from '../../../shared/rewards'
import './index.scss'

export default function Points() {
  const history = usePagedPage<PointsEntry>(listPoints)

  return (
    <View className='page points'>
      <View className='points__list'>
        <PagedList list={history} emptyText='还没有积分记录,签名、答题都能得积分'>
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
        </PagedList>
      </View>
    </View>
  )
}
