import { Text, View } from '@tarojs/components'
import Taro, { useRouter, useShareAppMessage, useShareTimeline } from '@tarojs/taro'
import NominationCard from '../../../components/nomination-card'
import StatusView from '../../../components/status-view'
import { useResource } from '../../../hooks/use-resource'
import { getHonours, photoUrl } from '../../../services/good-people'
import { beijingLabel } from '../../../shared/beijing-time'
import './index.scss'

export default function Honours() {
  const { params } = useRouter()
  const roundId = params.roundId ?? ''
  const honours = useResource(() => getHonours(roundId))
  const round = honours.data?.round
  const title = round ? `${round.title}${round.status === 'notice' ? ' 公示名单' : ' 好人榜'}` : '好人榜'
  const cover = honours.data?.items.find((n) => n.photos.length)?.photos[0]
  useShareAppMessage(() => ({
    title,
    path: `/packages/good-people/honours/index?roundId=${roundId}`,
    imageUrl: cover ? photoUrl(cover.url) : undefined,
  }))
  useShareTimeline(() => ({ title, query: `roundId=${roundId}` }))

  const categories = round ? round.categories.filter((c) => honours.data?.items.some((n) => n.category === c)) : []

  return (
    <View className='page honours'>
      <StatusView
        loading={honours.loading}
        error={honours.error}
        empty={honours.data?.items.length === 0}
        emptyText='名单还没有公布'
        onRetry={honours.reload}
      >
        {round && (
          <View className='honours__banner'>
            <Text className='honours__title'>{title}</Text>
            {round.status === 'notice' ? (
              <Text className='honours__note'>
                公示期至 {beijingLabel(round.noticeEndsAt ?? '')}。如有不同意见,可打开好人故事,在页面下方如实反映。
              </Text>
            ) : (
              <Text className='honours__note'>{beijingLabel(round.publishedAt ?? '')} 发布。向身边好人学习,做文明人!</Text>
            )}
          </View>
        )}
        {categories.map((category) => (
          <View key={category}>
            <Text className='honours__category'>{category}</Text>
            {honours.data?.items
              .filter((n) => n.category === category)
              .map((n) => (
                <NominationCard key={n.id} nomination={n} onClick={() => Taro.navigateTo({ url: `/packages/good-people/story/index?id=${n.id}` })} />
              ))}
          </View>
        ))}
      </StatusView>
    </View>
  )
}
