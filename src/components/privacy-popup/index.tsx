import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { showPrivacyPromptsWith, type PrivacyAnswer } from '../../services/privacy'
import './index.scss'

const agreeButtonId = 'privacy-agree'

/** WeChat's privacy authorisation, asked in plain words before a privacy API runs. */
export default function PrivacyPopup() {
  const [visible, setVisible] = useState(false)
  const answer = useRef<((result: PrivacyAnswer) => void) | null>(null)

  useEffect(() => {
    showPrivacyPromptsWith((resolve) => {
      answer.current = resolve
      setVisible(true)
    })
    return () => showPrivacyPromptsWith(null)
  }, [])

  const close = (result: PrivacyAnswer) => {
    answer.current?.(result)
    answer.current = null
    setVisible(false)
  }

  if (!visible) return null
  return (
    <View className='privacy-popup'>
      <View className='privacy-popup__panel'>
        <Text className='privacy-popup__title'>个人信息保护提示</Text>
        <Text className='privacy-popup__body'>
          这个功能需要用到您的个人信息（如微信昵称、照片、选择的位置或文件），只用于本功能。请阅读
          <Text className='privacy-popup__link' onClick={() => Taro.openPrivacyContract({})}>
            《隐私保护指引》
          </Text>
          ，同意后继续。
        </Text>
        <Button
          id={agreeButtonId}
          className='privacy-popup__agree'
          openType='agreePrivacyAuthorization'
          onAgreePrivacyAuthorization={() => close({ event: 'agree', buttonId: agreeButtonId })}
        >
          同意并继续
        </Button>
        <Button className='privacy-popup__refuse' onClick={() => close({ event: 'disagree' })}>
          暂不同意
        </Button>
      </View>
    </View>
  )
}
