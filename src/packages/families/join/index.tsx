import { Button, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import StatusView from '../../../components/status-view'
import { refusedIn, useAction } from '../../../hooks/use-action'
import { consentAsGuardian, getInvite, joinFamily } from '../../../services/families'
import { inviteCodeFrom, type FamilyCard, type InviteInfo } from '../../../shared/families'
import './index.scss'

/** Where a family member lands from an invitation: who invited them, and what to do first. */
export default function Join() {
  const { params } = useRouter()
  const code = inviteCodeFrom(params)
  const [invite, setInvite] = useState<InviteInfo | null>(null)
  const [card, setCard] = useState<FamilyCard | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const action = useAction()

  const load = async () => {
    setLoading(true)
    setError(null)
    const info = await getInvite(code)
    if (!info.ok) {
      setError(info.error.message)
      setLoading(false)
      return
    }
    setInvite(info.data)
    // Opening the invitation is joining: attributed once, to the first who invited.
    const joined = await joinFamily(code)
    if (joined.ok) setCard(joined.data.card)
    else setError(joined.error.message)
    setLoading(false)
  }
  useEffect(() => {
    void load()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [code])

  const consent = () => action.run(consentAsGuardian, { toast: '已确认,谢谢您', done: setCard, failed: refusedIn('没有确认成功') })

  return (
    <View className='page join'>
      <StatusView loading={loading} error={error} onRetry={load}>
        {invite && card && (
          <View className='join__card'>
            <Text className='join__title' data-testid='join-title'>
              {card.student ? `您已加入 ${card.student.nickname} 的家庭` : `${invite.inviter} 邀请您参加文明创建`}
            </Text>
            {invite.school && (
              <Text className='join__line'>
                {invite.school} · {invite.class} · 小手牵大手
              </Text>
            )}
            <Text className='join__text'>第一步,签下「创文明城,做文明人」承诺,您的签名会为孩子的班级加油!</Text>
            <Button className='join__primary' onClick={() => Taro.navigateTo({ url: '/pages/pledge/index' })}>
              去签名
            </Button>
            {card.level === 1 && card.student && !card.student.consented && (
              <View className='join__consent'>
                <Text className='join__text'>孩子未满 14 周岁。如果您是家长,请确认同意孩子参加「小手牵大手」(只使用昵称、学校和班级)。</Text>
                <Button className='join__secondary' onClick={consent}>
                  我是家长,同意孩子参加
                </Button>
              </View>
            )}
            <Button className='join__secondary' onClick={() => Taro.navigateTo({ url: '/packages/families/card/index' })}>
              查看我家的文明账单,邀请邻居
            </Button>
          </View>
        )}
      </StatusView>
    </View>
  )
}
