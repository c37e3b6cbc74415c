import DateTimeField from '../../../components/date-time-field'
import PrivacyPopup from '../../../components/privacy-popup'
import { Button, Input, Picker, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useMemo, useState } from 'react'
import { useAction } from '../../../hooks/use-action'
import { useResource } from '../../../hooks/use-resource'
import { getMe, listCommunities } from '../../../services/account'
import { getActivity } from '../../../services/activities'
import { cancelActivity, saveActivity } from '../../../services/organizer'
import {
  activityKindNames,
  activityTimesProblem,
  audienceNames,
  cancelRuleNames,
  CreateActivityRequest,
  type ActivityKind,
} from '../../../shared/activities'
import { beijingDay, beijingIso, beijingParts } from '../../../shared/beijing-time'
import './index.scss'

const kinds = Object.entries(activityKindNames) as [ActivityKind, string][]
const audiences = Object.entries(audienceNames) as [keyof typeof audienceNames, string][]
const cancelRules = Object.entries(cancelRuleNames) as [keyof typeof cancelRuleNames, string][]

/** Where an activity belongs: a community, a work unit, or (both null) the county. */
type Scope = { name: string; communityId: string | null; unitId: string | null }
const sameScope = (a: Scope, b: Pick<Scope, 'communityId' | 'unitId'>) => a.communityId === b.communityId && a.unitId === b.unitId

