import { Button, Image, Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import type * as z from 'zod/mini'
import PagedList from '../../../components/paged-list'
import StatusView from '../../../components/status-view'
import Tabs from '../../../components/tabs'
import { usePagedPage } from '../../../hooks/use-paged-page'
import { useResource } from '../../../hooks/use-resource'
import { getRound, photoUrl } from '../../../services/good-people'
import { editNomination, merge, review, reviewQueue } from '../../../services/organizer'
import type { Result } from '../../../services/request'
import { beijingLabel } from '../../../shared/beijing-time'
import {
  EditNominationRequest,
  nominationStatusNames,
  phaseNames,
  ReviewRequest,
  type FullNomination,
  type Photo,
  type ReviewQuery,
  type Round,
} from '../../../shared/good-people'
import './index.scss'

type Tab = Exclude<z.infer<typeof ReviewQuery>['status'], 'held'>
const tabs: [Tab, string][] = [
  ['pending', '待审核'],
  ['approved', '已通过'],
  ['rejected', '未通过'],
  ['merged', '已合并'],
]
const emptyTexts: Record<Tab, string> = {
  pending: '没有待审核的推荐了',
  approved: '还没有通过审核的推荐',
  rejected: '没有未通过的推荐',
  merged: '没有合并过的推荐',
}

/** Called when an action succeeded: the nomination as it is now, and what to say. */
type Done = (nomination: FullNomination, toast: string) => void

const noRound: Result<Round> = { ok: false, error: { code: 'not_found', message: '没有找到这一轮评选,请从「评选管理」进入。' } }

// ------------------------------------------------------------------ photos

const checkNames: Partial<Record<NonNullable<Photo['check']>, string>> = {
  checking: '检查中',
  risky: '未通过安全检查',
  error: '未检查',
}

function Photos({ photos }: { photos: Photo[] }) {
  if (photos.length === 0) return null
  const urls = photos.map((photo) => photoUrl(photo.url))
  return (
    <View className='review-photos'>
      {photos.map((photo, i) => {
        const badge = photo.check && checkNames[photo.check]
        return (
          <View key={photo.id} className='review-photos__item' onClick={() => Taro.previewImage({ urls, current: urls[i] })}>
            <Image className='review-photos__image' src={urls[i]} mode='aspectFill' lazyLoad />
            {badge && <Text className={`review-photos__badge review-photos__badge--${photo.check}`}>{badge}</Text>}
          </View>
        )
      })}
    </View>
  )
}

// ------------------------------------------------------------------ actions

function RejectForm({ nomination, onDone, onCancel }: { nomination: FullNomination; onDone: Done; onCancel: () => void }) {
  const [note, setNote] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async () => {
    // The nominator reads the reason, so the page always asks for one.
    const parsed = ReviewRequest.safeParse({ decision: 'reject', note })
    if (!note.trim() || !parsed.success) {
      setProblem(note.trim() ? '原因请不要超过 200 个字' : '请写明不通过的原因,推荐人会看到')
      return
    }
    setProblem(null)
    setBusy(true)
    const result = await review(nomination.id, 'reject', parsed.data.note ?? '')
    setBusy(false)
    if (!result.ok) setProblem(result.error.message)
    else onDone(result.data, '已标为不通过')
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
      {problem && <Text className='review-form__problem'>{problem}</Text>}
      <Button className={`review-form__danger ${busy ? 'is-disabled' : ''}`} loading={busy || undefined} disabled={busy || undefined} onClick={submit}>
        确认不通过
      </Button>
      <Button className='review-form__cancel' onClick={onCancel}>
        取消
      </Button>
    </View>
  )
}

/** Every nomination of the round this one could be merged into: pending or approved, all pages. */
async function mergeTargets(nomination: FullNomination): Promise<Result<FullNomination[]>> {
  const items: FullNomination[] = []
  const statuses: Tab[] = ['pending', 'approved']
  for (const status of statuses) {
    let cursor: string | null = null
    do {
      const result = await reviewQueue(nomination.roundId, status, cursor)
      if (!result.ok) return result
      items.push(...result.data.items)
      cursor = result.data.nextCursor
    } while (cursor)
  }
  const others = items.filter((n) => n.id !== nomination.id)
  // The same name first: that is usually the duplicate.
  const same = (n: FullNomination) => Number(n.nomineeName.trim() === nomination.nomineeName.trim())
  return { ok: true, status: 200, data: others.sort((a, b) => same(b) - same(a)) }
}

function MergePicker({ nomination, onDone, onCancel }: { nomination: FullNomination; onDone: Done; onCancel: () => void }) {
  const targets = useResource(() => mergeTargets(nomination))
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const choose = async (target: FullNomination) => {
    if (busy) return
    const { confirm } = await Taro.showModal({
      title: `合并到「${target.nomineeName}」?`,
      content: '两条推荐说的是同一位好人才合并。合并后这条不再单独展示,推荐人会看到说明。',
      confirmText: '合并',
      cancelText: '再看看',
    })
    if (!confirm) return
    setProblem(null)
    setBusy(true)
    const result = await merge(nomination.id, target.id)
    setBusy(false)
    if (!result.ok) setProblem(result.error.message)
    else onDone(result.data, '已合并')
  }

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
      {problem && <Text className='review-form__problem'>{problem}</Text>}
      <Button className='review-form__cancel' onClick={onCancel}>
        取消
      </Button>
    </View>
  )
}

