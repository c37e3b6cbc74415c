import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import StatusView from '../../../components/status-view'
import { useResource } from '../../../hooks/use-resource'
import { listArticles } from '../../../services/quiz'
import './index.scss'

export default function Learn() {
  const articles = useResource(listArticles)
  return (
    <View className='page learn'>
      <StatusView
        loading={articles.loading}
        error={articles.error}
        empty={articles.data?.items.length === 0}
        emptyText='学习内容正在准备中'
        onRetry={articles.reload}
      >
        {articles.data?.items.map((article) => (
          <View
            key={article.slug}
            className='learn__item'
            onClick={() => Taro.navigateTo({ url: `/packages/quiz/article/index?slug=${article.slug}` })}
          >
            <Text className='learn__category'>{article.category}</Text>
            <Text className='learn__title'>{article.title}</Text>
            <Text className='learn__summary'>{article.summary}</Text>
          </View>
        ))}
      </StatusView>
    </View>
  )
}
