import { Button, Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { useAction } from '../../../hooks/use-action'
import { verifyRedemption } from '../../../services/rewards'
import { RedemptionCode } from '../../../shared/rewards'
import './index.scss'

type Outcome = { ok: true; text: string } | { ok: false; text: string }

export default function Verify() {
  const [code, setCode] = useState('')
  const action = useAction()
  const [outcome, setOutcome] = useState<Outcome | null>(null)

  const verify = (raw: string) => {
    const parsed = RedemptionCode.safeParse(raw)
    if (!parsed.success) return setOutcome({ ok: false, text: '兑换码是 12 位字母和数字,请核对后再试。' })
    return action.run(() => verifyRedemption(parsed.data), {
      done: (redemption) => {
        setOutcome({ ok: true, text: `核销成功:请发放「${redemption.reward.name}」` })
        setCode('')
      },
      failed: (error) => setOutcome({ ok: false, text: error.message }),
    })
  }

  const scan = async () => {
    try {
      const { result } = await Taro.scanCode({ scanType: ['qrCode'] })
      setCode(result)
      await verify(result)
    } catch {
      // Closing the scanner is not an error worth showing.
    }
  }

  return (
    <View className='page verify'>
      <View className='verify__card'>
        {process.env.TARO_ENV === 'weapp' && (
          <Button className='verify__scan' onClick={scan}>
            扫描居民的兑换二维码
          </Button>
        )}
        <Text className='verify__label'>或输入兑换码</Text>
        <Input
          className='verify__input'
          value={code}
          maxlength={12}
          placeholder='12 位兑换码'
          onInput={(event) => setCode(event.detail.value.toUpperCase())}
          data-testid='verify-code'
        />
        <Button className={`verify__submit ${action.busy ? 'is-disabled' : ''}`} loading={action.busy || undefined} disabled={action.busy || undefined} onClick={() => verify(code)}>
          核销
        </Button>
        {outcome && (
          <Text className={`verify__outcome verify__outcome--${outcome.ok ? 'ok' : 'error'}`} data-testid='verify-outcome'>
            {outcome.text}
          </Text>
        )}
      </View>
    </View>
  )
}
