import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import DateTimeField from '../../../components/date-time-field'
import { useAction } from '../../../hooks/use-action'
import { saveRound } from '../../../services/organizer'
import { CreateRoundRequest, roundTimesProblem, UpdateRoundRequest, type Round } from '../../../shared/good-people'
import { changesOf, fieldsOf, formOf, problemOf, timeFields, type Form } from './round-fields'
import './round-form.scss'

/** A new round, saved as a draft, or changes to a draft or open one. */
export default function RoundForm({ round, onSaved, onClose }: { round: Round | null; onSaved: () => void; onClose: () => void }) {
  const [form, setForm] = useState(() => formOf(round))
  const action = useAction()
  const set = (changes: Partial<Form>) => setForm((current) => ({ ...current, ...changes }))
  const categoriesEditable = !round || round.status === 'draft'

  const submit = () => {
    const fields = fieldsOf(form, categoriesEditable)
    const timing = roundTimesProblem(fields)
    const parsed = round ? UpdateRoundRequest.safeParse(changesOf(fields, round)) : CreateRoundRequest.safeParse(fields)
    if (timing || !parsed.success) return action.fail(timing ?? problemOf(parsed.error?.issues))
    void action.run(() => saveRound(round?.id ?? null, parsed.data), { toast: round ? '已保存' : '已存为草稿', done: onSaved })
  }

  return (
    <View className='round-form'>
      <Text className='round-form__heading'>{round ? `修改「${round.title}」` : '新建一轮评选'}</Text>
      <Text className='round-form__label'>评选名称</Text>
      <Input className='round-form__input' data-testid='round-title' value={form.title} maxlength={60} placeholder='如:第四季度身边好人评选' onInput={(e) => set({ title: e.detail.value })} />
      <Text className='round-form__label'>评选说明(居民会看到)</Text>
      <Textarea
        className='round-form__textarea'
        value={form.description}
        maxlength={2000}
        placeholder='评选范围、推荐条件、怎样评选'
        onInput={(e) => set({ description: e.detail.value })}
      />
      <Text className='round-form__label'>推荐类别</Text>
      {categoriesEditable ? (
        <>
          <Input className='round-form__input' value={form.categories} onInput={(e) => set({ categories: e.detail.value })} />
          <Text className='round-form__help'>用顿号或逗号隔开,最多 12 个。发布后不能再改。</Text>
        </>
      ) : (
        <Text className='round-form__fixed'>{round?.categories.join('、')}(已发布,不能再改)</Text>
      )}
      {timeFields.map(([key, label]) => (
        <View key={key} className='round-form__field'>
          <Text className='round-form__label'>{label}</Text>
          <DateTimeField value={form[key]} onChange={(value) => setForm((current) => ({ ...current, [key]: value }))} />
        </View>
      ))}
      <Text className='round-form__label'>公示天数</Text>
      <Input className='round-form__input' type='number' value={form.noticeDays} onInput={(e) => set({ noticeDays: e.detail.value })} />
      <Text className='round-form__label'>每人每天最多点赞(次)</Text>
      <Input className='round-form__input' type='number' value={form.dailyVoteCap} onInput={(e) => set({ dailyVoteCap: e.detail.value })} />
      <Text className='round-form__label'>每人本轮最多点赞(次)</Text>
      <Input className='round-form__input' type='number' value={form.roundVoteCap} onInput={(e) => set({ roundVoteCap: e.detail.value })} />
      {action.problem && (
        <Text className='round-form__problem'>{action.problem}</Text>
      )}
      <Button className={`round-form__submit ${action.busy ? 'is-disabled' : ''}`} loading={action.busy || undefined} disabled={action.busy || undefined} onClick={submit}>
        {round ? '保存修改' : '保存为草稿'}
      </Button>
      <Button className='round-form__close' onClick={onClose}>
        不保存,收起
      </Button>
    </View>
  )
}
