import { Button, Progress, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useShareAppMessage } from '@tarojs/taro'
import AnnouncementBlock, { useHomeAnnouncements } from '../../components/announcement-block'
import StatusView from '../../components/status-view'
import { useResource } from '../../hooks/use-resource'
import { getPledge } from '../../services/pledge'
import { progressPercent } from '../../shared/pledge'
import './index.scss'

const entries = [
  { title: '文明实践活动', note: '志愿服务、文明课堂、道德讲堂,报名参加 ›', open: () => Taro.switchTab({ url: '/pages/activities/index' }) },
  { title: '身边好人推荐评议', note: '推荐好人好事,为身边好人点赞 ›', open: () => Taro.switchTab({ url: '/pages/good-people/index' }) },
  { title: '文明知识有奖问答', note: '每天答题赚积分,积分兑换小奖品 ›', open: () => Taro.switchTab({ url: '/pages/quiz/index' }) },
  { title: '小手牵大手', note: '学生带动家庭,家庭影响邻里 ›', open: () => Taro.navigateTo({ url: '/packages/families/card/index' }) },
]

export default function Home() {
  const pledge = useResource(getPledge)
  const announcements = useHomeAnnouncements()

  useDidShow(() => {
    // Coming back from signing shows the new count at once; from an announcement, one fewer unread.
    if (pledge.data) void pledge.reload()
    if (announcements.loaded) void announcements.reload()
  })
  usePullDownRefresh(async () => {
    await Promise.all([pledge.reload(), announcements.reload()])
    Taro.stopPullDownRefresh()
  })
  useShareAppMessage(() => ({ title: '创文明城,做文明人 —— 一起来签名', path: '/pages/index/index' }))

  const goToPledge = () => Taro.navigateTo({ url: '/pages/pledge/index' })
  const data = pledge.data

  return (
    <View className='page home'>
      <View className='home__banner'>
        <Text className='home__banner-title'>创文明城 · 做文明人</Text>
        <Text className='home__banner-subtitle'>杞县创建省级文明县城,人人参与,人人受益</Text>
      </View>

      <View className='home__card'>
        <StatusView loading={pledge.loading} error={pledge.error} onRetry={pledge.reload}>
          {data && (
            <View className='home__pledge'>
              <Text className='home__pledge-title'>{data.campaign.title} 万人签名</Text>
              <View className='home__count'>
                <Text className='home__count-label'>已有</Text>
                <Text className='home__count-number' data-testid='pledge-count'>
                  {data.count.toLocaleString('zh-CN')}
                </Text>
                <Text className='home__count-label'>人签名</Text>
              </View>
              <Progress
                className='home__progress'
                percent={progressPercent(data.count, data.campaign.goal)}
                strokeWidth={12}
                activeColor='#c8161d'
                backgroundColor='#f0d9d3'
                borderRadius={6}
              />
              <Text className='home__goal'>
                目标 {data.campaign.goal.toLocaleString('zh-CN')} 人 · 已完成{' '}
                {progressPercent(data.count, data.campaign.goal)}%
              </Text>
              {data.mine ? (
                <Button className='home__action home__action--done' onClick={goToPledge}>
                  您是第 {data.mine.number} 位签名者 · 查看证书
                </Button>
              ) : (
                <Button className='home__action' onClick={goToPledge}>
                  我要签名
                </Button>
              )}
            </View>
          )}
        </StatusView>
      </View>

      <AnnouncementBlock data={announcements} />

      {entries.map((entry) => (
        <View key={entry.title} className='home__entry' onClick={entry.open}>
          <Text className='home__entry-title'>{entry.title}</Text>
          <Text className='home__entry-note'>{entry.note}</Text>
        </View>
      ))}
    </View>
  )
}
