import { Button, Input, Picker, RichText, Switch, Text, Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import DateTimeField from '../../../components/date-time-field'
import { useAction } from '../../../hooks/use-action'
import { publishAnnouncement, saveAnnouncement, unpublishAnnouncement } from '../../../services/organizer'
import { markupHint, styledHtml } from '../../../shared/announcement-markup'
import { CreateAnnouncementRequest, scopeLabel, type AnnouncementScope, type ManagedAnnouncement } from '../../../shared/announcements'
import { beijingIso } from '../../../shared/beijing-time'
import { fieldsOf, formOf, isScheduled, statusText, type Form } from './notice-fields'
import './editor.scss'

/** A new announcement or one being changed: save as a draft, publish now or at a time, or withdraw it. */
export default function Editor({ item, scopes, onDone }: { item: ManagedAnnouncement | null; scopes: AnnouncementScope[]; onDone: () => void }) {
  const [saved, setSaved] = useState(item)
  const [form, setForm] = useState(() => formOf(item, scopes))
  const action = useAction()
  const set = (changes: Partial<Form>) => setForm((current) => ({ ...current, ...changes }))
  const published = saved?.status === 'published'

  /** The form's fields as the API takes them, or null with the problem shown. */
  const checked = () => {
    const fields = fieldsOf(form, scopes, saved)
    const parsed = CreateAnnouncementRequest.safeParse(fields)
    const problem = !parsed.success
      ? (parsed.error.issues[0]?.message ?? '请检查填写的内容')
      : form.scheduled && Date.parse(beijingIso(form.when)) <= Date.now()
        ? '定时发布的时间要晚于现在'
        : null
    action.fail(problem)
    return problem ? null : fields
  }

  const save = async (fields: ReturnType<typeof fieldsOf>) => {
    const result = await saveAnnouncement(saved?.id ?? null, fields)
    if (result.ok) setSaved(result.data)
    return result
  }

  const saveDraft = () => {
    const fields = checked()
    if (fields) void action.run(() => save(fields), { toast: '已保存' })
  }

  // A published announcement keeps its state: its changes are saved. Otherwise it is saved, then published.
  const publish = () => {
    const fields = checked()
    if (!fields) return
    void action.run(
      async () => {
        const result = await save(fields)
        return published || !result.ok ? result : publishAnnouncement(result.data.id)
      },
      { toast: (current) => (published ? '已保存修改' : isScheduled(current) ? '已定时发布' : '已发布'), done: onDone },
    )
  }

  const unpublish = () =>
    saved &&
    action.run(() => unpublishAnnouncement(saved.id), {
      confirm: { title: '撤回这条公告?', content: '撤回后居民就看不到了,以后可以再次发布。', confirmText: '撤回', cancelText: '不撤回' },
      toast: '已撤回',
      done: onDone,
    })

  return (
    <View className='notice-form'>
      <Text className='notice-form__heading'>{saved ? '修改公告' : '写新公告'}</Text>
      {saved && <Text className='notice-form__state'>现在:{statusText(saved)}</Text>}

      <Text className='notice-form__label'>标题</Text>
      <Input
        className='notice-form__input'
        value={form.title}
        maxlength={60}
        placeholder='如:本周六东关街集中清扫'
        onInput={(e) => set({ title: e.detail.value })}
        data-testid='notice-title'
      />

      <Text className='notice-form__label'>发给谁看</Text>
      <Picker
        mode='selector'
        range={scopes.map(scopeLabel)}
        value={form.scope}
        onChange={(e) => set({ scope: Number(e.detail.value) })}
      >
        <View className='notice-form__input notice-form__picker'>
          <Text>{scopes[form.scope] ? scopeLabel(scopes[form.scope]) : '请选择'}</Text>
          <Text className='notice-form__chevron'>›</Text>
        </View>
      </Picker>
      <Text className='notice-form__help'>全县:所有居民都能看到;社区:这个社区的居民;学校:这所学校的学生。</Text>

      <Text className='notice-form__label'>正文</Text>
      <Textarea
        className='notice-form__textarea'
        value={form.body}
        maxlength={8000}
        placeholder='写下公告内容'
        onInput={(e) => set({ body: e.detail.value })}
        data-testid='notice-body'
      />
      <Text className='notice-form__help'>{markupHint}</Text>

      <Text className='notice-form__label'>封面图片地址(可不填)</Text>
      <Input
        className='notice-form__input'
        value={form.coverUrl}
        maxlength={500}
        placeholder='https://…'
        onInput={(e) => set({ coverUrl: e.detail.value })}
      />

      <View className='notice-form__switch'>
        <Text>置顶(排在最前面)</Text>
        <Switch checked={form.pinned} color='#c8161d' onChange={(e) => set({ pinned: e.detail.value })} />
      </View>
      <View className='notice-form__switch'>
        <Text>定时发布</Text>
        <Switch checked={form.scheduled} color='#c8161d' onChange={(e) => set({ scheduled: e.detail.value })} />
      </View>
      {form.scheduled && (
        <>
          <DateTimeField value={form.when} onChange={(when) => set({ when })} />
          <Text className='notice-form__help'>到了这个时间居民才能看到(北京时间)。</Text>
        </>
      )}

      {action.problem && (
        <Text className='notice-form__problem'>{action.problem}</Text>
      )}

      <Button className={`notice-form__primary ${action.busy ? 'is-disabled' : ''}`} loading={action.busy || undefined} disabled={action.busy || undefined} onClick={publish}>
        {published ? '保存修改' : form.scheduled ? '定时发布' : '发布'}
      </Button>
      {!published && (
        <Button className={`notice-form__secondary ${action.busy ? 'is-disabled' : ''}`} disabled={action.busy || undefined} onClick={saveDraft}>
          保存草稿
        </Button>
      )}
      {published && (
        <Button className={`notice-form__danger ${action.busy ? 'is-disabled' : ''}`} disabled={action.busy || undefined} onClick={unpublish}>
          撤回公告
        </Button>
      )}
      <Button className={`notice-form__secondary ${action.busy ? 'is-disabled' : ''}`} disabled={action.busy || undefined} onClick={onDone}>
        返回列表
      </Button>

      {saved && saved.body && (
        <View className='notice-form__preview'>
          <Text className='notice-form__label'>居民看到的样子(已保存的内容)</Text>
          <RichText className='notice-form__preview-body' nodes={styledHtml(saved.body)} />
        </View>
      )}
    </View>
  )
}
