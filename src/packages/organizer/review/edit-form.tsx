import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import { useAction } from '../../../hooks/use-action'
import { editNomination } from '../../../services/organizer'
import { EditNominationRequest, type FullNomination } from '../../../shared/good-people'
import type { Done } from './review-card'
import './review-form.scss'

/** Corrects typos in the nominee's name and story (audited). */
export default function EditForm({ nomination, onDone, onCancel }: { nomination: FullNomination; onDone: Done; onCancel: () => void }) {
  const [name, setName] = useState(nomination.nomineeName)
  const [story, setStory] = useState(nomination.story)
  const action = useAction()

  const save = () => {
    const changes = {
      ...(name.trim() !== nomination.nomineeName ? { nomineeName: name } : {}),
      ...(story.trim() !== nomination.story ? { story } : {}),
    }
    const parsed = EditNominationRequest.safeParse(changes)
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path[0]
      return action.fail(field === 'nomineeName' ? '姓名请填 1~20 个字' : field === 'story' ? '事迹请写 20~800 个字' : '还没有改动任何文字')
    }
    void action.run(() => editNomination(nomination.id, parsed.data), { toast: '已改正', done: onDone })
  }

  return (
    <View className='review-form'>
      <Text className='review-form__help'>只改错别字,不改变原意。每次修改都会留下记录。</Text>
      <Text className='review-form__label'>好人姓名</Text>
      <Input className='review-form__input' value={name} maxlength={20} onInput={(e) => setName(e.detail.value)} />
      <Text className='review-form__label'>事迹</Text>
      <Textarea className='review-form__textarea review-form__textarea--story' value={story} maxlength={800} onInput={(e) => setStory(e.detail.value)} />
      {action.problem && <Text className='review-form__problem'>{action.problem}</Text>}
      <Button className={`review-form__submit ${action.busy ? 'is-disabled' : ''}`} loading={action.busy || undefined} disabled={action.busy || undefined} onClick={save}>
        保存改正
      </Button>
      <Button className='review-form__cancel' onClick={onCancel}>
        取消
      </Button>
    </View>
  )
}
