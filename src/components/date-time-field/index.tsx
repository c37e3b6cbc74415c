import { Picker, View } from '@tarojs/components'
import type { DateTime } from '../../shared/beijing-time'
import './index.scss'

/**
 * A date and a clock time, each chosen with the system picker (works the same in WeChat and H5).
 * Turn the value into what the API takes with `beijingIso` from shared/beijing-time.
 */
export default function DateTimeField({ value, onChange }: { value: DateTime; onChange: (value: DateTime) => void }) {
  return (
    <View className='date-time-field'>
      <Picker mode='date' value={value.date} onChange={(e) => onChange({ ...value, date: e.detail.value })}>
        <View className='date-time-field__input'>{value.date}</View>
      </Picker>
      <Picker mode='time' value={value.time} onChange={(e) => onChange({ ...value, time: e.detail.value })}>
        <View className='date-time-field__input'>{value.time}</View>
      </Picker>
    </View>
  )
}
