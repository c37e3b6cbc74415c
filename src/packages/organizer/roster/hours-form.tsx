import { Button, Input, View } from '@tarojs/components'
import { useState } from 'react'
import type { RosterEntry } from '../../../shared/activities'
import './hours-form.scss'

/** Hours added by hand for one sign-up, with the reason (audited). */
export default function HoursForm({ entry, onSave }: { entry: RosterEntry; onSave: (hours: number, reason: string) => Promise<void> }) {
  const [hours, setHours] = useState('')
  const [reason, setReason] = useState('')
  return (
    <View className='hours-form'>
      <Input className='hours-form__input' type='digit' placeholder='补录小时数' value={hours} onInput={(e) => setHours(e.detail.value)} />
      <Input className='hours-form__input' placeholder='补录原因(必填)' value={reason} onInput={(e) => setReason(e.detail.value)} />
      <Button className='hours-form__save' onClick={() => onSave(Number(hours), reason)}>
        为 {entry.nickname} 补录
      </Button>
    </View>
  )
}
