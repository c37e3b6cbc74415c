import { Image, Text, View } from '@tarojs/components'
import { photoUrl } from '../../services/good-people'
import type { PublicNomination } from '../../shared/good-people'
import './index.scss'

/** A good person's story in a list: category, masked name, the start of the story, votes. */
export default function NominationCard({ nomination, onClick }: { nomination: PublicNomination; onClick: () => void }) {
  const cover = nomination.photos[0]
  return (
    <View className='nomination-card' data-testid='nomination-card' onClick={onClick}>
      {cover && <Image className='nomination-card__photo' src={photoUrl(cover.url)} mode='aspectFill' lazyLoad />}
      <View className='nomination-card__body'>
        <View className='nomination-card__head'>
          <Text className='nomination-card__category'>{nomination.category}</Text>
          {nomination.honoured && <Text className='nomination-card__honoured'>好人榜</Text>}
        </View>
        <Text className='nomination-card__name'>
          {nomination.nomineeName}
          {nomination.community ? ` · ${nomination.community}` : ''}
        </Text>
        <Text className='nomination-card__story'>{nomination.story}</Text>
        <Text className='nomination-card__votes'>
          👍 {nomination.votes} 人点赞{nomination.votedToday ? '(今天已点赞)' : ''}
        </Text>
      </View>
    </View>
  )
}
