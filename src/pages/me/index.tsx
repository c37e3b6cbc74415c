import { Button, Form, Input, Picker, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import PrivacyPopup from '../../components/privacy-popup'
import StatusView from '../../components/status-view'
import { useAction } from '../../hooks/use-action'
import { useResource } from '../../hooks/use-resource'
import { getMe, listCommunities, updateMe } from '../../services/account'
import { getPledge } from '../../services/pledge'
import { Nickname, type UpdateMeRequest } from '../../shared/account'
import './index.scss'

async function loadMine() {
  const [me, communities, pledge] = await Promise.all([getMe(), listCommunities(), getPledge()])
  if (!me.ok) return me
  if (!communities.ok) return communities
  if (!pledge.ok) return pledge
  return { ok: true as const, status: 200, data: { ...me.data, communities: communities.data.items, pledge: pledge.data } }
}

export default function Me() {
  const mine = useResource(loadMine)
  const saving = useAction()

  useDidShow(() => {
    if (mine.data) void mine.reload()
  })
  usePullDownRefresh(async () => {
    await mine.reload()
    Taro.stopPullDownRefresh()
  })

  const save = (changes: UpdateMeRequest) =>
    saving.run(() => updateMe(changes), {
      toast: '已保存',
      done: ({ user }) => mine.setData((current) => current && { ...current, user }),
      failed: (error) => void Taro.showToast({ title: error.message, icon: 'none', duration: 3000 }),
    })

  const saveNickname = (value: string) => {
    const parsed = Nickname.safeParse(value)
    if (!parsed.success) {
      Taro.showToast({ title: '昵称请填写 1 到 32 个字', icon: 'none' })
      return
    }
    void save({ nickname: parsed.data })
  }

  const data = mine.data
  const communityIndex = data ? data.communities.findIndex((c) => c.id === data.user.communityId) : -1

  return (
    <View className='page me'>
      <PrivacyPopup />
      <StatusView loading={mine.loading} error={mine.error} onRetry={mine.reload}>
        {data && (
          <>
            <View className='me__header'>
              <View className='me__avatar'>
                <Text>{Array.from(data.user.nickname)[0] ?? '民'}</Text>
              </View>
              <View className='me__who'>
                <Text className='me__nickname' data-testid='me-nickname'>
                  {data.user.nickname}
                </Text>
                <Text className='me__points' onClick={() => Taro.navigateTo({ url: '/packages/quiz/points/index' })}>
                  积分 {data.points.balance} · 明细 ›
                </Text>
              </View>
            </View>

            <View className='me__card'>
              <Form onSubmit={(event) => saveNickname(String(event.detail.value?.nickname ?? ''))}>
                <Text className='me__label'>昵称</Text>
                <View className='me__row'>
                  <Input
                    className='me__input'
                    name='nickname'
                    type='nickname'
                    maxlength={32}
                    value={data.user.nickname}
                    placeholder='请输入昵称'
                  />
                  <Button className={`me__save ${saving.busy ? 'is-disabled' : ''}`} formType='submit' disabled={saving.busy || undefined}>
                    保存
                  </Button>
                </View>
              </Form>

              <Text className='me__label'>所在社区</Text>
              <Picker
                mode='selector'
                range={data.communities.map((c) => c.name)}
                value={Math.max(communityIndex, 0)}
                onChange={(event) => void save({ communityId: data.communities[Number(event.detail.value)].id })}
              >
                <View className='me__picker'>
                  <Text>{communityIndex >= 0 ? data.communities[communityIndex].name : '请选择您所在的社区'}</Text>
                  <Text className='me__chevron'>›</Text>
                </View>
              </Picker>
            </View>

            <View className='me__card' onClick={() => Taro.navigateTo({ url: '/packages/families/card/index' })}>
              <Text className='me__label'>小手牵大手 ›</Text>
              <Text className='me__hint'>
                {data.user.student ? '我家的文明账单、邀请家人' : '学生加入班级,带动家人邻居一起创建'}
              </Text>
            </View>

            {(data.user.roles.includes('organizer') || data.user.roles.includes('admin')) && (
              <View className='me__card me__organizer' onClick={() => Taro.navigateTo({ url: '/packages/organizer/index/index' })}>
                <Text className='me__label'>组织者工作台 ›</Text>
                <Text className='me__hint'>发布活动、签到、核销兑换码、管理题库</Text>
              </View>
            )}

            <View className='me__card'>
              <Text className='me__label'>我的文明承诺</Text>
              {data.pledge.mine ? (
                <View className='me__signature' onClick={() => Taro.navigateTo({ url: '/pages/pledge/index' })}>
                  <Text className='me__signature-number'>第 {data.pledge.mine.number} 位签名者</Text>
                  <Text className='me__signature-name'>签名:{data.pledge.mine.displayName} · 查看证书 ›</Text>
                </View>
              ) : (
                <Button className='me__sign' onClick={() => Taro.navigateTo({ url: '/pages/pledge/index' })}>
                  还没有签名,去签名
                </Button>
              )}
            </View>

            <View className='me__card' onClick={() => Taro.navigateTo({ url: '/packages/account/data/index' })}>
              <Text className='me__label'>个人信息 ›</Text>
              <Text className='me__hint'>查看和导出我们保存的信息,撤回同意并注销账号</Text>
            </View>
            <View className='me__links'>
              <Text className='me__link' onClick={() => Taro.navigateTo({ url: '/packages/account/policy/index' })}>
                隐私政策
              </Text>
              <Text className='me__link' onClick={() => Taro.navigateTo({ url: '/packages/account/agreement/index' })}>
                用户协议
              </Text>
            </View>
          </>
        )}
      </StatusView>
    </View>
  )
}
