import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import '../policy/index.scss'

const rules = [
  '「文明创建」是县城创建省级文明县城的公益参与平台,所有功能免费使用。',
  '请如实签名、答题和报名。每人一次签名,答题计分次数和点赞次数每天有上限,请勿使用多个账号或程序刷分、刷票;发现刷票的,工作人员有权不计入结果。',
  '推荐身边好人时,请如实描述事迹,不得捏造、诽谤他人,不得上传他人不愿公开的照片。推荐内容经审核后才会公开。',
  '公示期内对入选人选有不同意见,请实事求是地反映,工作人员会核实处理。',
  '积分只用于兑换文明创建奖品,不能转让或兑换现金;奖品数量有限,兑完为止。',
  '报名参加活动后如不能到场,请提前取消,把名额让给其他居民。',
  '请遵守法律法规和公序良俗。违反本协议的,我们可以删除相关内容、取消积分或限制使用。',
  '我们如何保护您的个人信息,请阅读《隐私政策》。',
]

export default function Agreement() {
  return (
    <View className='page policy'>
      <View className='policy__card'>
        <Text className='policy__title'>用户协议</Text>
        {rules.map((text, i) => (
          <Text key={text} className='policy__text'>
            {i + 1}. {text}
          </Text>
        ))}
        <Text className='policy__link' onClick={() => Taro.navigateTo({ url: '/packages/account/policy/index' })}>
          查看《隐私政策》›
        </Text>
      </View>
    </View>
  )
}
