import { Button, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { useAction } from '../../../hooks/use-action'
import { review } from '../../../services/organizer'
import { ReviewRequest, type FullNomination } from '../../../shared/good-people'
import type { Done } from './review-card'
import './review-form.scss'

/** Rejects a nomination with the reason its nominator reads. */
export default function RejectForm({ nomination, onDone, onCancel }: { nomination: FullNomination; onDone: Done; onCancel: () => void }) {
  const [note, setNote] = useState('')
  const action = useAction()

  const submit = () => {
    // The nominator reads the reason, so the page always asks for one.
    const parsed = ReviewRequest.safeParse({ decision: 'reject', note })
    if (!note.trim() || !parsed.success) return action.fail(note.trim() ? '原因请不要超过 200 个字' : '请写明不通过的原因,推荐人会看到')
    void action.run(() => review(nomination.id, 'reject', parsed.data.note ?? ''), { toast: '已标为不通过', done: onDone })
  }

  return (
    <View className='review-form'>
      <Text className='review-form__label'>不通过的原因(推荐人会看到)</Text>
      <Textarea
        className='review-form__textarea'
        value={note}
        maxlength={200}
        placeholder='如:事迹内容不够具体,请补充时间、地点和经过后重新推荐'
        onInput={(e) => setNote(e.detail.value)}
      />
      {action.problem && <Text className='review-form__problem'>{action.problem}</Text>}
      <Button className={`review-form__danger ${action.busy ? 'is-disabled' : ''}`} loading={action.busy || undefined} disabled={action.busy || undefined} onClick={submit}>
        确认不通过
      </Button>
      <Button className='review-form__cancel' onClick={onCancel}>
        取消
      </Button>
    </View>
  )
}
