import { Button, Image, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import StatusView from '../../../components/status-view'
import { refusedIn, useAction } from '../../../hooks/use-action'
import { useResource } from '../../../hooks/use-resource'
import { getQuizStatus } from '../../../services/quiz'
import { listRedemptions, listRewards, redeemReward } from '../../../services/rewards'
import { beijingLabel } from '../../../shared/beijing-time'
import type { Reward } from '../../../shared/rewards'
import './index.scss'

export default function Rewards() {
  const status = useResource(getQuizStatus)
  const rewards = useResource(listRewards)
  const mine = useResource(listRedemptions)
  const action = useAction()
  const reloadAll = () => Promise.all([status.reload(), rewards.reload(), mine.reload()])
  usePullDownRefresh(async () => {
    await reloadAll()
    Taro.stopPullDownRefresh()
  })

  const redeem = (reward: Reward) =>
    action.run(() => redeemReward(reward.id), {
      confirm: { title: `兑换「${reward.name}」`, content: `将使用 ${reward.cost} 积分。兑换后凭兑换码到指定地点领取。`, confirmText: '确认兑换' },
      toast: '兑换成功',
      done: reloadAll,
      failed: refusedIn('没有兑换成功'),
    })

  const balance = status.data?.balance ?? null
  const outOfReach = (reward: Reward) => reward.stock === 0 || (balance !== null && balance < reward.cost)
  return (
    <View className='page rewards'>
      <View className='rewards__balance'>
        <Text className='rewards__balance-label'>我的积分</Text>
        <Text className='rewards__balance-value' data-testid='rewards-balance'>{balance ?? '—'}</Text>
        <Text className='rewards__history' onClick={() => Taro.navigateTo({ url: '/packages/quiz/points/index' })}>
          积分明细 ›
        </Text>
      </View>

      <Text className='rewards__heading'>可兑换的奖品</Text>
      <StatusView
        loading={rewards.loading}
        error={rewards.error}
        empty={rewards.data?.items.length === 0}
        emptyText='奖品正在准备中,敬请期待'
        onRetry={rewards.reload}
      >
        {rewards.data?.items.map((reward) => (
          <View key={reward.id} className='reward'>
            {reward.imageUrl && <Image className='reward__image' src={reward.imageUrl} mode='aspectFill' />}
            <View className='reward__info'>
              <Text className='reward__name'>{reward.name}</Text>
              {reward.description && <Text className='reward__description'>{reward.description}</Text>}
              <Text className='reward__meta'>
                {reward.cost} 积分 · 剩余 {reward.stock} 份
              </Text>
            </View>
            <Button
              className={`reward__redeem ${outOfReach(reward) ? 'is-disabled' : ''}`}
              disabled={outOfReach(reward) || undefined}
              onClick={() => redeem(reward)}
            >
              {reward.stock === 0 ? '已兑完' : balance !== null && balance < reward.cost ? '积分不足' : '兑换'}
            </Button>
          </View>
        ))}
      </StatusView>

      <Text className='rewards__heading'>我的兑换</Text>
      <StatusView
        loading={mine.loading}
        error={mine.error}
        empty={mine.data?.items.length === 0}
        emptyText='还没有兑换过奖品'
        onRetry={mine.reload}
      >
        {mine.data?.items.map((item) => (
          <View key={item.code} className='ticket' data-testid='redemption'>
            <Text className='ticket__name'>{item.reward.name}</Text>
            <Text className={`ticket__status ticket__status--${item.status}`}>
              {item.status === 'issued' ? '待领取:请向工作人员出示下方二维码' : `已领取${item.verifiedAt ? ` · ${beijingLabel(item.verifiedAt)}` : ''}`}
            </Text>
            {item.status === 'issued' && <Image className='ticket__qr' src={item.qrDataUrl} mode='aspectFit' />}
            <Text className='ticket__code'>兑换码 {item.code}</Text>
          </View>
        ))}
      </StatusView>
    </View>
  )
}
