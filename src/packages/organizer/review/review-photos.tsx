import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { photoUrl } from '../../../services/good-people'
import type { Photo } from '../../../shared/good-people'
import './review-photos.scss'

const checkNames: Partial<Record<NonNullable<Photo['check']>, string>> = {
  checking: '检查中',
  risky: '未通过安全检查',
  error: '未检查',
}

/** A nomination's photos with their safety-check state; a tap shows them full size. */
export default function ReviewPhotos({ photos }: { photos: Photo[] }) {
  if (photos.length === 0) return null
  const urls = photos.map((photo) => photoUrl(photo.url))
  return (
    <View className='review-photos'>
      {photos.map((photo, i) => {
        const badge = photo.check && checkNames[photo.check]
        return (
          <View key={photo.id} className='review-photos__item' onClick={() => Taro.previewImage({ urls, current: urls[i] })}>
            <Image className='review-photos__image' src={urls[i]} mode='aspectFill' lazyLoad />
            {badge && <Text className={`review-photos__badge review-photos__badge--${photo.check}`}>{badge}</Text>}
          </View>
        )
      })}
    </View>
  )
}
