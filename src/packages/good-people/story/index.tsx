import { Button, Image, Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter, useShareAppMessage, useShareTimeline } from '@tarojs/taro'
import { useState } from 'react'
import StatusView from '../../../components/status-view'
import { refusedIn, useAction } from '../../../hooks/use-action'
import { useResource } from '../../../hooks/use-resource'
import { getNomination, getRound, object, photoUrl, vote } from '../../../services/good-people'
import type { Result } from '../../../services/request'
import { votesLeft, type NominationResponse, type Round } from '../../../shared/good-people'
import './index.scss'

/** The story with its round: the round says whether votes or objections are taken now. */
async function loadStory(id: string): Promise<Result<{ story: NominationResponse; round: Round }>> {
  const story = await getNomination(id)
  if (!story.ok) return story
  const round = await getRound(story.data.nomination.roundId)
  return round.ok ? { ok: true, status: 200, data: { story: story.data, round: round.data } } : round
}

export default function Story() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const resource = useResource(() => loadStory(id))
  const action = useAction()
  const [reason, setReason] = useState('')
  const [contact, setContact] = useState('')
  const [objected, setObjected] = useState(false)

  const nomination = resource.data?.story.nomination
  const round = resource.data?.round
  const likeDisabled = action.busy || !nomination || !round || nomination.votedToday || votesLeft(round) === 0
  const objectionDisabled = action.busy || reason.trim().length < 10
  const share = () => ({
    title: nomination ? `身边好人 · ${nomination.category}:${nomination.nomineeName}的故事` : '身边好人',
    path: `/packages/good-people/story/index?id=${id}`,
    imageUrl: nomination?.photos[0] ? photoUrl(nomination.photos[0].url) : undefined,
  })
  useShareAppMessage(share)
  useShareTimeline(() => ({ title: share().title, query: `id=${id}`, imageUrl: share().imageUrl }))

  const like = () =>
    action.run(() => vote(id), {
      toast: '点赞成功',
      done: (counted) =>
        resource.setData((previous) =>
          previous && {
            round: { ...previous.round, myVotes: counted.myVotes },
            story: { ...previous.story, nomination: { ...previous.story.nomination, votes: counted.votes, votedToday: true } },
          } as typeof previous,
        ),
      failed: refusedIn('没有点上赞'),
    })

  const submitObjection = () =>
    action.run(() => object(id, reason.trim(), contact.trim()), { toast: '已收到您的意见', done: () => setObjected(true), failed: refusedIn('没有提交成功') })

  return (
    <View className='page story'>
      <StatusView loading={resource.loading} error={resource.error} onRetry={resource.reload}>
        {nomination && round && (
          <>
            <View className='story__card'>
              <View className='story__head'>
                <Text className='story__category'>{nomination.category}</Text>
                {nomination.honoured && <Text className='story__honoured'>{round.status === 'published' ? '好人榜' : '公示中'}</Text>}
              </View>
              <Text className='story__name'>{nomination.nomineeName}</Text>
              {nomination.community && <Text className='story__community'>{nomination.community}</Text>}
              <Text className='story__text'>{nomination.story}</Text>
              {nomination.photos.map((photo) => (
                <Image
                  key={photo.id}
                  className='story__photo'
                  src={photoUrl(photo.url)}
                  mode='widthFix'
                  onClick={() => Taro.previewImage({ current: photoUrl(photo.url), urls: nomination.photos.map((p) => photoUrl(p.url)) })}
                />
              ))}
              <Text className='story__round'>{round.title}</Text>
            </View>
            <View className='story__vote'>
              <Text className='story__count' data-testid='vote-count'>{nomination.votes}</Text>
              <Text className='story__count-label'>人为 TA 点赞</Text>
              {round.votingOpen ? (
                <>
                  <Button className={`story__like ${likeDisabled ? 'is-disabled' : ''}`} disabled={likeDisabled || undefined} onClick={like}>
                    {nomination.votedToday ? '今天已点赞' : '为 TA 点赞'}
                  </Button>
                  <Text className='story__hint'>今天还可以点赞 {votesLeft(round)} 次,每位好人每天可点赞一次</Text>
                </>
              ) : (
                <Text className='story__hint'>现在不在点赞时间内</Text>
              )}
              <Button className='story__share' openType='share'>
                分享给亲友
              </Button>
            </View>
            {nomination.honoured && round.noticeOpen && (
              <View className='story__objection'>
                <Text className='story__objection-title'>公示期意见反映</Text>
                <Text className='story__hint'>如果您了解到与事迹不符的情况,请如实反映。我们会核实,并为您保密。</Text>
                {objected ? (
                  <Text className='story__done'>已收到您的意见,工作人员会尽快核实。</Text>
                ) : (
                  <>
                    <Textarea className='story__reason' value={reason} maxlength={500} placeholder='请写明情况(至少 10 个字)' onInput={(e) => setReason(e.detail.value)} />
                    <Input className='story__contact' value={contact} maxlength={60} placeholder='联系方式(选填,仅工作人员可见)' onInput={(e) => setContact(e.detail.value)} />
                    <Button className={`story__submit ${objectionDisabled ? 'is-disabled' : ''}`} disabled={objectionDisabled || undefined} onClick={submitObjection}>
                      提交意见
                    </Button>
                  </>
                )}
              </View>
            )}
          </>
        )}
      </StatusView>
    </View>
  )
}
