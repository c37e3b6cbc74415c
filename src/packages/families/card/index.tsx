import { Button, Image, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useShareAppMessage } from '@tarojs/taro'
import { useState } from 'react'
import StatusView from '../../../components/status-view'
import { useResource } from '../../../hooks/use-resource'
import { getFamilyCard, getInvitePoster } from '../../../services/families'
import './index.scss'

/** The invitation as a WeChat share card: opening it lands on the join page with the code. */
const invitePath = (code: string) => `/packages/families/join/index?code=${code}`

export default function FamilyCardPage() {
  const card = useResource(getFamilyCard)
  const [poster, setPoster] = useState<string | null>(null)
  const makePoster = async () => {
    const result = await getInvitePoster()
    if (result.ok) setPoster(result.data.imageDataUrl)
    else Taro.showToast({ title: result.error.message, icon: 'none', duration: 3000 })
  }
  useDidShow(() => {
    if (card.data) void card.reload()
  })
  usePullDownRefresh(async () => {
    await card.reload()
    Taro.stopPullDownRefresh()
  })
  useShareAppMessage(() => ({
    title: card.data?.role === 'student' ? '我在参加「小手牵大手」,请家人一起来创文明城、做文明人!' : '一起来参加文明创建,做文明人!',
    path: card.data?.inviteCode ? invitePath(card.data.inviteCode) : '/pages/index/index',
  }))

  const data = card.data
  return (
    <View className='page family'>
      <StatusView loading={card.loading} error={card.error} onRetry={card.reload}>
        {data?.role === 'none' && (
          <View className='family__card'>
            <Text className='family__title'>小手牵大手 · 文明进万家</Text>
            <Text className='family__text'>
              中小学生用班主任给的班级码加入班级,再邀请家人、家人再邀请邻居,一起参加文明创建,为班级和学校争光。
            </Text>
            <Button className='family__primary' onClick={() => Taro.navigateTo({ url: '/packages/families/bind/index' })}>
              我是学生,加入班级
            </Button>
            <Text className='family__hint'>家长和邻居:打开孩子或家人分享给您的邀请即可加入。</Text>
          </View>
        )}
        {data && data.role !== 'none' && data.student && (
          <>
            <View className='family__card'>
              <Text className='family__title'>{data.role === 'student' ? '我家的文明账单' : `${data.student.nickname} 的家庭`}</Text>
              <Text className='family__line'>
                {data.student.school} · {data.student.class}
              </Text>
              {!data.student.consented && (
                <Text className='family__warning'>
                  {data.role === 'student' ? '请邀请家长加入并确认同意,之后你才会计入班级排名。' : '孩子未满 14 岁,需要家长确认同意。'}
                </Text>
              )}
              {data.stats && (
                <View className='family__stats'>
                  <View className='family__stat'>
                    <Text className='family__value' data-testid='family-members'>{data.stats.members}</Text>
                    <Text className='family__label'>家人</Text>
                  </View>
                  <View className='family__stat'>
                    <Text className='family__value'>{data.stats.neighbours}</Text>
                    <Text className='family__label'>邻居</Text>
                  </View>
                  <View className='family__stat'>
                    <Text className='family__value' data-testid='family-signed'>{data.stats.signed}</Text>
                    <Text className='family__label'>已签名</Text>
                  </View>
                  <View className='family__stat'>
                    <Text className='family__value'>{data.stats.acts}</Text>
                    <Text className='family__label'>参与次数</Text>
                  </View>
                </View>
              )}
            </View>

            {data.inviteCode && (
              <View className='family__card'>
                <Text className='family__subtitle'>{data.role === 'student' ? '邀请家人' : '邀请邻居'}</Text>
                <Text className='family__text'>
                  {process.env.TARO_ENV === 'weapp'
                    ? '点下方按钮,把邀请发到家人微信或家庭群。'
                    : '把邀请码告诉家人,或在微信里打开小程序分享。'}
                </Text>
                <Text className='family__code' data-testid='invite-code'>邀请码 {data.inviteCode}</Text>
                {process.env.TARO_ENV === 'weapp' && (
                  <>
                    <Button className='family__primary' openType='share'>
                      分享邀请给家人
                    </Button>
                    <Button className='family__secondary family__secondary--inline' onClick={makePoster}>
                      生成邀请海报(可打印、发朋友圈)
                    </Button>
                  </>
                )}
                {poster && (
                  <View className='family__poster'>
                    <Text className='family__title'>小手牵大手 · 文明进万家</Text>
                    <Text className='family__text'>{data.student.nickname} 邀请您一起创文明城、做文明人</Text>
                    <Image className='family__poster-code' src={poster} mode='aspectFit' showMenuByLongpress />
                    <Text className='family__hint'>微信扫码加入 · 长按图片可保存或转发</Text>
                  </View>
                )}
              </View>
            )}

            {data.members && data.members.length > 0 && (
              <View className='family__card'>
                <Text className='family__subtitle'>已加入的家人和邻居</Text>
                {data.members.map((member, i) => (
                  <Text key={i} className='family__member'>
                    {member.nickname} · {member.level === 1 ? '家人' : '邻居'} · {member.signed ? '已签名' : '未签名'}
                  </Text>
                ))}
              </View>
            )}

            <Button
              className='family__secondary'
              onClick={() => Taro.navigateTo({ url: `/packages/families/rankings/index?schoolId=${data.student!.schoolId}` })}
            >
              看班级和学校排名
            </Button>
          </>
        )}
      </StatusView>
    </View>
  )
}
