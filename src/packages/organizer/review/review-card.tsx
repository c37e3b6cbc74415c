import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { refusedIn, useAction } from '../../../hooks/use-action'
import { review } from '../../../services/organizer'
import { beijingLabel } from '../../../shared/beijing-time'
import { nominationStatusNames, type FullNomination, type Round } from '../../../shared/good-people'
import EditForm from './edit-form'
import MergePicker from './merge-picker'
import RejectForm from './reject-form'
import ReviewPhotos from './review-photos'
import './review-card.scss'

/** Called when an action succeeded, with the nomination as it is now. */
export type Done = (nomination: FullNomination) => void

type Mode = 'reject' | 'merge' | 'edit' | null

/** One nomination with all a reviewer needs, and what they may do with it now. */
export default function ReviewCard({ nomination, round, onChanged }: { nomination: FullNomination; round: Round; onChanged: (n: FullNomination) => void }) {
  const [mode, setMode] = useState<Mode>(null)
  const action = useAction()
  const canReview = nomination.status === 'pending' && round.status === 'open'
  const canEdit = (nomination.status === 'pending' || nomination.status === 'approved') && round.status !== 'published'

  const done: Done = (updated) => {
    setMode(null)
    onChanged(updated)
  }

  const approve = () =>
    action.run(() => review(nomination.id, 'approve', ''), {
      confirm: {
        title: '通过这条推荐?',
        content: '通过后事迹会公开展示(姓名只显示姓),居民可以点赞。',
        confirmText: '通过',
        cancelText: '再看看',
      },
      toast: '已通过',
      done,
      failed: refusedIn('没有通过成功'),
    })

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
      <ReviewPhotos photos={nomination.photos} />
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
              <Button className={`review-card__approve ${action.busy ? 'is-disabled' : ''}`} loading={action.busy || undefined} disabled={action.busy || undefined} onClick={approve}>
                通过
              </Button>
              <Button className={`review-card__reject ${action.busy ? 'is-disabled' : ''}`} disabled={action.busy || undefined} onClick={() => setMode('reject')}>
                不通过
              </Button>
              <Button className={`review-card__other ${action.busy ? 'is-disabled' : ''}`} disabled={action.busy || undefined} onClick={() => setMode('merge')}>
                合并到…
              </Button>
            </>
          )}
          {canEdit && (
            <Button className={`review-card__other ${action.busy ? 'is-disabled' : ''}`} disabled={action.busy || undefined} onClick={() => setMode('edit')}>
              改错字
            </Button>
          )}
        </View>
      )}
    </View>
  )
}
