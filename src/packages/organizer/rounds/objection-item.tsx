import { Button, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { useAction } from '../../../hooks/use-action'
import { resolveObjection } from '../../../services/organizer'
import { beijingLabel } from '../../../shared/beijing-time'
import { ResolveObjectionRequest, type Objection } from '../../../shared/good-people'
import './objection-item.scss'

const objectionStatusNames: Record<Objection['status'], string> = {
  open: '待处理',
  upheld: '属实,已取消入选',
  dismissed: '不属实,保留入选',
}

/** One objection raised during the notice, resolved as true (the honouree is withdrawn) or not, with a note. */
export default function ObjectionItem({ objection, onResolved }: { objection: Objection; onResolved: () => void }) {
  const [note, setNote] = useState('')
  const action = useAction()

  const resolve = (outcome: 'upheld' | 'dismissed') => {
    const parsed = ResolveObjectionRequest.safeParse({ outcome, note })
    if (!parsed.success) return action.fail('请先写明核实情况和处理结果(2~200 个字)')
    void action.run(() => resolveObjection(objection.id, parsed.data.outcome, parsed.data.note), {
      confirm:
        outcome === 'upheld'
          ? { title: '确认意见属实?', content: `「${objection.nomineeName}」将被取消入选,不会上好人榜。`, confirmText: '确认属实', cancelText: '再想想' }
          : { title: '确认意见不属实?', content: `「${objection.nomineeName}」保留入选,处理结果会记录在案。`, confirmText: '确认', cancelText: '再想想' },
      toast: '已处理',
      done: onResolved,
    })
  }

  return (
    <View className='objection'>
      <View className='objection__head'>
        <Text className='objection__name'>关于「{objection.nomineeName}」</Text>
        <Text className={`objection__status objection__status--${objection.status}`}>{objectionStatusNames[objection.status]}</Text>
      </View>
      <Text className='objection__reason'>{objection.reason}</Text>
      <Text className='objection__line'>联系方式:{objection.contact ?? '未留'}</Text>
      <Text className='objection__line'>收到时间:{beijingLabel(objection.createdAt)}</Text>
      {objection.status === 'open' ? (
        <>
          <Textarea
            className='objection__note'
            data-testid='objection-note'
            value={note}
            maxlength={200}
            placeholder='写明核实情况和处理结果(必填)'
            onInput={(e) => setNote(e.detail.value)}
          />
          {action.problem && (
            <Text className='objection__problem'>{action.problem}</Text>
          )}
          <View className='objection__actions'>
            <Button className={`objection__upheld ${action.busy ? 'is-disabled' : ''}`} disabled={action.busy || undefined} onClick={() => resolve('upheld')}>
              属实
            </Button>
            <Button className={`objection__dismissed ${action.busy ? 'is-disabled' : ''}`} disabled={action.busy || undefined} onClick={() => resolve('dismissed')}>
              不属实
            </Button>
          </View>
        </>
      ) : (
        objection.resolutionNote && <Text className='objection__line'>处理说明:{objection.resolutionNote}</Text>
      )}
    </View>
  )
}
