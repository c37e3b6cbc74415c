import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import './index.scss'

// Kept accurate to what the code does: every item below names data the API stores or sends.
const sections: [string, string[]][] = [
  ['我们是谁', ['「文明创建」小程序由县创建省级文明县城工作指挥部办公室提供,用于居民参与文明创建活动。']],
  [
    '我们收集哪些信息,用来做什么',
    [
      '微信登录标识(openid):用于识别您的账号。我们不获取您的手机号、微信号或通讯录。',
      '昵称、所在社区:显示在“我的”页面,社区用于统计各社区的参与情况。',
      '承诺签名:您填写的签名和签名序号。签名墙上只显示姓氏(如“张*”)。',
      '答题、积分和奖品兑换记录:用于计算积分、排行榜和兑换奖品。排行榜只显示昵称。',
      '活动报名、签到签退和志愿时长:用于活动组织和志愿时长记录。',
      '身边好人推荐:好人姓名、事迹、照片和您留下的联系方式。公开展示时好人姓名只显示姓氏,联系方式只有工作人员能看到。点赞和公示意见也会记录。',
      '学生信息(小手牵大手):只保存学校、班级和是否未满 14 周岁,不收集学生真实姓名、证件或照片。未满 14 周岁的学生须由家长确认后才会计入排行。',
    ],
  ],
  [
    '我们使用的微信能力',
    [
      '登录（wx.login）：获取 openid。',
      '昵称输入（微信昵称输入框）：仅在您于“我的”里设置昵称时使用；昵称会显示在排行榜和活动名单上。',
      '选择图片或拍照（chooseMedia）：仅在您推荐身边好人、主动添加照片时使用。照片上传后会重新压缩，并去除拍摄地点等附加信息。',
      '选择位置（chooseLocation）：仅组织者发布活动时选择活动地点。',
      '选择文件（chooseMessageFile）：仅组织者导入题库时使用。',
      '订阅消息：仅在您同意后发送活动提醒。',
      '使用昵称输入、照片、位置和文件这四项能力前，小程序会先请您阅读并同意本指引。',
    ],
  ],
  [
    '我们与谁共享',
    [
      '为防止违法和不良信息,您填写的推荐事迹和上传的照片会提交微信内容安全服务检查;未通过检查或无法检查时,内容只交给工作人员人工审核,不会公开。',
      '数据保存在我们使用的云数据库和云存储中,不出售、不向其他第三方提供。',
    ],
  ],
  [
    '您的权利',
    [
      '在“我的 → 个人信息”中,您可以查看我们保存的全部记录,并导出为 Excel 表格。',
      '您可以随时撤回同意并注销账号。注销后,昵称、签名姓名、联系方式等个人信息会被清除;已有的参与次数和好人故事会保留,但不再与您关联,以免影响已公布的统计数字。',
      '监护人可以在同一页面查看、导出和注销所监护孩子的信息。',
    ],
  ],
  ['保存期限', ['个人信息保存到您注销账号为止。文明创建活动结束后,我们会删除或匿名化全部个人信息。']],
  ['联系我们', ['如有疑问或投诉,请联系县创建省级文明县城工作指挥部办公室。']],
]

export default function PrivacyPolicy() {
  return (
    <View className='page policy'>
      <View className='policy__card'>
        <Text className='policy__title'>隐私政策</Text>
        {sections.map(([heading, paragraphs]) => (
          <View key={heading} className='policy__section'>
            <Text className='policy__heading'>{heading}</Text>
            {paragraphs.map((text) => (
              <Text key={text} className='policy__text'>
                {text}
              </Text>
            ))}
          </View>
        ))}
        <Text className='policy__link' onClick={() => Taro.navigateTo({ url: '/packages/account/agreement/index' })}>
          查看《用户协议》›
        </Text>
      </View>
    </View>
  )
}
