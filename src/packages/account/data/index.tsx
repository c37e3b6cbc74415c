import { Button, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import StatusView from '../../../components/status-view'
import { refusedIn, useAction } from '../../../hooks/use-action'
import { useResource } from '../../../hooks/use-resource'
import { deleteAccount, getMyData, listMyChildren, openMyDataWorkbook } from '../../../services/account'
import { forgetSession } from '../../../services/request'
import { dataFieldNames, dataSections, type Child, type MyData } from '../../../shared/account'
import { beijingLabel } from '../../../shared/beijing-time'
import './index.scss'

async function load(childId: string | null) {
  const [data, children] = await Promise.all([getMyData(childId), childId ? null : listMyChildren()])
  if (!data.ok) return data
  return { ok: true as const, status: 200, data: { data: data.data, children: children?.ok ? children.data.items : [] } }
}

/** One record in plain words: `签名:张三 · 签名时间:11月29日 08:00`. */
function line(row: Record<string, unknown>) {
  const shown = (key: string, value: unknown) =>
    /At$/.test(key) && typeof value === 'string' ? beijingLabel(value) : typeof value === 'object' ? JSON.stringify(value) : String(value)
  return Object.entries(row)
    .filter(([, value]) => value !== null && value !== '')
    .map(([key, value]) => `${dataFieldNames[key] ?? key}:${shown(key, value)}`)
    .join(' · ')
}

function Section({ title, rows }: { title: string; rows: Record<string, unknown>[] }) {
  const [open, setOpen] = useState(false)
  return (
    <View className='my-data__section' data-testid='data-section'>
      <View className='my-data__section-head' onClick={() => setOpen(!open)}>
        <Text className='my-data__section-title'>{title}</Text>
        <Text className='my-data__section-count'>
          {rows.length} 条 {rows.length > 0 ? (open ? '收起' : '展开') : ''}
        </Text>
      </View>
      {open && rows.map((row, i) => <Text key={i} className='my-data__row'>{line(row)}</Text>)}
    </View>
  )
}

/** 我的个人信息: what we hold, the export, and deleting the account (a guardian: a child's too). */
export default function MyDataPage() {
  const { params } = useRouter()
  const childId = params.childId ?? null
  const resource = useResource(() => load(childId))
  const [deleted, setDeleted] = useState(false)
  const action = useAction()
  const data: MyData | undefined = resource.data?.data
  const whose = childId ? `${data?.profile.nickname ?? '孩子'}的` : '我的'

  const exportWorkbook = async () => {
    Taro.showLoading({ title: '正在导出' })
    const problem = await openMyDataWorkbook(childId)
    Taro.hideLoading()
    if (problem) Taro.showModal({ title: '没有导出成功', content: problem, showCancel: false })
    else Taro.showToast({ title: '已导出', icon: 'success' })
  }

  const remove = () =>
    action.run(() => deleteAccount(childId), {
      confirm: {
        title: childId ? '注销孩子的账号?' : '注销账号?',
        content: '注销后,昵称、签名姓名、联系方式等个人信息将被清除,无法恢复;已有的参与次数和好人故事会保留但不再与您关联。即将参加的活动报名会被取消。',
        confirmText: '确认注销',
        confirmColor: '#b3261e',
        cancelText: '再想想',
      },
      done: () => {
        if (!childId) forgetSession()
        setDeleted(true)
      },
      failed: refusedIn('没有注销成功'),
    })

  if (deleted) {
    return (
      <View className='page my-data'>
        <View className='my-data__card'>
          <Text className='my-data__title'>账号已注销</Text>
          <Text className='my-data__text'>
            {childId ? '孩子的个人信息已清除。' : '您的个人信息已清除。感谢您参与文明创建,欢迎随时回来。'}
          </Text>
          <Button className='my-data__button' onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>
            回到首页
          </Button>
        </View>
      </View>
    )
  }

  return (
    <View className='page my-data'>
      <StatusView loading={resource.loading} error={resource.error} onRetry={resource.reload}>
        {data && (
          <>
            <View className='my-data__card'>
              <Text className='my-data__title'>{whose}个人信息</Text>
              <Text className='my-data__text'>昵称:{data.profile.nickname}</Text>
              <Text className='my-data__text'>社区:{data.profile.community ?? '未选择'}</Text>
              <Text className='my-data__text'>注册时间:{beijingLabel(data.profile.createdAt)}</Text>
              {data.student && (
                <Text className='my-data__text'>
                  学生:{String(data.student.school)} {String(data.student.class)}
                </Text>
              )}
              <Text className='my-data__hint'>下面是我们保存的与{childId ? '孩子' : '您'}有关的全部记录,点开可以查看每一条。</Text>
            </View>
            {Object.entries(dataSections).map(([key, title]) => (
              <Section key={key} title={title} rows={data[key as keyof typeof dataSections]} />
            ))}
            <View className='my-data__card'>
              <Button className='my-data__button' onClick={exportWorkbook}>
                导出为 Excel
              </Button>
              <Text className='my-data__hint'>导出的表格包含以上全部内容,可以保存或转发给自己。</Text>
            </View>
            {resource.data!.children.length > 0 && (
              <View className='my-data__card'>
                <Text className='my-data__title'>我监护的孩子</Text>
                {resource.data!.children.map((child: Child) => (
                  <View
                    key={child.id}
                    className='my-data__child'
                    onClick={() => Taro.navigateTo({ url: `/packages/account/data/index?childId=${child.id}` })}
                  >
                    <Text>{child.nickname}</Text>
                    <Text className='my-data__hint'>
                      {child.school} {child.class} · 查看与注销 ›
                    </Text>
                  </View>
                ))}
              </View>
            )}
            <View className='my-data__card'>
              <Text className='my-data__text'>不想再使用了?注销会撤回您的同意,并清除个人信息。</Text>
              <Button className='my-data__danger' onClick={remove}>
                {childId ? '注销孩子的账号' : '撤回同意并注销账号'}
              </Button>
            </View>
          </>
        )}
      </StatusView>
    </View>
  )
}
