import { Dashboard, StatsScopes, type StatsScopeKind } from '../shared/stats'
import { statsPaths } from '../shared/organizer-paths'
import { openExport, request } from './request'

export interface StatsQuestion {
  scope: StatsScopeKind
  scopeId: string | null
  from: string
  to: string
  bucket: 'day' | 'week'
}

export const getStatsScopes = () => request({ path: statsPaths.scopes, schema: StatsScopes, auth: true })

const queryOf = (q: StatsQuestion) => ({ scope: q.scope, scopeId: q.scopeId ?? undefined, from: q.from, to: q.to, bucket: q.bucket })

export const getDashboard = (q: StatsQuestion) => request({ path: statsPaths.dashboard, query: queryOf(q), schema: Dashboard, auth: true })

/** 导出评估表: the assessment workbook of the same question. */
export const openAssessmentWorkbook = (q: StatsQuestion) => openExport(statsPaths.assessmentWorkbook, queryOf(q))

/** The anonymised ledger of the same scope and period, as CSV for open data. */
export const openLedgerCsv = (q: StatsQuestion) => openExport(statsPaths.ledgerCsv, queryOf(q))
