import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'
import DateTimeField from '../../../components/date-time-field'
import StatusView from '../../../components/status-view'
import { useResource } from '../../../hooks/use-resource'
import { listRounds } from '../../../services/good-people'
import { changeRound, listObjections, resolveObjection, reviewQueue, saveRound } from '../../../services/organizer'
import type { Failure, Result } from '../../../services/request'
import { beijingDay, beijingIso, beijingLabel, beijingParts, type DateTime } from '../../../shared/beijing-time'
import {
  CreateRoundRequest,
  defaultCategories,
  NoticeRequest,
  phaseNames,
  ResolveObjectionRequest,
  roundTimesProblem,
  UpdateRoundRequest,
  type FullNomination,
  type Objection,
  type Round,
} from '../../../shared/good-people'
import './index.scss'

const refused = (title: string, error: Failure) => void Taro.showModal({ title, content: error.message, showCancel: false })

// ------------------------------------------------------------------ the form

type TimeKey = 'nominateFrom' | 'nominateUntil' | 'voteFrom' | 'voteUntil'
const timeFields: [TimeKey, string][] = [
  ['nominateFrom', '开始推荐'],
  ['nominateUntil', '截止推荐'],
  ['voteFrom', '开始点赞'],
  ['voteUntil', '截止点赞'],
]

type Form = Record<TimeKey, DateTime> & {
  title: string
  description: string
  categories: string
  noticeDays: string
  dailyVoteCap: string
  roundVoteCap: string
}

function formOf(round: Round | null): Form {
  if (!round) {
    return {
      title: '',
      description: '',
      categories: defaultCategories.join('、'),
      nominateFrom: beijingDay(1, '08:00'),
      nominateUntil: beijingDay(15, '18:00'),
      voteFrom: beijingDay(16, '08:00'),
      voteUntil: beijingDay(22, '18:00'),
      noticeDays: '7',
      dailyVoteCap: '5',
      roundVoteCap: '30',
    }
  }
  return {
    title: round.title,
    description: round.description,
    categories: round.categories.join('、'),
    nominateFrom: beijingParts(round.nominateFrom),
    nominateUntil: beijingParts(round.nominateUntil),
    voteFrom: beijingParts(round.voteFrom),
    voteUntil: beijingParts(round.voteUntil),
    noticeDays: String(round.noticeDays),
    dailyVoteCap: String(round.dailyVoteCap),
    roundVoteCap: String(round.roundVoteCap),
  }
}

/** 助人为乐、见义勇为 or 助人为乐,见义勇为 → the list, without blanks and repeats. */
const splitCategories = (text: string) => [...new Set(text.split(/[,,、;;\s]+/).map((c) => c.trim()).filter(Boolean))]

function fieldsOf(form: Form, withCategories: boolean) {
  return {
    title: form.title,
    description: form.description,
    ...(withCategories ? { categories: splitCategories(form.categories) } : {}),
    nominateFrom: beijingIso(form.nominateFrom),
    nominateUntil: beijingIso(form.nominateUntil),
    voteFrom: beijingIso(form.voteFrom),
    voteUntil: beijingIso(form.voteUntil),
    noticeDays: Number(form.noticeDays),
    dailyVoteCap: Number(form.dailyVoteCap),
    roundVoteCap: Number(form.roundVoteCap),
  }
}
type Fields = ReturnType<typeof fieldsOf>

/** For a PATCH: only what differs from the saved round. */
function changesOf(fields: Fields, round: Round) {
  const changes: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(fields)) {
    const saved = round[key as keyof Round]
    const same = Array.isArray(value)
      ? value.join('、') === round.categories.join('、')
      : timeFields.some(([k]) => k === key)
        ? Date.parse(value as string) === Date.parse(saved as string)
        : value === saved
    if (!same) changes[key] = value
  }
  return changes
}

const fieldHints: Record<string, string> = {
  title: '请填写评选名称(不超过 60 个字)',
  description: '评选说明请不要超过 2000 个字',
  categories: '推荐类别请填 1~12 个,每个不超过 20 个字,用顿号或逗号隔开',
  noticeDays: '公示天数请填 1~30 之间的整数',
  dailyVoteCap: '每人每天点赞次数请填 1~100 之间的整数',
  roundVoteCap: '每人本轮点赞总数请填 1~1000 之间的整数',
}
const problemOf = (issues: { path: PropertyKey[]; message: string }[] | undefined) => {
  const issue = issues?.[0]
  return (issue && fieldHints[String(issue.path[0])]) ?? issue?.message ?? '请检查填写的内容'
}

