import { Button, Picker, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useEffect, useMemo, useState } from 'react'
import StatusView from '../../components/status-view'
import { useResource } from '../../hooks/use-resource'
import { getDashboard, getStatsScopes, openAssessmentWorkbook, openLedgerCsv, type StatsQuestion } from '../../services/stats'
import { beijingToday } from '../../shared/beijing-time'
import { addDays, maxPeriodDays, percent, periodDays, type Dashboard } from '../../shared/stats'
import F2Chart, { type Point } from './chart'
import './index.scss'

const ranges = [
  { label: '近7天', days: 7, bucket: 'day' as const },
  { label: '近30天', days: 30, bucket: 'day' as const },
  { label: '近一年', days: 365, bucket: 'week' as const },
]

const rateNames = { participationRate: '参与率', awarenessRate: '知晓率', supportRate: '支持率' } as const

/** 参与统计: participation over time and by community (or class), with the three rates; exports the assessment workbook. */
export default function StatsDashboard() {
  const scopes = useResource(getStatsScopes)
  const [scopeIndex, setScopeIndex] = useState(0)
  const today = beijingToday()
  const [from, setFrom] = useState(addDays(today, -29))
  const [to, setTo] = useState(today)
  const [bucket, setBucket] = useState<'day' | 'week'>('day')
  const [dashboard, setDashboard] = useState<Dashboard | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)

  const scope = scopes.data?.items[scopeIndex] ?? null
  const question: StatsQuestion | null = scope ? { scope: scope.kind, scopeId: scope.id, from, to, bucket } : null
  const questionKey = question ? JSON.stringify(question) : ''

  const load = useCallback(async () => {
    if (!question) return
    setLoading(true)
    const result = await getDashboard(question)
    if (result.ok) {
      setDashboard(result.data)
      setError(null)
    } else {
      setError(result.error.message)
    }
    setLoading(false)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [questionKey])

  useEffect(() => {
    void load()
  }, [load])

  usePullDownRefresh(async () => {
    await load()
    Taro.stopPullDownRefresh()
  })

  const choosePeriod = (nextFrom: string, nextTo: string) => {
    if (periodDays(nextFrom, nextTo) < 1) return Taro.showToast({ title: '开始日期不能晚于结束日期', icon: 'none' })
    if (periodDays(nextFrom, nextTo) > maxPeriodDays) return Taro.showToast({ title: `统计时段最长 ${maxPeriodDays} 天`, icon: 'none' })
    setFrom(nextFrom)
    setTo(nextTo)
  }

  const exportWorkbook = async () => {
    if (!question) return
    const problem = await openAssessmentWorkbook(question)
    if (problem) Taro.showToast({ title: problem, icon: 'none' })
  }
  const exportLedger = async () => {
    if (!question) return
    const problem = await openLedgerCsv(question)
    if (problem) Taro.showToast({ title: problem, icon: 'none' })
  }

  const overTime = useMemo<Point[]>(
    () =>
      (dashboard?.series ?? []).flatMap((b) => [
        { x: b.start.slice(5), y: b.participants, series: '参与人数' },
        { x: b.start.slice(5), y: b.acts, series: '参与次数' },
      ]),
    [dashboard],
  )
  const byGroup = useMemo<Point[]>(
    () =>
      (dashboard?.groups ?? [])
        .filter((g) => g.registered > 0)
        .flatMap((g) =>
          (Object.keys(rateNames) as (keyof typeof rateNames)[]).map((key) => ({
            x: g.name.replace(/社区$/, ''),
            y: g[key] ?? 0,
            series: rateNames[key],
          })),
        ),
    [dashboard],
  )

  if (!scopes.loading && (scopes.error || scopes.data?.items.length === 0)) {
    return (
      <View className='page dashboard'>
        <StatusView loading={false} error={scopes.error} empty emptyText='您的组织范围里没有可以查看的参与统计' onRetry={scopes.reload} />
      </View>
    )
  }

  const totals = dashboard?.totals
  const groupWord = dashboard?.groupKind === 'class' ? '班级' : '社区'
  return (
    <View className='page dashboard'>
      <View className='dashboard__filters'>
        <Picker mode='selector' range={(scopes.data?.items ?? []).map((s) => s.name)} value={scopeIndex} onChange={(e) => setScopeIndex(Number(e.detail.value))}>
          <View className='dashboard__field' data-testid='stats-scope'>
            范围:{scope?.name ?? '…'}
          </View>
        </Picker>
        <View className='dashboard__dates'>
          <Picker className='dashboard__date' mode='date' value={from} end={to} onChange={(e) => choosePeriod(e.detail.value, to)}>
            <View className='dashboard__field' data-testid='stats-from'>{from}</View>
          </Picker>
          <Text className='dashboard__to'>至</Text>
          <Picker className='dashboard__date' mode='date' value={to} start={from} end={today} onChange={(e) => choosePeriod(from, e.detail.value)}>
            <View className='dashboard__field' data-testid='stats-to'>{to}</View>
          </Picker>
        </View>
        <View className='dashboard__chips'>
          {ranges.map((r) => (
            <Text
              key={r.label}
              className={`dashboard__chip ${from === addDays(today, 1 - r.days) && to === today ? 'dashboard__chip--active' : ''}`}
              onClick={() => {
                choosePeriod(addDays(today, 1 - r.days), today)
                setBucket(r.bucket)
              }}
            >
              {r.label}
            </Text>
          ))}
          {(['day', 'week'] as const).map((b) => (
            <Text key={b} className={`dashboard__chip ${bucket === b ? 'dashboard__chip--active' : ''}`} onClick={() => setBucket(b)}>
              {b === 'day' ? '按日' : '按周'}
            </Text>
          ))}
        </View>
      </View>

      <StatusView loading={loading && !dashboard} error={dashboard ? null : error} onRetry={load}>
        {totals && dashboard && (
          <View>
            <View className='dashboard__headline' data-testid='stats-headline'>
              <Figure label='注册居民' value={totals.registered.toLocaleString()} testId='stats-registered' />
              <Figure label='参与人数' value={totals.participants.toLocaleString()} testId='stats-participants' />
              <Figure label='参与次数' value={totals.acts.toLocaleString()} testId='stats-acts' />
              <Figure label='参与率' value={percent(totals.participationRate)} testId='stats-participation-rate' />
              <Figure label='知晓率' value={percent(totals.awarenessRate)} testId='stats-awareness-rate' />
              <Figure label='支持率' value={percent(totals.supportRate)} testId='stats-support-rate' />
            </View>

            <View className='dashboard__card'>
              <Text className='dashboard__title'>参与趋势({bucket === 'day' ? '每日' : '每周'})</Text>
              <F2Chart kind='line' data={overTime} height={220} testId='chart-trend' />
            </View>

            <View className='dashboard__card'>
              <Text className='dashboard__title'>各{groupWord}三率</Text>
              {byGroup.length > 0 ? (
                <F2Chart kind='bars' data={byGroup} height={260} percent testId='chart-rates' />
              ) : (
                <Text className='dashboard__note'>还没有注册居民</Text>
              )}
            </View>

            <View className='dashboard__card'>
              <Text className='dashboard__title'>各{groupWord}情况</Text>
              {dashboard.groups.map((g) => (
                <View key={g.id} className='dashboard__group' data-testid='stats-group'>
                  <Text className='dashboard__group-name'>{g.name}</Text>
                  <Text className='dashboard__line'>
                    注册 {g.registered} · 参与 {g.participants} 人 {g.acts} 次 · 参与率 {percent(g.participationRate)}
                  </Text>
                  <Text className='dashboard__line'>
                    签名 {g.pledgedResidents} · 答题 {g.quizTakers} 人(均分 {g.averageScore ?? '—'})· 推荐 {g.nominations} · 点赞 {g.votes}
                  </Text>
                  <Text className='dashboard__line'>
                    活动报名 {g.signups} · 志愿时长 {g.volunteerHours} 小时 · 带动家庭 {g.familiesReached}
                  </Text>
                </View>
              ))}
              <Text className='dashboard__note'>
                知晓率 = 截至期末完成过答题的注册居民 ÷ 注册居民;支持率 = 截至期末已签名的注册居民 ÷ 注册居民;参与率 = 期内参与过的居民 ÷ 注册居民。
              </Text>
            </View>

            <Button className='dashboard__export' onClick={exportWorkbook}>
              导出评估表
            </Button>
            {process.env.TARO_ENV === 'h5' && (
              <Button className='dashboard__export dashboard__export--plain' onClick={exportLedger}>
                导出开放数据(CSV,不含个人信息)
              </Button>
            )}
          </View>
        )}
      </StatusView>
    </View>
  )
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <View className='dashboard__figure'>
      <Text className='dashboard__value' data-testid={testId}>
        {value}
      </Text>
      <Text className='dashboard__label'>{label}</Text>
    </View>
  )
}
