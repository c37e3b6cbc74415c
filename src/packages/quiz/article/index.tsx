import { Button, Text, View } from '@tarojs/components'
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro'
import StatusView from '../../../components/status-view'
import { useResource } from '../../../hooks/use-resource'
import { getArticle } from '../../../services/quiz'
import './index.scss'

export default function ArticlePage() {
  const { params } = useRouter()
  const slug = params.slug ?? ''
  const article = useResource(() => getArticle(slug))
  useShareAppMessage(() => ({ title: article.data?.title ?? '学习园地', path: `/packages/quiz/article/index?slug=${slug}` }))

  return (
    <View className='page article'>
      <StatusView loading={article.loading} error={article.error} onRetry={article.reload}>
        {article.data && (
          <View className='article__card'>
            <Text className='article__category'>{article.data.category}</Text>
            <Text className='article__title'>{article.data.title}</Text>
            {article.data.body.split(/\n\s*\n/).map((paragraph, i) => (
              <Text key={i} className='article__paragraph'>
                {paragraph.trim()}
              </Text>
            ))}
            <Button className='article__quiz' onClick={() => Taro.switchTab({ url: '/pages/quiz/index' })}>
              学完了,去答题
            </Button>
          </View>
        )}
      </StatusView>
    </View>
  )
}
