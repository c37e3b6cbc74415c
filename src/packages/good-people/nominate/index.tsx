import { Button, Image, Input, Picker, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import PrivacyPopup from '../../../components/privacy-popup'
import StatusView from '../../../components/status-view'
import { refusedIn, useAction } from '../../../hooks/use-action'
import { useResource } from '../../../hooks/use-resource'
import { getMe, listCommunities } from '../../../services/account'
import { pickPhotos } from '../../../services/files'
import { getRound, nominate, photoUrl, uploadPhoto } from '../../../services/good-people'
import type { Result } from '../../../services/request'
import { NominateRequest, type FullNomination, type Photo } from '../../../shared/good-people'
import './index.scss'

const maxPhotos = 3

async function loadForm(roundId: string) {
  const [round, communities, me] = await Promise.all([getRound(roundId), listCommunities(), getMe()])
  if (!round.ok) return round
  if (!communities.ok) return communities
  return {
    ok: true as const,
    status: 200,
    data: { round: round.data, communities: communities.data.items, myCommunityId: me.ok ? me.data.user.communityId : null },
  }
}

export default function Nominate() {
  const { params } = useRouter()
  const roundId = params.roundId ?? ''
  const form = useResource(() => loadForm(roundId))
  const [name, setName] = useState('')
  const [categoryIndex, setCategoryIndex] = useState(0)
  const [communityIndex, setCommunityIndex] = useState<number | null>(null)
  const [story, setStory] = useState('')
  const [contact, setContact] = useState('')
  const [photos, setPhotos] = useState<Photo[]>([])
  const [uploading, setUploading] = useState(false)
  const action = useAction()
  const [created, setCreated] = useState<FullNomination | null>(null)

  const data = form.data
  const communityAt = communityIndex ?? Math.max(0, data?.communities.findIndex((c) => c.id === data.myCommunityId) ?? 0)

  const addPhotos = async () => {
    const paths = await pickPhotos(maxPhotos - photos.length)
    if (paths.length === 0) return
    setUploading(true)
    for (const path of paths) {
      const result: Result<Photo> = await uploadPhoto(path)
      if (result.ok) setPhotos((previous) => [...previous, result.data])
      else refusedIn('照片没有传上去')(result.error)
    }
    setUploading(false)
  }

  const submit = () => {
    if (!data) return
    const fields = {
      roundId,
      nomineeName: name,
      categoryId: data.round.categories[categoryIndex],
      communityId: data.communities[communityAt]?.id,
      story,
      ...(contact.trim() ? { contact } : {}),
      photoUrls: photos.map((p) => p.url),
    }
    const checked = NominateRequest.safeParse(fields)
    if (!checked.success) return void Taro.showModal({ title: '请补充内容', content: checked.error.issues[0].message, showCancel: false })
    return action.run(() => nominate(checked.data), { done: setCreated, failed: refusedIn('没有提交成功') })
  }

  if (created) {
    return (
      <View className='page nominate'>
        <View className='nominate__done'>
          <Text className='nominate__done-title'>推荐已提交</Text>
          <Text className='nominate__done-text'>
            感谢您推荐身边好人!工作人员审核通过后,{created.nomineeName}的故事会公开展示,大家就可以为 TA 点赞了。审核结果可以在「我的推荐」里查看。
          </Text>
          <Button className='nominate__submit' onClick={() => Taro.redirectTo({ url: '/packages/good-people/mine/index' })}>
            查看我的推荐
          </Button>
          <Button className='nominate__secondary' onClick={() => Taro.navigateBack()}>
            返回
          </Button>
        </View>
      </View>
    )
  }

  const submitDisabled = action.busy || uploading || !data?.round.nominationOpen
  return (
    <View className='page nominate'>
      <PrivacyPopup />
      <StatusView loading={form.loading} error={form.error} onRetry={form.reload}>
        {data && (
          <View className='nominate__form'>
            <Text className='nominate__round'>{data.round.title}</Text>
            {!data.round.nominationOpen && <Text className='nominate__closed'>现在不在推荐时间内,请留意评选公告。</Text>}
            <Text className='nominate__label'>好人的姓名</Text>
            <Input className='nominate__input' data-testid='nominate-name' value={name} maxlength={20} placeholder='请填写真实姓名' onInput={(e) => setName(e.detail.value)} />
            <Text className='nominate__label'>推荐类别</Text>
            <Picker mode='selector' range={data.round.categories} value={categoryIndex} onChange={(e) => setCategoryIndex(Number(e.detail.value))}>
              <View className='nominate__input nominate__picker'>
                <Text>{data.round.categories[categoryIndex]}</Text>
                <Text className='nominate__chevron'>›</Text>
              </View>
            </Picker>
            <Text className='nominate__label'>所在社区</Text>
            <Picker mode='selector' range={data.communities.map((c) => c.name)} value={communityAt} onChange={(e) => setCommunityIndex(Number(e.detail.value))}>
              <View className='nominate__input nominate__picker'>
                <Text>{data.communities[communityAt]?.name ?? '请选择社区'}</Text>
                <Text className='nominate__chevron'>›</Text>
              </View>
            </Picker>
            <Text className='nominate__label'>好人好事(20 到 800 字)</Text>
            <Textarea
              className='nominate__story'
              data-testid='nominate-story'
              value={story}
              maxlength={800}
              placeholder='写一写 TA 做了哪些好事,时间、地点、经过'
              onInput={(e) => setStory(e.detail.value)}
            />
            <Text className='nominate__counter'>{Array.from(story.trim()).length} / 800 字</Text>
            <Text className='nominate__label'>照片(选填,最多 {maxPhotos} 张)</Text>
            <View className='nominate__photos'>
              {photos.map((photo) => (
                <View key={photo.id} className='nominate__photo'>
                  <Image className='nominate__photo-image' src={photoUrl(photo.url)} mode='aspectFill' />
                  <Text className='nominate__photo-remove' onClick={() => setPhotos(photos.filter((p) => p.id !== photo.id))}>
                    删除
                  </Text>
                </View>
              ))}
              {photos.length < maxPhotos && (
                <Button className='nominate__photo-add' disabled={uploading || undefined} onClick={addPhotos}>
                  {uploading ? '上传中…' : '+ 添加照片'}
                </Button>
              )}
            </View>
            <Text className='nominate__label'>您的联系方式(选填)</Text>
            <Input className='nominate__input' data-testid='nominate-contact' value={contact} maxlength={60} placeholder='电话或微信号,方便核实' onInput={(e) => setContact(e.detail.value)} />
            <Text className='nominate__privacy'>联系方式只有工作人员能看到,不会公开。好人的姓名公开时只显示姓氏。</Text>
            <Button className={`nominate__submit ${submitDisabled ? 'is-disabled' : ''}`} disabled={submitDisabled || undefined} onClick={submit}>
              {action.busy ? '正在提交…' : '提交推荐'}
            </Button>
          </View>
        )}
      </StatusView>
    </View>
  )
}
