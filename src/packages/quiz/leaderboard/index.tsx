import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'
import StatusView from '../../../components/status-view'
import Tabs from '../../../components/tabs'
import { useResource } from '../../../hooks/use-resource'
import { getLeaderboard } from '../../../services/quiz'
import './index.scss'

type Scope = 'user' | 'community' | 'school'
type Period = 'week' | 'all'

function Board({ scope, period }: { scope: Scope; period: Period }) {
  const board = useResource(() => getLeaderboard({ scope, period }))
  usePullDownRefresh(async () => {
    await board.reload()
    Taro.stopPullDownRefresh()
  })
  const unit = { user: '我', community: '我的社区', school: '我的学校' }[scope]
  return (
    <StatusView
      loading={board.loading}
      error={board.error}
      empty={board.data?.items.length === 0}
      emptyText='还没有人上榜,快去答题吧!'
      onRetry={board.reload}
    >
      {board.data && (
        <View className='board'>
          {board.data.items.map((item) => (
            <View key={`${item.rank}-${item.name}`} className='board__row' data-testid='board-row'>
              <Text className={`board__rank board__rank--${Math.min(item.rank, 4)}`}>{item.rank}</Text>
              <Text className='board__name'>{item.name}</Text>
              <Text className='board__score'>{item.score} 分</Text>
            </View>
          ))}
          <View className='board__mine' data-testid='board-mine'>
            <Text>
              {board.data.mine
                ? `${unit}的排名:第 ${board.data.mine.rank} 名 · ${board.data.mine.score} 分`
                : {
                    user: '你还没有上榜,答题赚积分就能上榜',
                    community: '设置所在社区并答题,为社区加分',
                    school: '学生加入班级后答题,为学校加分',
                  }[scope]}
            </Text>
          </View>
          {scope !== 'user' && <Text className='board__hint'>社区榜和学校榜每分钟更新一次。</Text>}
        </View>
      )}
    </StatusView>
  )
}

export default function LeaderboardPage() {
  const [scope, setScope] = useState<Scope>('user')
  const [period, setPeriod] = useState<Period>('week')
  return (
    <View className='page leaderboard'>
      <Tabs value={scope} options={[['user', '个人榜'], ['community', '社区榜'], ['school', '学校榜']]} onChange={setScope} />
      <Tabs value={period} options={[['week', '本周'], ['all', '总榜']]} onChange={setPeriod} />
      <Board key={`${scope}-${period}`} scope={scope} period={period} />
    </View>
  )
}
