import { Button, Input, Picker, RichText, Switch, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import DateTimeField from '../../../components/date-time-field'
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
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const set = (changes: Partial<Form>) => setForm((current) => ({ ...current, ...changes }))

  /** Saves the form; resolves to the saved announcement, or null with the problem shown. */
  const save = async () => {
    const fields = fieldsOf(form, scopes, saved)
    const parsed = CreateAnnouncementRequest.safeParse(fields)
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? '请检查填写的内容')
      return null
    }
    if (form.scheduled && Date.parse(beijingIso(form.when)) <= Date.now()) {
      setProblem('定时发布的时间要晚于现在')
      return null
    }
    setProblem(null)
    const result = await saveAnnouncement(saved?.id ?? null, fields)
    if (!result.ok) {
      setProblem(result.error.message)
      return null
    }
    setSaved(result.data)
    return result.data
  }

  const run = async (work: () => Promise<void>) => {
    setBusy(true)
    await work()
    setBusy(false)
  }

  const saveDraft = () =>
    run(async () => {
      if (await save()) Taro.showToast({ title: '已保存', icon: 'success' })
    })

  const publish = () =>
    run(async () => {
      const current = await save()
      if (!current) return
      if (current.status === 'published') {
        Taro.showToast({ title: '已保存修改', icon: 'success' })
        onDone()
        return
      }
      const result = await publishAnnouncement(current.id)
      if (!result.ok) {
        setProblem(result.error.message)
        return
      }
      Taro.showToast({ title: isScheduled(result.data) ? '已定时发布' : '已发布', icon: 'success' })
      onDone()
    })

  const unpublish = async () => {
    if (!saved) return
    const { confirm } = await Taro.showModal({
      title: '撤回这条公告?',
      content: '撤回后居民就看不到了,以后可以再次发布。',
      confirmText: '撤回',
      cancelText: '不撤回',
    })
    if (!confirm) return
    await run(async () => {
      const result = await unpublishAnnouncement(saved.id)
      if (!result.ok) {
        setProblem(result.error.message)
        return
      }
      Taro.showToast({ title: '已撤回', icon: 'success' })
      onDone()
    })
  }

  const published = saved?.status === 'published'
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

      {problem && (
        <Text className='notice-form__problem'>{problem}</Text>
      )}

      <Button className={`notice-form__primary ${busy ? 'is-disabled' : ''}`} loading={busy || undefined} disabled={busy || undefined} onClick={publish}>
        {published ? '保存修改' : form.scheduled ? '定时发布' : '发布'}
      </Button>
      {!published && (
        <Button className={`notice-form__secondary ${busy ? 'is-disabled' : ''}`} disabled={busy || undefined} onClick={saveDraft}>
          保存草稿
        </Button>
      )}
      {published && (
        <Button className={`notice-form__danger ${busy ? 'is-disabled' : ''}`} disabled={busy || undefined} onClick={unpublish}>
          撤回公告
        </Button>
      )}
      <Button className={`notice-form__secondary ${busy ? 'is-disabled' : ''}`} disabled={busy || undefined} onClick={onDone}>
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
