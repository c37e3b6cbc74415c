import { Button, Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import './index.scss'

interface Props {
  loading: boolean
  error: string | null
  empty?: boolean
  emptyText?: string
  onRetry?: () => void
  children?: ReactNode
}

/** The loading, error and empty states every screen has; children render only with data. */
export default function StatusView({ loading, error, empty, emptyText = '这里还没有内容', onRetry, children }: Props) {
  if (loading) {
    return (
      <View className='status-view' aria-busy='true'>
        <Text className='status-view__text'>正在加载…</Text>
      </View>
    )
  }
  if (error) {
    return (
      <View className='status-view status-view--error' role='alert'>
        <Text className='status-view__text'>{error}</Text>
        {onRetry && (
          <Button className='status-view__retry' onClick={onRetry}>
            重新加载
          </Button>
        )}
      </View>
    )
  }
  if (empty) {
    return (
      <View className='status-view'>
        <Text className='status-view__text'>{emptyText}</Text>
      </View>
    )
  }
  return <>{children}</>
}