function EditForm({ nomination, onDone, onCancel }: { nomination: FullNomination; onDone: Done; onCancel: () => void }) {
  const [name, setName] = useState(nomination.nomineeName)
  const [story, setStory] = useState(nomination.story)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const save = async () => {
    const changes = {
      ...(name.trim() !== nomination.nomineeName ? { nomineeName: name } : {}),
      ...(story.trim() !== nomination.story ? { story } : {}),
    }
    const parsed = EditNominationRequest.safeParse(changes)
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path[0]
      setProblem(field === 'nomineeName' ? '姓名请填 1~20 个字' : field === 'story' ? '事迹请写 20~800 个字' : '还没有改动任何文字')
      return
    }
    setProblem(null)
    setBusy(true)
    const result = await editNomination(nomination.id, parsed.data)
    setBusy(false)
    if (!result.ok) setProblem(result.error.message)
    else onDone(result.data, '已改正')
  }

  return (
    <View className='review-form'>
      <Text className='review-form__help'>只改错别字,不改变原意。每次修改都会留下记录。</Text>
      <Text className='review-form__label'>好人姓名</Text>
      <Input className='review-form__input' value={name} maxlength={20} onInput={(e) => setName(e.detail.value)} />
      <Text className='review-form__label'>事迹</Text>
      <Textarea className='review-form__textarea review-form__textarea--story' value={story} maxlength={800} onInput={(e) => setStory(e.detail.value)} />
      {problem && <Text className='review-form__problem'>{problem}</Text>}
      <Button className={`review-form__submit ${busy ? 'is-disabled' : ''}`} loading={busy || undefined} disabled={busy || undefined} onClick={save}>
        保存改正
      </Button>
      <Button className='review-form__cancel' onClick={onCancel}>
        取消
      </Button>
    </View>
  )
}

// ------------------------------------------------------------------ one nomination

type Mode = 'reject' | 'merge' | 'edit' | null