function RoundForm({ round, onSaved, onClose }: { round: Round | null; onSaved: () => void; onClose: () => void }) {
  const [form, setForm] = useState(() => formOf(round))
  const [problem, setProblem] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const set = (changes: Partial<Form>) => setForm((current) => ({ ...current, ...changes }))
  const categoriesEditable = !round || round.status === 'draft'

  const submit = async () => {
    const fields = fieldsOf(form, categoriesEditable)
    const timing = roundTimesProblem(fields)
    const parsed = round ? UpdateRoundRequest.safeParse(changesOf(fields, round)) : CreateRoundRequest.safeParse(fields)
    if (timing || !parsed.success) {
      setProblem(timing ?? problemOf(parsed.error?.issues))
      return
    }
    setProblem(null)
    setSaving(true)
    const result = await saveRound(round?.id ?? null, parsed.data)
    setSaving(false)
    if (!result.ok) {
      setProblem(result.error.message)
      return
    }
    Taro.showToast({ title: round ? '已保存' : '已存为草稿', icon: 'success' })
    onSaved()
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
      {problem && (
        <Text className='round-form__problem'>{problem}</Text>
      )}
      <Button className={`round-form__submit ${saving ? 'is-disabled' : ''}`} loading={saving || undefined} disabled={saving || undefined} onClick={submit}>
        {round ? '保存修改' : '保存为草稿'}
      </Button>
      <Button className='round-form__close' onClick={onClose}>
        不保存,收起
      </Button>
    </View>
  )
}

// ------------------------------------------------------------------ choosing the honourees

/** Every approved nomination of the round (all pages), most votes first. */
async function approvedOf(roundId: string): Promise<Result<FullNomination[]>> {
  const items: FullNomination[] = []
  let cursor: string | null = null
  do {
    const result = await reviewQueue(roundId, 'approved', cursor)
    if (!result.ok) return result
    items.push(...result.data.items)
    cursor = result.data.nextCursor
  } while (cursor)
  return { ok: true, status: 200, data: items.sort((a, b) => b.votes - a.votes) }
}

function HonoureePicker({ round, onDone }: { round: Round; onDone: () => void }) {
  const approved = useResource(() => approvedOf(round.id))
  const [chosen, setChosen] = useState<string[]>([])
  const [problem, setProblem] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const toggle = (id: string) => setChosen((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]))

  const submit = async () => {
    const parsed = NoticeRequest.safeParse({ nominationIds: chosen })
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? '请至少选择一位好人')
      return
    }
    const { confirm } = await Taro.showModal({
      title: `公示这 ${chosen.length} 位好人?`,
      content: `公示 ${round.noticeDays} 天,期间居民可以反映意见。公示开始后不能再增加人选。`,
      confirmText: '开始公示',
      cancelText: '再想想',
    })
    if (!confirm) return
    setProblem(null)
    setSaving(true)
    const result = await changeRound(round.id, 'notice', parsed.data.nominationIds)
    setSaving(false)
    if (!result.ok) {
      setProblem(result.error.message)
      return
    }
    Taro.showToast({ title: '已开始公示', icon: 'success' })
    onDone()
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
        {problem && (
          <Text className='round-panel__problem'>{problem}</Text>
        )}
        <Button className={`round-panel__submit ${saving ? 'is-disabled' : ''}`} loading={saving || undefined} disabled={saving || undefined} onClick={submit}>
          开始公示(已选 {chosen.length} 位)
        </Button>
      </StatusView>
    </View>
  )
}

// ------------------------------------------------------------------ objections during the notice

const objectionStatusNames: Record<Objection['status'], string> = {
  open: '待处理',
  upheld: '属实,已取消入选',
  dismissed: '不属实,保留入选',
}

