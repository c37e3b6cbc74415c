import { Button, ScrollView, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useShareAppMessage } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import NominationCard from '../../components/nomination-card'
import PagedList from '../../components/paged-list'
import StatusView from '../../components/status-view'
import Tabs from '../../components/tabs'
import { usePagedPage } from '../../hooks/use-paged-page'
import { useResource } from '../../hooks/use-resource'
import { listNominations, listRounds } from '../../services/good-people'
import { beijingLabel } from '../../shared/beijing-time'
import { phaseNames, votesLeft, type PublicNomination, type Round } from '../../shared/good-people'
import './index.scss'

/** The round residents take part in now: the newest open one, else the newest shown. */
const currentRound = (rounds: Round[]) => rounds.find((r) => r.status === 'open') ?? rounds[0] ?? null

export default function GoodPeople() {
  const rounds = useResource(listRounds)
  const round = rounds.data ? currentRound(rounds.data.items) : null
  const [categoryId, setCategoryId] = useState<string | null>(null)
  const [sort, setSort] = useState<'votes' | 'new'>('votes')
  const load = useCallback(
    (cursor: string | null) => listNominations(round?.id ?? '', { sort, categoryId }, cursor),
    [round?.id, sort, categoryId],
  )
  const list = usePagedPage<PublicNomination>(load, { ready: round !== null, refreshOnShow: true, alsoOnPullDown: rounds.reload })
  useDidShow(() => {
    if (rounds.data) void rounds.reload()
  })
  useShareAppMessage(() => ({ title: round ? `${round.title}:一起为身边好人点赞` : '身边好人推荐评议', path: '/pages/good-people/index' }))

  const honourRounds = rounds.data?.items.filter((r) => r.status === 'notice' || r.status === 'published') ?? []

  return (
    <View className='page good-people'>
      <StatusView
        loading={rounds.loading}
        error={rounds.error}
        empty={!round}
        emptyText='评选还没有开始,开始后可以在这里推荐身边好人'
        onRetry={rounds.reload}
      >
        {round && (
          <>
            <View className='good-people__round'>
              <Text className='good-people__phase'>{phaseNames[round.phase]}</Text>
              <Text className='good-people__title'>{round.title}</Text>
              {round.description && <Text className='good-people__description'>{round.description}</Text>}
              <Text className='good-people__line'>推荐时间:{beijingLabel(round.nominateFrom)} — {beijingLabel(round.nominateUntil)}</Text>
              <Text className='good-people__line'>点赞时间:{beijingLabel(round.voteFrom)} — {beijingLabel(round.voteUntil)}</Text>
              {round.votingOpen && (
                <Text className='good-people__votes'>
                  今天还可以点赞 {votesLeft(round)} 次(每天 {round.dailyVoteCap} 次,本轮共 {round.roundVoteCap} 次)
                </Text>
              )}
              {round.nominationOpen && (
                <Button className='good-people__nominate' onClick={() => Taro.navigateTo({ url: `/packages/good-people/nominate/index?roundId=${round.id}` })}>
                  推荐身边好人
                </Button>
              )}
              {(round.status === 'notice' || round.status === 'published') && (
                <Button className='good-people__nominate' onClick={() => Taro.navigateTo({ url: `/packages/good-people/honours/index?roundId=${round.id}` })}>
                  {round.status === 'notice' ? '查看公示名单' : '查看好人榜'}
                </Button>
              )}
            </View>
            <View className='good-people__mine' onClick={() => Taro.navigateTo({ url: '/packages/good-people/mine/index' })}>
              <Text className='good-people__mine-title'>我的推荐</Text>
              <Text className='good-people__mine-note'>审核进度与结果 ›</Text>
            </View>
            <ScrollView scrollX className='good-people__categories'>
              {[null, ...round.categories].map((name) => (
                <Text
                  key={name ?? 'all'}
                  className={`good-people__category ${name === categoryId ? 'good-people__category--active' : ''}`}
                  onClick={() => setCategoryId(name)}
                >
                  {name ?? '全部'}
                </Text>
              ))}
            </ScrollView>
            <Tabs value={sort} options={[['votes', '点赞最多'], ['new', '最新推荐']]} onChange={setSort} />
            <PagedList list={list} emptyText='这里还没有通过审核的好人故事,欢迎推荐'>
              {list.items.map((nomination) => (
                <NominationCard
                  key={nomination.id}
                  nomination={nomination}
                  onClick={() => Taro.navigateTo({ url: `/packages/good-people/story/index?id=${nomination.id}` })}
                />
              ))}
            </PagedList>
          </>
        )}
        {honourRounds.length > 0 && (
          <View className='good-people__honours'>
            <Text className='good-people__honours-title'>好人榜</Text>
            {honourRounds.map((r) => (
              <View key={r.id} className='good-people__honour' onClick={() => Taro.navigateTo({ url: `/packages/good-people/honours/index?roundId=${r.id}` })}>
                <Text>{r.title}</Text>
                <Text className='good-people__honour-note'>{r.status === 'notice' ? '公示中 ›' : '已发布 ›'}</Text>
              </View>
            ))}
          </View>
        )}
      </StatusView>
    </View>
  )
}
