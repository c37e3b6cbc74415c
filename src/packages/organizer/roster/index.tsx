import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import StatusView from '../../../components/status-view'
import { refusedIn, useAction } from '../../../hooks/use-action'
import { useResource } from '../../../hooks/use-resource'
import { addHours, checkIn, getRoster, openRosterWorkbook } from '../../../services/organizer'
import { TicketCode, type RosterEntry } from '../../../shared/activities'
import { beijingParts } from '../../../shared/beijing-time'
import HoursForm from './hours-form'
import './index.scss'

const clock = (iso: string | null) => (iso ? beijingParts(iso).time : '—')

export default function RosterPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const roster = useResource(() => getRoster(id))
  const [ticket, setTicket] = useState('')
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [editing, setEditing] = useState<string | null>(null)
  const action = useAction()
  usePullDownRefresh(async () => {
    await roster.reload()
    Taro.stopPullDownRefresh()
  })

  const door = (code: string, direction: 'in' | 'out') => {
    const parsed = TicketCode.safeParse(code)
    if (!parsed.success) return setMessage({ ok: false, text: '这不是本系统的签到码,请让居民打开报名凭证。' })
    return action.run(() => checkIn(id, parsed.data, direction), {
      done: (entry) => {
        const who = entry.nickname ?? '居民'
        setMessage({ ok: true, text: direction === 'in' ? `${who} 签到成功` : `${who} 签退成功,记志愿时长 ${entry.hoursCredited} 小时` })
        setTicket('')
        return roster.reload()
      },
      failed: (error) => setMessage({ ok: false, text: error.message }),
    })
  }

  const scan = async (direction: 'in' | 'out') => {
    try {
      const { result } = await Taro.scanCode({ scanType: ['qrCode'] })
      await door(result, direction)
    } catch {
      // The organiser closed the scanner.
    }
  }

  const saveHours = (entry: RosterEntry, hours: number, reason: string) =>
    action.run(() => addHours(id, entry.signupId, hours, reason), {
      toast: '已补录',
      done: () => {
        setEditing(null)
        return roster.reload()
      },
      failed: refusedIn('没有补录成功'),
    })

  const exportWorkbook = async () => {
    const problem = await openRosterWorkbook(id)
    if (problem) Taro.showToast({ title: problem, icon: 'none' })
  }

  const data = roster.data
  const present = data?.items.filter((e) => e.checkedInAt).length ?? 0
  return (
    <View className='page roster'>
      <StatusView loading={roster.loading} error={roster.error} onRetry={roster.reload}>
        {data && (
          <>
            <View className='roster__card'>
              <Text className='roster__title'>{data.activity.title}</Text>
              <Text className='roster__line'>
                已报名 {data.activity.confirmedCount} / {data.activity.capacity} · 已签到 {present} · 候补 {data.activity.waitlistCount}
              </Text>
              {process.env.TARO_ENV === 'weapp' && (
                <View className='roster__row'>
                  <Button className='roster__scan' onClick={() => scan('in')}>
                    扫码签到
                  </Button>
                  <Button className='roster__scan roster__scan--out' onClick={() => scan('out')}>
                    扫码签退
                  </Button>
                </View>
              )}
              <Input className='roster__ticket' placeholder='或输入签到码' value={ticket} onInput={(e) => setTicket(e.detail.value)} data-testid='roster-ticket' />
              <View className='roster__row'>
                <Button className='roster__scan' onClick={() => door(ticket, 'in')}>
                  签到
                </Button>
                <Button className='roster__scan roster__scan--out' onClick={() => door(ticket, 'out')}>
                  签退
                </Button>
              </View>
              {message && (
                <Text className={`roster__message roster__message--${message.ok ? 'ok' : 'error'}`} data-testid='roster-message'>
                  {message.text}
                </Text>
              )}
              <Button className='roster__export' onClick={exportWorkbook}>
                导出 Excel(报名与志愿时长)
              </Button>
            </View>

            {data.items.length === 0 && <Text className='roster__empty'>还没有人报名</Text>}
            {data.items.map((entry) => (
              <View key={entry.signupId} className='roster-entry' data-testid='roster-entry'>
                <View className='roster-entry__head'>
                  <Text className='roster-entry__name'>
                    {entry.nickname}
                    {entry.seats > 1 ? ` 等 ${entry.seats} 人` : ''}
                  </Text>
                  <Text className='roster-entry__status'>{entry.status === 'confirmed' ? '已报名' : '候补'}</Text>
                </View>
                <Text className='roster-entry__line'>
                  {entry.community ?? '未填社区'} · 签到 {clock(entry.checkedInAt)} · 签退 {clock(entry.checkedOutAt)} · 时长 {entry.hours} 小时
                </Text>
                {entry.status === 'confirmed' &&
                  (editing === entry.signupId ? (
                    <HoursForm entry={entry} onSave={(hours, reason) => saveHours(entry, hours, reason)} />
                  ) : (
                    <Text className='roster-entry__action' onClick={() => setEditing(entry.signupId)}>
                      补录时长 ›
                    </Text>
                  ))}
              </View>
            ))}
          </>
        )}
      </StatusView>
    </View>
  )
}
