import { Dashboard, StatsScopes, statsQueryString, type StatsScopeKind } from '../shared/stats'
import { openExport, request } from './request'

export interface StatsQuestion {
  scope: StatsScopeKind
  scopeId: string | null
  from: string
  to: string
  bucket: 'day' | 'week'
}

export const getStatsScopes = () => request({ path: '/stats/scopes', schema: StatsScopes, auth: true })

export const getDashboard = (q: StatsQuestion) =>
  request({
    path: '/stats/dashboard',
    query: { scope: q.scope, scopeId: q.scopeId ?? undefined, from: q.from, to: q.to, bucket: q.bucket },
    schema: Dashboard,
    auth: true,
  })

/** 导出评估表: the assessment workbook of the same question. */
export const openAssessmentWorkbook = (q: StatsQuestion) => openExport(`/stats/export.xlsx?${statsQueryString(q)}`)

/** The anonymised ledger of the same scope and period, as CSV for open data. */
export const openLedgerCsv = (q: StatsQuestion) => openExport(`/stats/ledger.csv?${statsQueryString(q)}`)
