import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import StatusView from '../../../components/status-view'
import { useAction } from '../../../hooks/use-action'
import { useResource } from '../../../hooks/use-resource'
import { changeRound } from '../../../services/organizer'
import { NoticeRequest, type Round } from '../../../shared/good-people'
import { allNominations } from '../all-nominations'
import './honouree-picker.scss'
import './round-panel.scss'

/** Every approved nomination of the round, most votes first. */
async function approvedOf(roundId: string) {
  const approved = await allNominations(roundId, ['approved'])
  if (approved.ok) approved.data.sort((a, b) => b.votes - a.votes)
  return approved
}

/** Once voting has ended: the approved nominations by votes, to choose the honourees and start the notice. */
export default function HonoureePicker({ round, onDone }: { round: Round; onDone: () => void }) {
  const approved = useResource(() => approvedOf(round.id))
  const [chosen, setChosen] = useState<string[]>([])
  const action = useAction()
  const toggle = (id: string) => setChosen((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]))

  const submit = () => {
    const parsed = NoticeRequest.safeParse({ nominationIds: chosen })
    if (!parsed.success) return action.fail(parsed.error.issues[0]?.message ?? '请至少选择一位好人')
    void action.run(() => changeRound(round.id, 'notice', parsed.data.nominationIds), {
      confirm: {
        title: `公示这 ${chosen.length} 位好人?`,
        content: `公示 ${round.noticeDays} 天,期间居民可以反映意见。公示开始后不能再增加人选。`,
        confirmText: '开始公示',
        cancelText: '再想想',
      },
      toast: '已开始公示',
      done: onDone,
    })
  }

  return (
    <View className='round-panel'>
      <Text className='round-panel__help'>已通过审核的推荐,按点赞数从多到少排列。勾选入选的好人,再点「开始公示」。</Text>
      <StatusView
        loading={approved.loading}
        error={approved.error}
        empty={approved.data?.length === 0}
        emptyText='这一轮还没有通过审核的推荐,请先进入审核。'
        onRetry={approved.reload}
      >
        {approved.data?.map((n, i) => {
          const on = chosen.includes(n.id)
          return (
            <View key={n.id} className={`honouree ${on ? 'honouree--chosen' : ''}`} data-testid='honouree-choice' role='checkbox' aria-checked={on ? 'true' : 'false'} onClick={() => toggle(n.id)}>
              <Text className='honouree__box'>{on ? '✓' : ''}</Text>
              <View className='honouree__body'>
                <Text className='honouree__name'>
                  {i + 1}. {n.nomineeName} · {n.category}
                </Text>
                <Text className='honouree__line'>{n.community ?? '未填社区'}</Text>
                <Text className='honouree__line'>
                  {n.votes} 票,其中新注册账号 {n.newAccountVotes} 票
                </Text>
              </View>
            </View>
          )
        })}
        {action.problem && (
          <Text className='round-panel__problem'>{action.problem}</Text>
        )}
        <Button className={`round-panel__submit ${action.busy ? 'is-disabled' : ''}`} loading={action.busy || undefined} disabled={action.busy || undefined} onClick={submit}>
          开始公示(已选 {chosen.length} 位)
        </Button>
      </StatusView>
    </View>
  )
}