export default function ActivityEdit() {
  const { params } = useRouter()
  const id = params.id ?? null
  const tomorrow = beijingDay(1, '09:00').date
  const [form, setForm] = useState({
    title: '',
    kind: 'volunteer' as ActivityKind,
    location: '',
    date: tomorrow,
    start: '09:00',
    end: '11:00',
    capacity: '30',
    hours: '2',
    audience: 'all' as keyof typeof audienceNames,
    cancelRule: 'until_deadline' as keyof typeof cancelRuleNames,
    description: '',
    latitude: null as number | null,
    longitude: null as number | null,
  })
  const action = useAction()

  // The scopes the organiser may publish in: their communities and units; a county organiser the
  // county and every community. An edited activity keeps its own scope among them.
  const me = useResource(getMe)
  const communities = useResource(listCommunities)
  const [scope, setScope] = useState<Scope | null>(null)
  const [ownScope, setOwnScope] = useState<Scope | null>(null)
  const scopes = useMemo(() => {
    const held = me.data?.user.organizerScopes ?? []
    const county = held.some((s) => s.kind === 'county')
    const options: Scope[] = [
      ...(county ? [{ name: '全县', communityId: null, unitId: null }] : []),
      ...(county
        ? (communities.data?.items ?? []).map((c) => ({ name: c.name, communityId: c.id, unitId: null }))
        : held.filter((s) => s.kind === 'community').map((s) => ({ name: s.name ?? '', communityId: s.id, unitId: null }))),
      ...held.filter((s) => s.kind === 'unit').map((s) => ({ name: s.name ?? '', communityId: null, unitId: s.id })),
    ]
    if (ownScope && !options.some((o) => sameScope(o, ownScope))) options.unshift(ownScope)
    return options
  }, [me.data, communities.data, ownScope])
  const chosen = scope ?? ownScope ?? scopes[0] ?? null

  useEffect(() => {
    if (!id) return
    Taro.setNavigationBarTitle({ title: '编辑活动' })
    void getActivity(id).then((result) => {
      if (!result.ok) return action.fail(result.error.message)
      const a = result.data
      setOwnScope({ name: a.scopeName ?? '全县', communityId: a.communityId ?? null, unitId: a.unitId ?? null })
      const start = beijingParts(a.startsAt)
      setForm({
        title: a.title,
        kind: a.kind,
        location: a.location,
        date: start.date,
        start: start.time,
        end: beijingParts(a.endsAt).time,
        capacity: String(a.capacity),
        hours: String(a.hours),
        audience: a.audience,
        cancelRule: a.cancelRule,
        description: a.description,
        latitude: a.latitude,
        longitude: a.longitude,
      })
    })
  }, [id])

  const set = (changes: Partial<typeof form>) => setForm((current) => ({ ...current, ...changes }))

  // WeChat's own map picker fills the place and its map point.
  const pickPlace = async () => {
    try {
      const place = await Taro.chooseLocation({})
      set({ location: (place.name || place.address).slice(0, 100), latitude: place.latitude, longitude: place.longitude })
    } catch {
      // The organiser closed the map.
    }
  }

  const submit = () => {
    const fields = {
      title: form.title,
      kind: form.kind,
      location: form.location,
      startsAt: beijingIso({ date: form.date, time: form.start }),
      endsAt: beijingIso({ date: form.date, time: form.end }),
      capacity: Number(form.capacity),
      hours: Number(form.hours || 0),
      audience: form.audience,
      cancelRule: form.cancelRule,
      description: form.description,
      ...(chosen ? { communityId: chosen.communityId, unitId: chosen.unitId } : {}),
      ...(form.latitude !== null && form.longitude !== null ? { latitude: form.latitude, longitude: form.longitude } : {}),
    }
    const timing = activityTimesProblem(fields)
    const parsed = CreateActivityRequest.safeParse(fields)
    if (timing || !parsed.success) return action.fail(timing ?? parsed.error?.issues[0]?.message ?? '请检查填写的内容')
    void action.run(() => saveActivity(id, parsed.data), {
      toast: id ? '已保存,已通知报名居民' : '发布成功',
      done: (saved) => Taro.redirectTo({ url: `/packages/activities/detail/index?id=${saved.id}` }),
    })
  }

  const cancel = () =>
    id &&
    action.run(() => cancelActivity(id), {
      confirm: { title: '取消这个活动?', content: '已报名的居民会收到取消通知,此操作不能撤回。', confirmText: '取消活动', cancelText: '不取消' },
      toast: '活动已取消',
    })

  return (
    <View className='page'>
      <PrivacyPopup />
      <View className='edit'>
        <Text className='edit__label'>活动名称</Text>
        <Input className='edit__input' value={form.title} maxlength={60} placeholder='如:周末清扫东关街' onInput={(e) => set({ title: e.detail.value })} data-testid='edit-title' />
        <Text className='edit__label'>所属范围</Text>
        {scopes.length > 1 ? (
          <Picker mode='selector' range={scopes.map((o) => o.name)} value={Math.max(0, scopes.findIndex((o) => chosen !== null && sameScope(o, chosen)))} onChange={(e) => setScope(scopes[Number(e.detail.value)])}>
            <View className='edit__input' data-testid='edit-scope'>{chosen?.name ?? '请选择'}</View>
          </Picker>
        ) : (
          <View className='edit__input' data-testid='edit-scope'>{chosen?.name ?? '全县'}</View>
        )}
        <Text className='edit__label'>活动类型</Text>
        <Picker mode='selector' range={kinds.map(([, name]) => name)} value={kinds.findIndex(([k]) => k === form.kind)} onChange={(e) => set({ kind: kinds[Number(e.detail.value)][0] })}>
          <View className='edit__input'>{activityKindNames[form.kind]}</View>
        </Picker>
        <Text className='edit__label'>地点</Text>
        <Input className='edit__input' value={form.location} maxlength={100} placeholder='如:东关社区党群服务中心' onInput={(e) => set({ location: e.detail.value })} data-testid='edit-location' />
        {process.env.TARO_ENV === 'weapp' && (
          <Text className='edit__map' onClick={pickPlace}>
            {form.latitude !== null ? '已在地图上选点,点此重选 ›' : '在地图上选点(方便居民导航) ›'}
          </Text>
        )}
        <Text className='edit__label'>日期与时间</Text>
        <View className='edit__row'>
          <DateTimeField value={{ date: form.date, time: form.start }} onChange={({ date, time }) => set({ date, start: time })} />
          <Text>至</Text>
          <Picker mode='time' value={form.end} onChange={(e) => set({ end: e.detail.value })}>
            <View className='edit__input'>{form.end}</View>
          </Picker>
        </View>
        <View className='edit__row'>
          <View className='edit__half'>
            <Text className='edit__label'>名额(人)</Text>
            <Input className='edit__input' type='number' value={form.capacity} onInput={(e) => set({ capacity: e.detail.value })} data-testid='edit-capacity' />
          </View>
          <View className='edit__half'>
            <Text className='edit__label'>志愿时长(小时)</Text>
            <Input className='edit__input' type='digit' value={form.hours} onInput={(e) => set({ hours: e.detail.value })} />
          </View>
        </View>
        <Text className='edit__label'>面向</Text>
        <Picker mode='selector' range={audiences.map(([, n]) => n)} value={audiences.findIndex(([k]) => k === form.audience)} onChange={(e) => set({ audience: audiences[Number(e.detail.value)][0] })}>
          <View className='edit__input'>{audienceNames[form.audience]}</View>
        </Picker>
        <Text className='edit__label'>取消报名</Text>
        <Picker mode='selector' range={cancelRules.map(([, n]) => n)} value={cancelRules.findIndex(([k]) => k === form.cancelRule)} onChange={(e) => set({ cancelRule: cancelRules[Number(e.detail.value)][0] })}>
          <View className='edit__input'>{cancelRuleNames[form.cancelRule]}</View>
        </Picker>
        <Text className='edit__label'>活动介绍</Text>
        <Textarea className='edit__textarea' value={form.description} maxlength={5000} placeholder='活动内容、集合地点、需要带什么' onInput={(e) => set({ description: e.detail.value })} />
        {action.problem && <Text className='edit__problem'>{action.problem}</Text>}
        <Button className={`edit__submit ${action.busy ? 'is-disabled' : ''}`} loading={action.busy || undefined} disabled={action.busy || undefined} onClick={submit}>
          {id ? '保存修改' : '发布活动'}
        </Button>
        {id && (
          <Button className='edit__cancel' onClick={cancel}>
            取消活动
          </Button>
        )}
      </View>
    </View>
  )
}
