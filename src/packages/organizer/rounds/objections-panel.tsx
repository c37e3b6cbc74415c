import { Text, View } from '@tarojs/components'
import StatusView from '../../../components/status-view'
import { useResource } from '../../../hooks/use-resource'
import { listObjections } from '../../../services/organizer'
import type { Round } from '../../../shared/good-people'
import ObjectionItem from './objection-item'
import './round-panel.scss'

/** The objections residents raised during the notice, under their round. */
export default function ObjectionsPanel({ round }: { round: Round }) {
  const objections = useResource(() => listObjections(round.id))
  return (
    <View className='round-panel'>
      <Text className='round-panel__help'>
        核实每条意见:属实的,这位好人会被取消入选;不属实的,保留入选。全部处理完{round.noticeOpen ? '并且公示结束' : ''}后才能发布好人榜。
      </Text>
      <StatusView
        loading={objections.loading}
        error={objections.error}
        empty={objections.data?.items.length === 0}
        emptyText='公示期间还没有收到居民意见'
        onRetry={objections.reload}
      >
        {objections.data?.items.map((objection) => (
          <ObjectionItem key={objection.id} objection={objection} onResolved={objections.reload} />
        ))}
      </StatusView>
    </View>
  )
}
