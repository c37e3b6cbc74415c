import { Button, Input, Text, View } from '@tarojs/components'
import { useShareAppMessage, useShareTimeline } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import StatusView from '../../components/status-view'
import { useAction } from '../../hooks/use-action'
import { usePagedPage } from '../../hooks/use-paged-page'
import { useResource } from '../../hooks/use-resource'
import { getMe } from '../../services/account'
import { getPledge, listSignatures, signPledge } from '../../services/pledge'
import { beijingLabel } from '../../shared/beijing-time'
import { maskName } from '../../shared/common'
import { DisplayName, type PublicSignature, type Signature } from '../../shared/pledge'
import './index.scss'

function Certificate({ signature, title }: { signature: Signature; title: string }) {
  return (
    <View className='certificate' data-testid='certificate'>
      <Text className='certificate__heading'>文明承诺证书</Text>
      <Text className='certificate__name'>{signature.displayName}</Text>
      <Text className='certificate__number'>你是第 {signature.number} 位签名者</Text>
      <Text className='certificate__text'>感谢您签署「{title}」承诺,争做文明杞县人!</Text>
      <Text className='certificate__date'>{beijingLabel(signature.signedAt, true)}</Text>
      {process.env.TARO_ENV === 'weapp' && (
        <Button className='certificate__share' openType='share'>
          分享给好友,邀请一起签名
        </Button>
      )}
    </View>
  )
}

function SignatureWall() {
  const wall = usePagedPage<PublicSignature>(listSignatures)

  return (
    <View className='wall'>
      <Text className='wall__title'>签名墙</Text>
      <StatusView
        loading={wall.initial}
        error={wall.items.length === 0 ? wall.error : null}
        empty={wall.items.length === 0}
        emptyText='还没有人签名,快来做第一位签名者吧!'
        onRetry={wall.retry}
      >
        <View className='wall__list'>
          {wall.items.map((item) => (
            <View className='wall__item' key={item.number} data-testid='wall-item'>
              <Text className='wall__number'>第 {item.number} 位</Text>
              <Text className='wall__name'>{item.displayName}</Text>
              <Text className='wall__meta'>
                {item.community ?? '杞县居民'} · {beijingLabel(item.signedAt)}
              </Text>
            </View>
          ))}
        </View>
        {wall.error ? (
          <Button className='wall__more' onClick={wall.retry}>
            加载失败,点此重试
          </Button>
        ) : (
          <Text className='wall__end'>{wall.done ? '已经到底了' : '上滑加载更多'}</Text>
        )}
      </StatusView>
    </View>
  )
}

export default function PledgePage() {
  const pledge = useResource(getPledge)
  const [name, setName] = useState('')
  const action = useAction()
  const [wallKey, setWallKey] = useState(0)

  useEffect(() => {
    // Suggest the user's nickname as the signature.
    void getMe().then((result) => {
      if (result.ok) setName((current) => current || result.data.user.nickname.slice(0, 20))
    })
  }, [])

  const mine = pledge.data?.mine ?? null
  useShareAppMessage(() => ({
    title: mine ? `我是第 ${mine.number} 位签名者,一起创文明城、做文明人!` : '创文明城,做文明人 —— 一起来签名',
    path: '/pages/pledge/index',
  }))
  useShareTimeline(() => ({ title: '创文明城,做文明人 万人签名' }))

  const sign = () => {
    const parsed = DisplayName.safeParse(name)
    if (!parsed.success) return action.fail(parsed.error.issues[0]?.message ?? '请填写签名')
    void action.run(() => signPledge(parsed.data), {
      toast: '签名成功',
      done: (signature) => {
        pledge.setData((current) => current && { ...current, mine: signature, count: Math.max(current.count, signature.number) })
        setWallKey((key) => key + 1)
      },
    })
  }

  return (
    <View className='page pledge'>
      <StatusView loading={pledge.loading} error={pledge.error} onRetry={pledge.reload}>
        {pledge.data && (
          <>
            <View className='pledge__card'>
              <Text className='pledge__title'>「{pledge.data.campaign.title}」承诺书</Text>
              <Text className='pledge__text'>{pledge.data.campaign.text}</Text>
              <Text className='pledge__count'>
                已有 {pledge.data.count.toLocaleString('zh-CN')} 人签名,目标{' '}
                {pledge.data.campaign.goal.toLocaleString('zh-CN')} 人
              </Text>
            </View>

            {mine ? (
              <Certificate signature={mine} title={pledge.data.campaign.title} />
            ) : (
              <View className='pledge__card pledge__form'>
                <Text className='pledge__label'>您的签名(1–20 个字)</Text>
                <Input
                  className='pledge__input'
                  value={name}
                  maxlength={20}
                  placeholder='请输入您的名字或称呼'
                  onInput={(event) => setName(event.detail.value)}
                  data-testid='pledge-name'
                />
                <Text className='pledge__hint'>签名墙上将显示为:{maskName(name)}(保护您的隐私)</Text>
                {action.problem && (
                  <Text className='pledge__problem'>{action.problem}</Text>
                )}
                <Button className={`pledge__submit ${action.busy ? 'is-disabled' : ''}`} loading={action.busy || undefined} disabled={action.busy || undefined} onClick={sign}>
                  我承诺,确认签名
                </Button>
              </View>
            )}

            <SignatureWall key={wallKey} />
          </>
        )}
      </StatusView>
    </View>
  )
}
