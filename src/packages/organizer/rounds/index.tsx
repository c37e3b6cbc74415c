import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'
import StatusView from '../../../components/status-view'
import { refusedIn, useAction } from '../../../hooks/use-action'
import { useResource } from '../../../hooks/use-resource'
import { listRounds } from '../../../services/good-people'
import { changeRound } from '../../../services/organizer'
import type { Round } from '../../../shared/good-people'
import RoundCard, { type PanelKind } from './round-card'
import RoundForm from './round-form'
import './index.scss'

const stepQuestions = {
  open: { title: '发布这一轮评选?', content: '发布后居民就能看到,到了推荐时间就可以推荐。推荐类别以后不能再改。', confirmText: '发布' },
  publish: { title: '发布好人榜?', content: '发布后全体居民都能看到好人榜,不能撤回。', confirmText: '发布' },
}

export default function RoundsPage() {
  const rounds = useResource(listRounds)
  const [editing, setEditing] = useState<Round | 'new' | null>(null)
  const [panel, setPanel] = useState<{ roundId: string; kind: PanelKind } | null>(null)
  const action = useAction()
  useDidShow(() => {
    if (rounds.data) void rounds.reload()
  })
  usePullDownRefresh(async () => {
    await rounds.reload()
    Taro.stopPullDownRefresh()
  })

  const edit = (round: Round | 'new') => {
    setEditing(round)
    Taro.pageScrollTo({ scrollTop: 0, duration: 300 })
  }

  const step = (round: Round, to: 'open' | 'publish') =>
    action.run(() => changeRound(round.id, to), {
      confirm: { ...stepQuestions[to], cancelText: '再想想' },
      toast: to === 'open' ? '已发布' : '好人榜已发布',
      done: rounds.reload,
      failed: refusedIn('没有发布成功'),
    })

  return (
    <View className='page rounds'>
      {editing ? (
        <RoundForm
          key={editing === 'new' ? 'new' : editing.id}
          round={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null)
            void rounds.reload()
          }}
        />
      ) : (
        <Button className='rounds__new' onClick={() => edit('new')}>
          新建一轮评选
        </Button>
      )}

      <Text className='rounds__heading'>全部评选(最新在前)</Text>
      <StatusView
        loading={rounds.loading}
        error={rounds.error}
        empty={rounds.data?.items.length === 0}
        emptyText='还没有评选。点上面的「新建一轮评选」开始。'
        onRetry={rounds.reload}
      >
        {rounds.data?.items.map((round) => (
          <RoundCard
            key={round.id}
            round={round}
            panel={panel?.roundId === round.id ? panel.kind : null}
            onPanel={(kind) => setPanel(kind ? { roundId: round.id, kind } : null)}
            onEdit={() => edit(round)}
            onStep={(to) => step(round, to)}
            onChanged={() => {
              setPanel(null)
              void rounds.reload()
            }}
          />
        ))}
      </StatusView>
    </View>
  )
}
