import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useShareAppMessage } from '@tarojs/taro'
import StatusView from '../../components/status-view'
import { useResource } from '../../hooks/use-resource'
import { getQuizStatus } from '../../services/quiz'
import './index.scss'

const entries = [
  { title: '排行榜', note: '看看谁是答题能手', url: '/packages/quiz/leaderboard/index' },
  { title: '学习园地', note: '先学习,再答题', url: '/packages/quiz/learn/index' },
  { title: '积分兑换', note: '积分换小奖品', url: '/packages/quiz/rewards/index' },
]

export default function QuizHome() {
  const status = useResource(getQuizStatus)
  useDidShow(() => {
    if (status.data) void status.reload()
  })
  usePullDownRefresh(async () => {
    await status.reload()
    Taro.stopPullDownRefresh()
  })
  useShareAppMessage(() => ({ title: '文明知识有奖问答,大参与小奖励,一起来答题!', path: '/pages/quiz/index' }))

  const play = (mode: 'scored' | 'practice') => Taro.navigateTo({ url: `/packages/quiz/play/index?mode=${mode}` })
  const data = status.data
  const left = data ? Math.max(0, data.dailyLimit - data.attemptsToday) : 0

  return (
    <View className='page quiz-home'>
      <View className='quiz-home__card'>
        <StatusView loading={status.loading} error={status.error} onRetry={status.reload}>
          {data && (
            <View className='quiz-home__today'>
              <Text className='quiz-home__title'>今日答题</Text>
              <View className='quiz-home__stats'>
                <View className='quiz-home__stat'>
                  <Text className='quiz-home__stat-value' data-testid='attempts-left'>{left}</Text>
                  <Text className='quiz-home__stat-label'>今日剩余次数</Text>
                </View>
                <View className='quiz-home__stat'>
                  <Text className='quiz-home__stat-value'>{data.streakDays}</Text>
                  <Text className='quiz-home__stat-label'>连续答题天数</Text>
                </View>
                <View className='quiz-home__stat'>
                  <Text className='quiz-home__stat-value' data-testid='quiz-balance'>{data.balance}</Text>
                  <Text className='quiz-home__stat-label'>我的积分</Text>
                </View>
              </View>
              {left > 0 ? (
                <Button className='quiz-home__start' onClick={() => play('scored')}>
                  开始答题
                </Button>
              ) : (
                <Button className='quiz-home__start quiz-home__start--practice' onClick={() => play('practice')}>
                  今天次数已用完 · 练习一下
                </Button>
              )}
              <Text className='quiz-home__rules'>
                每次 {data.questionsPerAttempt} 题,限时 {Math.round(data.timeLimitSeconds / 60)} 分钟;每答对一题得{' '}
                {data.pointsPerCorrect} 积分,每天可计分 {data.dailyLimit} 次,之后可以继续练习。
              </Text>
            </View>
          )}
        </StatusView>
      </View>

      <View className='quiz-home__entries'>
        {entries.map((entry) => (
          <View key={entry.url} className='quiz-home__entry' onClick={() => Taro.navigateTo({ url: entry.url })}>
            <Text className='quiz-home__entry-title'>{entry.title}</Text>
            <Text className='quiz-home__entry-note'>{entry.note}</Text>
          </View>
        ))}
      </View>
    </View>
  )
}
