import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import PagedList from '../../../components/paged-list'
import { usePagedPage } from '../../../hooks/use-paged-page'
import { myNominations } from '../../../services/good-people'
import { beijingLabel } from '../../../shared/beijing-time'
import { nominationStatusNames, type MyNomination } from '../../../shared/good-people'
import './index.scss'

/** What the nominator should know about where the nomination stands. */
function explain(n: MyNomination) {
  switch (n.status) {
    case 'pending':
      return n.heldReason ? '需要工作人员仔细核实,请耐心等待。' : '工作人员正在审核,请耐心等待。'
    case 'approved':
      return n.honoured ? `已入选,共 ${n.votes} 人点赞。` : `已公开展示,共 ${n.votes} 人点赞。`
    case 'rejected':
      return `没有通过审核:${n.reviewNote ?? '请联系工作人员了解原因'}`
    case 'merged':
      return '其他居民也推荐了这位好人,已合并为一条,点赞会记在一起。'
  }
}

export default function MyNominations() {
  const list = usePagedPage<MyNomination>(myNominations, { refreshOnShow: true })

  return (
    <View className='page mine'>
      <PagedList list={list} emptyText='您还没有推荐过身边好人,在「好人」页可以推荐'>
        {list.items.map((n) => (
          <View
            key={n.id}
            className='mine__item'
            onClick={() => n.status === 'approved' && Taro.navigateTo({ url: `/packages/good-people/story/index?id=${n.id}` })}
          >
            <View className='mine__head'>
              <Text className='mine__name'>{n.nomineeName}</Text>
              <Text className={`mine__status mine__status--${n.status}`}>{nominationStatusNames[n.status]}</Text>
            </View>
            <Text className='mine__meta'>
              {n.roundTitle} · {n.category} · {beijingLabel(n.createdAt)} 推荐
            </Text>
            <Text className='mine__explain'>{explain(n)}</Text>
          </View>
        ))}
      </PagedList>
    </View>
  )
}
