import { Button, Text, View } from '@tarojs/components'
import StatusView from '../../../components/status-view'
import { useAction } from '../../../hooks/use-action'
import { useResource } from '../../../hooks/use-resource'
import { merge } from '../../../services/organizer'
import { nominationStatusNames, type FullNomination } from '../../../shared/good-people'
import { allNominations } from '../all-nominations'
import type { Done } from './review-card'
import './merge-picker.scss'
import './review-form.scss'

/** Every nomination of the round this one could be merged into: pending or approved. */
async function mergeTargets(nomination: FullNomination) {
  const candidates = await allNominations(nomination.roundId, ['pending', 'approved'])
  if (!candidates.ok) return candidates
  // The same name first: that is usually the duplicate.
  const same = (n: FullNomination) => Number(n.nomineeName.trim() === nomination.nomineeName.trim())
  return { ...candidates, data: candidates.data.filter((n) => n.id !== nomination.id).sort((a, b) => same(b) - same(a)) }
}

/** Merges a nomination into another of the round about the same person. */
export default function MergePicker({ nomination, onDone, onCancel }: { nomination: FullNomination; onDone: Done; onCancel: () => void }) {
  const targets = useResource(() => mergeTargets(nomination))
  const action = useAction()

  const choose = (target: FullNomination) =>
    action.run(() => merge(nomination.id, target.id), {
      confirm: {
        title: `合并到「${target.nomineeName}」?`,
        content: '两条推荐说的是同一位好人才合并。合并后这条不再单独展示,推荐人会看到说明。',
        confirmText: '合并',
        cancelText: '再看看',
      },
      toast: '已合并',
      done: onDone,
    })

  return (
    <View className='review-form'>
      <Text className='review-form__label'>选择和这条说的是同一位好人的推荐:</Text>
      <StatusView
        loading={targets.loading}
        error={targets.error}
        empty={targets.data?.length === 0}
        emptyText='这一轮没有其他可以合并的推荐'
        onRetry={targets.reload}
      >
        {targets.data?.map((target) => (
          <View key={target.id} className='merge-target' onClick={() => choose(target)}>
            <Text className='merge-target__name'>
              {target.nomineeName} · {target.category}
            </Text>
            <Text className='merge-target__line'>
              {target.community ?? '未填社区'} · {nominationStatusNames[target.status]}
            </Text>
            <Text className='merge-target__story'>{target.story}</Text>
          </View>
        ))}
      </StatusView>
      {action.problem && <Text className='review-form__problem'>{action.problem}</Text>}
      <Button className='review-form__cancel' onClick={onCancel}>
        取消
      </Button>
    </View>
  )
}