function ObjectionItem({ objection, onResolved }: { objection: Objection; onResolved: () => void }) {
  const [note, setNote] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const resolve = async (outcome: 'upheld' | 'dismissed') => {
    const parsed = ResolveObjectionRequest.safeParse({ outcome, note })
    if (!parsed.success) {
      setProblem('请先写明核实情况和处理结果(2~200 个字)')
      return
    }
    const { confirm } = await Taro.showModal(
      outcome === 'upheld'
        ? { title: '确认意见属实?', content: `「${objection.nomineeName}」将被取消入选,不会上好人榜。`, confirmText: '确认属实', cancelText: '再想想' }
        : { title: '确认意见不属实?', content: `「${objection.nomineeName}」保留入选,处理结果会记录在案。`, confirmText: '确认', cancelText: '再想想' },
    )
    if (!confirm) return
    setProblem(null)
    setBusy(true)
    const result = await resolveObjection(objection.id, parsed.data.outcome, parsed.data.note)
    setBusy(false)
    if (!result.ok) {
      setProblem(result.error.message)
      return
    }
    Taro.showToast({ title: '已处理', icon: 'success' })
    onResolved()
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
          {problem && (
            <Text className='objection__problem'>{problem}</Text>
          )}
          <View className='objection__actions'>
            <Button className={`objection__upheld ${busy ? 'is-disabled' : ''}`} disabled={busy || undefined} onClick={() => resolve('upheld')}>
              属实
            </Button>
            <Button className={`objection__dismissed ${busy ? 'is-disabled' : ''}`} disabled={busy || undefined} onClick={() => resolve('dismissed')}>
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

function ObjectionsPanel({ round }: { round: Round }) {
  const objections = useResource(() => listObjections(round.id))
  return (
    <View className='round-panel'>
      <Text className='round-panel__help'>
        核实每条意见:属实的,这位好人会被取消入选;不属实的,保留入选。全部处理完{round.noticeOpen ? '并且公示结束' : ''}后才能发布好人榜。
      </Text>
      <StatusView
        loading={objections.loading}
        error={objections.error}
        empty={objections.data?.items.length === 0}
        emptyText='公示期间还没有收到居民意见'
        onRetry={objections.reload}
      >
        {objections.data?.items.map((objection) => (
          <ObjectionItem key={objection.id} objection={objection} onResolved={objections.reload} />
        ))}
      </StatusView>
    </View>
  )
}

// ------------------------------------------------------------------ one round

type PanelKind = 'honourees' | 'objections'

function phaseHint(round: Round) {
  switch (round.phase) {
    case 'draft':
      return '草稿:居民还看不到。检查无误后点「发布」。'
    case 'upcoming':
      return `已发布,${beijingLabel(round.nominateFrom)} 开始推荐。`
    case 'nominating':
      return '居民正在推荐,请及时审核。'
    case 'reviewing':
      return '推荐已截止,请在点赞开始前审核完。'
    case 'voting':
      return `点赞截止(${beijingLabel(round.voteUntil)})后,可以选定好人并公示。`
    case 'selecting':
      return '点赞已结束,请选定好人并公示。'
    case 'notice':
      return round.noticeOpen && round.noticeEndsAt
        ? `公示到 ${beijingLabel(round.noticeEndsAt)}。公示结束、意见处理完后可以发布好人榜。`
        : '公示已结束。意见处理完后可以发布好人榜。'
    case 'published':
      return round.publishedAt ? `已于 ${beijingLabel(round.publishedAt)} 发布好人榜。` : '已发布好人榜。'
  }
}

interface RoundCardProps {
  round: Round
  panel: PanelKind | null
  onPanel: (kind: PanelKind | null) => void
  onEdit: () => void
  onStep: (step: 'open' | 'publish') => void
  onChanged: () => void
}

function RoundCard({ round, panel, onPanel, onEdit, onStep, onChanged }: RoundCardProps) {
  const go = (url: string) => Taro.navigateTo({ url: `${url}?roundId=${round.id}` })
  const toggle = (kind: PanelKind) => onPanel(panel === kind ? null : kind)
  return (
    <View className='round-card' data-testid='round-card'>
      <View className='round-card__head'>
        <Text className='round-card__title'>{round.title}</Text>
        <Text className={`round-card__phase round-card__phase--${round.status}`}>{phaseNames[round.phase]}</Text>
      </View>
      <Text className='round-card__line'>
        推荐:{beijingLabel(round.nominateFrom)} 至 {beijingLabel(round.nominateUntil)}
      </Text>
      <Text className='round-card__line'>
        点赞:{beijingLabel(round.voteFrom)} 至 {beijingLabel(round.voteUntil)}
      </Text>
      <Text className='round-card__line'>
        {round.noticeStartsAt && round.noticeEndsAt
          ? `公示:${beijingLabel(round.noticeStartsAt)} 至 ${beijingLabel(round.noticeEndsAt)}`
          : `公示 ${round.noticeDays} 天`}
      </Text>
      <Text className='round-card__line'>
        每人每天点赞 {round.dailyVoteCap} 次,本轮共 {round.roundVoteCap} 次
      </Text>
      <Text className='round-card__line'>推荐类别:{round.categories.join('、')}</Text>
      <Text className='round-card__count'>已通过审核 {round.approvedCount} 条</Text>
      <Text className='round-card__hint'>{phaseHint(round)}</Text>

      <View className='round-card__actions'>
        {round.status === 'draft' && (
          <Button className='round-card__primary' onClick={() => onStep('open')}>
            发布
          </Button>
        )}
        {round.status === 'open' && (
          <Button className='round-card__primary' onClick={() => go('/packages/organizer/review/index')}>
            进入审核
          </Button>
        )}
        {round.phase === 'selecting' && (
          <Button className='round-card__primary' onClick={() => toggle('honourees')}>
            {panel === 'honourees' ? '收起' : '选定好人并公示'}
          </Button>
        )}
        {round.status === 'notice' && (
          <Button className='round-card__primary' onClick={() => toggle('objections')}>
            {panel === 'objections' ? '收起公示意见' : '处理公示意见'}
          </Button>
        )}
        {round.status === 'notice' && !round.noticeOpen && (
          <Button className='round-card__primary' onClick={() => onStep('publish')}>
            发布好人榜
          </Button>
        )}
        {(round.status === 'notice' || round.status === 'published') && (
          <Button className='round-card__secondary' onClick={() => go('/packages/good-people/honours/index')}>
            {round.status === 'notice' ? '查看公示名单' : '查看好人榜'}
          </Button>
        )}
        {round.status === 'notice' && (
          <Button className='round-card__secondary' onClick={() => go('/packages/organizer/review/index')}>
            查看全部推荐
          </Button>
        )}
        {(round.status === 'draft' || round.status === 'open') && (
          <Button className='round-card__secondary' onClick={onEdit}>
            修改
          </Button>
        )}
      </View>

      {panel === 'honourees' && <HonoureePicker round={round} onDone={onChanged} />}
      {panel === 'objections' && <ObjectionsPanel round={round} />}
    </View>
  )
}

// ------------------------------------------------------------------ the page

const stepQuestions = {
  open: { title: '发布这一轮评选?', content: '发布后居民就能看到,到了推荐时间就可以推荐。推荐类别以后不能再改。', confirmText: '发布' },
  publish: { title: '发布好人榜?', content: '发布后全体居民都能看到好人榜,不能撤回。', confirmText: '发布' },
}

export default function RoundsPage() {
  const rounds = useResource(listRounds)
  const [editing, setEditing] = useState<Round | 'new' | null>(null)
  const [panel, setPanel] = useState<{ roundId: string; kind: PanelKind } | null>(null)
  useDidShow(() => {
    if (rounds.data) void rounds.reload()
  })
  usePullDownRefresh(async () => {
    await rounds.reload()
    Taro.stopPullDownRefresh()
  })

  const edit = (round: Round | 'new') => {
    setEditing(round)
    Taro.pageScrollTo({ scrollTop: 0, duration: 300 })
  }

  const step = async (round: Round, to: 'open' | 'publish') => {
    const { confirm } = await Taro.showModal({ ...stepQuestions[to], cancelText: '再想想' })
    if (!confirm) return
    const result = await changeRound(round.id, to)
    if (!result.ok) {
      refused('没有发布成功', result.error)
      return
    }
    Taro.showToast({ title: to === 'open' ? '已发布' : '好人榜已发布', icon: 'success' })
    await rounds.reload()
  }

  return (
    <View className='page rounds'>
      {editing ? (
        <RoundForm
          key={editing === 'new' ? 'new' : editing.id}
          round={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null)
            void rounds.reload()
          }}
        />
      ) : (
        <Button className='rounds__new' onClick={() => edit('new')}>
          新建一轮评选
        </Button>
      )}

      <Text className='rounds__heading'>全部评选(最新在前)</Text>
      <StatusView
        loading={rounds.loading}
        error={rounds.error}
        empty={rounds.data?.items.length === 0}
        emptyText='还没有评选。点上面的「新建一轮评选」开始。'
        onRetry={rounds.reload}
      >
        {rounds.data?.items.map((round) => (
          <RoundCard
            key={round.id}
            round={round}
            panel={panel?.roundId === round.id ? panel.kind : null}
            onPanel={(kind) => setPanel(kind ? { roundId: round.id, kind } : null)}
            onEdit={() => edit(round)}
            onStep={(to) => step(round, to)}
            onChanged={() => {
              setPanel(null)
              void rounds.reload()
            }}
          />
        ))}
      </StatusView>
    </View>
  )
}
