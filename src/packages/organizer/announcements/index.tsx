import { Button, Input, Picker, RichText, Switch, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useCallback, useState } from 'react'
import DateTimeField from '../../../components/date-time-field'
import PagedList from '../../../components/paged-list'
import { usePagedPage } from '../../../hooks/use-paged-page'
import { manageAnnouncements, publishAnnouncement, saveAnnouncement, unpublishAnnouncement } from '../../../services/organizer'
import { htmlToMarkup, markupHint, markupToHtml, styledHtml } from '../../../shared/announcement-markup'
import {
  announcementStatusNames,
  CreateAnnouncementRequest,
  scopeLabel,
  type AnnouncementScope,
  type ManagedAnnouncement,
} from '../../../shared/announcements'
import { beijingDay, beijingIso, beijingLabel, beijingParts, type DateTime } from '../../../shared/beijing-time'
import './index.scss'

const isScheduled = (item: Pick<ManagedAnnouncement, 'publishAt'> | null) =>
  Boolean(item?.publishAt && Date.parse(item.publishAt) > Date.now())

/** The state organisers read: 草稿, 已发布, 定时发布 11月29日 08:00, 已撤回. */
function statusText(item: ManagedAnnouncement) {
  if (item.status === 'published' && isScheduled(item)) return `定时发布 ${beijingLabel(item.publishAt!)}`
  return announcementStatusNames[item.status]
}

interface Form {
  title: string
  body: string
  coverUrl: string
  scope: number
  pinned: boolean
  scheduled: boolean
  when: DateTime
}

const sameScope = (a: AnnouncementScope, b: AnnouncementScope) => a.kind === b.kind && a.id === b.id

function formOf(item: ManagedAnnouncement | null, scopes: AnnouncementScope[]): Form {
  return {
    title: item?.title ?? '',
    body: item ? htmlToMarkup(item.body) : '',
    coverUrl: item?.coverUrl ?? '',
    scope: item ? Math.max(0, scopes.findIndex((s) => sameScope(s, item.scope))) : 0,
    pinned: item?.pinned ?? false,
    scheduled: isScheduled(item),
    when: item?.publishAt && isScheduled(item) ? beijingParts(item.publishAt) : beijingDay(1, '08:00'),
  }
}

/** What the API takes from the form; a published notice keeps its time unless it is rescheduled. */
function fieldsOf(form: Form, scopes: AnnouncementScope[], item: ManagedAnnouncement | null) {
  const scope = scopes[form.scope]
  const keepTime = item?.status === 'published' && !isScheduled(item) && !form.scheduled
  return {
    title: form.title.trim(),
    body: markupToHtml(form.body),
    coverUrl: form.coverUrl.trim() || null,
    scopeKind: scope?.kind,
    scopeId: scope?.id ?? null,
    pinned: form.pinned,
    ...(keepTime ? {} : { publishAt: form.scheduled ? beijingIso(form.when) : null }),
  }
}

function Editor({ item, scopes, onDone }: { item: ManagedAnnouncement | null; scopes: AnnouncementScope[]; onDone: () => void }) {
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

export default function OrganizerAnnouncements() {
  const [scopes, setScopes] = useState<AnnouncementScope[]>([])
  // undefined: the list; null: a new announcement; else the one being edited.
  const [editing, setEditing] = useState<ManagedAnnouncement | null | undefined>(undefined)
  const load = useCallback(async (cursor: string | null) => {
    const result = await manageAnnouncements(cursor)
    if (result.ok) setScopes(result.data.scopes)
    return result
  }, [])
  // Back from the editor, the list loads again.
  const list = usePagedPage<ManagedAnnouncement>(load, { ready: editing === undefined })

  if (editing !== undefined) {
    return (
      <View className='page notices-admin'>
        <Editor item={editing} scopes={scopes} onDone={() => setEditing(undefined)} />
      </View>
    )
  }

  const canWrite = scopes.length > 0
  return (
    <View className='page notices-admin'>
      {canWrite && (
        <Button className='notices-admin__new' onClick={() => setEditing(null)}>
          写新公告
        </Button>
      )}
      <PagedList
        list={list}
        emptyText={canWrite || list.loading ? '还没有公告,点上面的「写新公告」开始' : '您没有可以发公告的范围(全县、社区或学校),请联系管理员。'}
      >
        {list.items.map((item) => (
          <View key={item.id} className='notice-row' data-testid='notice-row' onClick={() => setEditing(item)}>
            <View className='notice-row__head'>
              <Text className={`notice-row__status notice-row__status--${item.status}`}>{statusText(item)}</Text>
              {item.pinned && <Text className='notice-row__pin'>置顶</Text>}
            </View>
            <Text className='notice-row__title'>{item.title}</Text>
            <Text className='notice-row__meta'>
              {scopeLabel(item.scope)}
              {item.status === 'published' ? ` · 已读 ${item.readCount} 人` : ''} · 修改于 {beijingLabel(item.updatedAt)}
            </Text>
          </View>
        ))}
      </PagedList>
    </View>
  )
}