function ReviewCard({ nomination, round, onChanged }: { nomination: FullNomination; round: Round; onChanged: (n: FullNomination) => void }) {
  const [mode, setMode] = useState<Mode>(null)
  const [busy, setBusy] = useState(false)
  const canReview = nomination.status === 'pending' && round.status === 'open'
  const canEdit = (nomination.status === 'pending' || nomination.status === 'approved') && round.status !== 'published'

  const done: Done = (updated, toast) => {
    setMode(null)
    Taro.showToast({ title: toast, icon: 'success' })
    onChanged(updated)
  }

  const approve = async () => {
    const { confirm } = await Taro.showModal({
      title: '通过这条推荐?',
      content: '通过后事迹会公开展示(姓名只显示姓),居民可以点赞。',
      confirmText: '通过',
      cancelText: '再看看',
    })
    if (!confirm) return
    setBusy(true)
    const result = await review(nomination.id, 'approve', '')
    setBusy(false)
    if (result.ok) done(result.data, '已通过')
    else void Taro.showModal({ title: '没有通过成功', content: result.error.message, showCancel: false })
  }

  return (
    <View className='review-card' data-testid='review-card'>
      <View className='review-card__head'>
        <Text className='review-card__name'>{nomination.nomineeName}</Text>
        <Text className={`review-card__status review-card__status--${nomination.status}`}>
          {nomination.honoured ? '入选好人' : nominationStatusNames[nomination.status]}
        </Text>
      </View>
      <Text className='review-card__meta'>
        {nomination.category} · {nomination.community ?? '未填社区'}
      </Text>
      {nomination.heldReason && <Text className='review-card__held'>请仔细核对:{nomination.heldReason}</Text>}
      <Text className='review-card__story'>{nomination.story}</Text>
      <Photos photos={nomination.photos} />
      <Text className='review-card__line'>推荐人:{nomination.nominator ?? '账号已注销'}</Text>
      <Text className='review-card__line'>联系方式:{nomination.contact ?? '未留'}</Text>
      <Text className='review-card__line'>
        点赞 {nomination.votes} 票,其中新注册账号 {nomination.newAccountVotes} 票
      </Text>
      {nomination.objections > 0 && <Text className='review-card__line'>公示意见 {nomination.objections} 条</Text>}
      {nomination.reviewNote && <Text className='review-card__line'>审核说明:{nomination.reviewNote}</Text>}
      <Text className='review-card__line'>推荐时间:{beijingLabel(nomination.createdAt)}</Text>

      {mode === 'reject' && <RejectForm nomination={nomination} onDone={done} onCancel={() => setMode(null)} />}
      {mode === 'merge' && <MergePicker nomination={nomination} onDone={done} onCancel={() => setMode(null)} />}
      {mode === 'edit' && <EditForm nomination={nomination} onDone={done} onCancel={() => setMode(null)} />}
      {mode === null && (canReview || canEdit) && (
        <View className='review-card__actions'>
          {canReview && (
            <>
              <Button className={`review-card__approve ${busy ? 'is-disabled' : ''}`} loading={busy || undefined} disabled={busy || undefined} onClick={approve}>
                通过
              </Button>
              <Button className={`review-card__reject ${busy ? 'is-disabled' : ''}`} disabled={busy || undefined} onClick={() => setMode('reject')}>
                不通过
              </Button>
              <Button className={`review-card__other ${busy ? 'is-disabled' : ''}`} disabled={busy || undefined} onClick={() => setMode('merge')}>
                合并到…
              </Button>
            </>
          )}
          {canEdit && (
            <Button className={`review-card__other ${busy ? 'is-disabled' : ''}`} disabled={busy || undefined} onClick={() => setMode('edit')}>
              改错字
            </Button>
          )}
        </View>
      )}
    </View>
  )
}

// ------------------------------------------------------------------ one tab

function ReviewList({ round, status }: { round: Round; status: Tab }) {
  const [changed, setChanged] = useState<Record<string, FullNomination>>({})
  const load = useCallback(
    async (cursor: string | null) => {
      const result = await reviewQueue(round.id, status, cursor)
      // The first page again (pull-down): it says how each nomination stands now.
      if (cursor === null) setChanged({})
      return result
    },
    [round.id, status],
  )
  const list = usePagedPage<FullNomination>(load)

  // What was decided here leaves this tab; what was corrected shows as corrected.
  const shown = list.items.map((n) => changed[n.id] ?? n).filter((n) => n.status === status)
  const more = !list.done && !list.error
  useEffect(() => {
    // Everything loaded has been handled but more wait: fetch them without a scroll.
    if (shown.length === 0 && list.items.length > 0 && more && !list.loading) void list.loadMore()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shown.length, list.items.length, more, list.loading])

  return (
    <PagedList list={list} shown={shown.length} emptyText={emptyTexts[status]}>
      {shown.map((nomination) => (
        <ReviewCard
          key={nomination.id}
          nomination={nomination}
          round={round}
          onChanged={(updated) => setChanged((current) => ({ ...current, [updated.id]: updated }))}
        />
      ))}
    </PagedList>
  )
}

// ------------------------------------------------------------------ the page

export default function ReviewPage() {
  const { params } = useRouter()
  const roundId = params.roundId ?? ''
  const round = useResource(() => (roundId ? getRound(roundId) : Promise.resolve(noRound)))
  const [tab, setTab] = useState<Tab>('pending')
  const data = round.data

  return (
    <View className='page review'>
      <StatusView loading={round.loading} error={round.error} onRetry={round.reload}>
        {data && (
          <>
            <View className='review__round'>
              <Text className='review__title'>{data.title}</Text>
              <Text className='review__phase'>
                {phaseNames[data.phase]} · 已通过 {data.approvedCount} 条
              </Text>
              {data.status !== 'open' && (
                <Text className='review__note'>
                  {data.status === 'published'
                    ? '好人榜已发布,推荐不能再修改。'
                    : '评选已不在进行中,不能再审核或合并;好人榜发布前仍可以改错字。'}
                </Text>
              )}
            </View>
            <Tabs value={tab} options={tabs} onChange={setTab} />
            <ReviewList key={tab} round={data} status={tab} />
          </>
        )}
      </StatusView>
    </View>
  )
}
