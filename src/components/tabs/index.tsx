import { Text, View } from '@tarojs/components'
import './index.scss'

/** A row of large segmented choices; the chosen one is highlighted. */
export default function Tabs<T extends string>({ value, options, onChange }: { value: T; options: [T, string][]; onChange: (v: T) => void }) {
  return (
    <View className='tabs'>
      {options.map(([key, label]) => (
        <View key={key} className={`tabs__item ${key === value ? 'tabs__item--active' : ''}`} onClick={() => onChange(key)}>
          <Text>{label}</Text>
        </View>
      ))}
    </View>
  )
}
