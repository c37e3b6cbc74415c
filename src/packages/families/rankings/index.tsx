import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import StatusView from '../../../components/status-view'
import Tabs from '../../../components/tabs'
import { useResource } from '../../../hooks/use-resource'
import { getRankings } from '../../../services/families'
import { percent } from '../../../shared/families'
import './index.scss'

function Board({ scope, schoolId }: { scope: 'class' | 'school'; schoolId?: string }) {
  const board = useResource(() => getRankings(scope, schoolId))
  return (
    <StatusView loading={board.loading} error={board.error} empty={board.data?.items.length === 0} emptyText='还没有排名' onRetry={board.reload}>
      {board.data?.items.map((item) => (
        <View key={item.id} className='ranking' data-testid='ranking-row'>
          <Text className='ranking__rank'>{item.rank}</Text>
          <View className='ranking__body'>
            <Text className='ranking__name'>{item.name}</Text>
            <Text className='ranking__meta'>
              带动 {item.familiesReached} 个家庭 · 签名家庭占 {percent(item.signedShare)} · 人均参与 {item.perStudent} 次
            </Text>
          </View>
        </View>
      ))}
    </StatusView>
  )
}

export default function RankingsPage() {
  const { params } = useRouter()
  const [scope, setScope] = useState<'class' | 'school'>(params.schoolId ? 'class' : 'school')
  return (
    <View className='page rankings'>
      <Tabs
        value={scope}
        options={params.schoolId ? [['class', '本校班级'], ['school', '全县学校']] : [['school', '全县学校']]}
        onChange={setScope}
      />
      <Text className='rankings__hint'>排名每分钟更新一次，刚参与的家庭稍后计入。</Text>
      <Board key={scope} scope={scope} schoolId={scope === 'class' ? params.schoolId : undefined} />
    </View>
  )
}
