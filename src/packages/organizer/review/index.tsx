import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import StatusView from '../../../components/status-view'
import Tabs from '../../../components/tabs'
import { useResource } from '../../../hooks/use-resource'
import { getRound } from '../../../services/good-people'
import type { Result } from '../../../services/request'
import { phaseNames, type Round } from '../../../shared/good-people'
import ReviewList, { tabs, type Tab } from './review-list'
import './index.scss'

const noRound: Result<Round> = { ok: false, error: { code: 'not_found', message: '没有找到这一轮评选,请从「评选管理」进入。' } }

export default function ReviewPage() {
  const { params } = useRouter()
  const roundId = params.roundId ?? ''
  const round = useResource(() => (roundId ? getRound(roundId) : Promise.resolve(noRound)))
  const [tab, setTab] = useState<Tab>('pending')
  const data = round.data

  return (
    <View className='page review'>
      <StatusView loading={round.loading} error={round.error} onRetry={round.reload}>
        {data && (
          <>
            <View className='review__round'>
              <Text className='review__title'>{data.title}</Text>
              <Text className='review__phase'>
                {phaseNames[data.phase]} · 已通过 {data.approvedCount} 条
              </Text>
              {data.status !== 'open' && (
                <Text className='review__note'>
                  {data.status === 'published'
                    ? '好人榜已发布,推荐不能再修改。'
                    : '评选已不在进行中,不能再审核或合并;好人榜发布前仍可以改错字。'}
                </Text>
              )}
            </View>
            <Tabs value={tab} options={tabs} onChange={setTab} />
            <ReviewList key={tab} round={data} status={tab} />
          </>
        )}
      </StatusView>
    </View>
  )
}
