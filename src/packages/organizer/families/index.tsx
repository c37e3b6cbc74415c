import { Button, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import StatusView from '../../../components/status-view'
import { useResource } from '../../../hooks/use-resource'
import { getProgress, openProgressWorkbook } from '../../../services/families'
import './index.scss'

/** Each class's join code (to hand to the class teacher) and how far its families have come. */
export default function FamiliesProgress() {
  const progress = useResource(getProgress)
  usePullDownRefresh(async () => {
    await progress.reload()
    Taro.stopPullDownRefresh()
  })
  const exportWorkbook = async () => {
    const problem = await openProgressWorkbook()
    if (problem) Taro.showToast({ title: problem, icon: 'none' })
  }
  return (
    <View className='page progress'>
      <Button className='progress__export' onClick={exportWorkbook}>
        导出 Excel
      </Button>
      <StatusView
        loading={progress.loading}
        error={progress.error}
        empty={progress.data?.items.length === 0}
        emptyText='您负责的学校还没有班级'
        onRetry={progress.reload}
      >
        {progress.data?.items.map((item) => (
          <View key={item.classId} className='progress__class' data-testid='class-progress'>
            <View className='progress__head'>
              <Text className='progress__name'>
                {item.school} · {item.class}
              </Text>
              <Text className='progress__code'>班级码 {item.joinCode}</Text>
            </View>
            <Text className='progress__line'>
              学生 {item.students}(待家长确认 {item.awaitingConsent})· 带动家庭 {item.familiesReached} · 家人邻居 {item.familyMembers}
            </Text>
            <Text className='progress__line'>
              签名 {item.signed} 人 · 参与 {item.acts} 次
            </Text>
          </View>
        ))}
      </StatusView>
    </View>
  )
}
