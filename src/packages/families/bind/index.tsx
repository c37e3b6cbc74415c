import { Button, Input, Switch, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { useAction } from '../../../hooks/use-action'
import { bindStudent } from '../../../services/families'
import { JoinCode } from '../../../shared/families'
import './index.scss'

export default function Bind() {
  const [code, setCode] = useState('')
  const [under14, setUnder14] = useState(true)
  const action = useAction()

  const submit = () => {
    const parsed = JoinCode.safeParse(code)
    if (!parsed.success) return action.fail('班级码是 6 位字母或数字,请向班主任核对。')
    void action.run(() => bindStudent(parsed.data, under14), { toast: '已加入班级', done: () => Taro.redirectTo({ url: '/packages/families/card/index' }) })
  }

  return (
    <View className='page bind'>
      <View className='bind__card'>
        <Text className='bind__label'>班级码(向班主任要)</Text>
        <Input className='bind__input' value={code} maxlength={6} placeholder='6 位班级码' onInput={(e) => setCode(e.detail.value.toUpperCase())} data-testid='join-code' />
        <View className='bind__row'>
          <Text className='bind__label'>我未满 14 周岁</Text>
          <Switch checked={under14} color='#c8161d' onChange={(e) => setUnder14(e.detail.value)} />
        </View>
        <Text className='bind__hint'>
          我们只记录你的昵称、学校和班级。未满 14 周岁的同学,需要家长通过你的邀请加入后确认同意,才会计入班级排名。
        </Text>
        {action.problem && <Text className='bind__problem'>{action.problem}</Text>}
        <Button className={`bind__submit ${action.busy ? 'is-disabled' : ''}`} loading={action.busy || undefined} disabled={action.busy || undefined} onClick={submit}>
          加入班级
        </Button>
      </View>
    </View>
  )
}
