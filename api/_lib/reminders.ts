import { beijingLabel } from '../../src/shared/beijing-time'
import type { Runtime } from './runtime'
import { WechatError } from './wechat'

interface Due {
  id: number
  kind: 'day_before' | 'hour_before' | 'promoted' | 'changed' | 'cancelled'
  openid: string
  activity: { id: string; title: string; startsAt: string; location: string }
}

// The template (活动提醒) has these keys: thing1 活动名称, time2 活动时间, thing3 活动地点, thing4 温馨提示.
const tips: Record<Due['kind'], string> = {
  day_before: '活动明天开始,请准时参加',
  hour_before: '活动一小时后开始,请准时到场',
  promoted: '您已从候补转为报名成功',
  changed: '活动信息有变动,请点击查看',
  cancelled: '活动已取消,敬请谅解',
}

/** WeChat caps "thing" values at 20 characters. */
const thing = (text: string) => (Array.from(text).length > 20 ? `${Array.from(text).slice(0, 19).join('')}…` : text)

/**
 * Sends the due reminders once: each claimed message is sent, refused (no subscription left:
 * never retried) or put back for a later run (at most three attempts).
 */
export async function sendDueReminders(runtime: Runtime, limit = 100) {
  const templateId = runtime.env.WECHAT_TEMPLATE_ACTIVITY
  if (!runtime.wechat || !templateId) return { configured: false, sent: 0, refused: 0, retried: 0 }
  const { items } = await runtime.db.rpc<{ items: Due[] }>('api_notifications_claim', { p_limit: limit })
  const counts = { configured: true, sent: 0, refused: 0, retried: 0 }
  for (const due of items) {
    let outcome: 'sent' | 'refused' | 'retry' = 'sent'
    let error: string | null = null
    try {
      await runtime.wechat.sendSubscribeMessage({
        touser: due.openid,
        templateId,
        page: `packages/activities/detail/index?id=${due.activity.id}`,
        data: {
          thing1: thing(due.activity.title),
          time2: beijingLabel(due.activity.startsAt, true),
          thing3: thing(due.activity.location),
          thing4: tips[due.kind],
        },
      })
    } catch (caught) {
      error = caught instanceof Error ? caught.message : String(caught)
      outcome = caught instanceof WechatError && caught.errcode === 43101 ? 'refused' : 'retry'
    }
    await runtime.db.rpc('api_notification_done', { p_id: due.id, p_outcome: outcome, p_error: error })
    counts[outcome === 'retry' ? 'retried' : outcome] += 1
  }
  return counts
}
