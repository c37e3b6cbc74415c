import { beijingToday } from '../../src/shared/beijing-time'
import { addDays, StatsQuery, type Dashboard } from '../../src/shared/stats'
import { statsPaths } from '../../src/shared/organizer-paths'
import { route } from '../_lib/handler'
import { assessmentWorkbook } from '../_lib/stats-export'
import type { Runtime } from '../_lib/runtime'

/** The dashboard's question as the database takes it; without dates, the last 30 days. */
function args(userId: string, query: StatsQuery) {
  const to = query.to ?? beijingToday()
  return {
    p_user_id: userId,
    p_scope: query.scope,
    p_scope_id: query.scopeId ?? null,
    p_from: query.from ?? addDays(to, -29),
    p_to: to,
  }
}

/** The figures; the function counts what is still queued first (acts are counted off their own write). */
const dashboard = (runtime: Runtime, userId: string, query: StatsQuery) =>
  runtime.db.rpc<Dashboard>('api_stats_dashboard', { ...args(userId, query), p_bucket: query.bucket })

type LedgerPage = { items: [string, string, string, number, string][]; next: { at: string; id: number } | null }

/** Rows per database call of the open-data ledger. */
const ledgerPage = 5000

export const routes = [
  route({
    method: 'GET',
    path: statsPaths.scopes,
    auth: 'organizer',
    handle: async ({ userId, runtime }) => ({ body: await runtime.db.rpc('api_stats_scopes', { p_user_id: userId }) }),
  }),
  route({
    method: 'GET',
    path: statsPaths.dashboard,
    auth: 'organizer',
    query: StatsQuery,
    handle: async ({ userId, query, runtime }) => ({ body: await dashboard(runtime, userId, query) }),
  }),
  route({
    method: 'GET',
    path: statsPaths.assessmentWorkbook,
    auth: 'organizer',
    query: StatsQuery,
    async handle({ userId, query, runtime }) {
      const figures = await dashboard(runtime, userId, query)
      const { scope, period } = figures
      return {
        file: {
          name: `参与情况评估表_${scope.name}_${period.from}_${period.to}.xlsx`,
          type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          data: await assessmentWorkbook(figures),
        },
      }
    },
  }),
  route({
    method: 'GET',
    path: statsPaths.ledgerCsv,
    auth: 'organizer',
    query: StatsQuery,
    async handle({ userId, query, runtime }) {
      const base = args(userId, query)
      const page = (after: LedgerPage['next']) =>
        runtime.db.rpc<LedgerPage>('api_stats_ledger', {
          ...base,
          p_after_at: after?.at ?? null,
          p_after_id: after?.id ?? null,
          p_limit: ledgerPage,
        })
      // The first page inside the request's budget, so that a refusal is answered as one.
      const first = await page(null)
      // Loaded by the first export, not by the function's cold start (`npm run bench:cold`).
      const { stringify } = await import('csv-stringify/sync')
      async function* chunks() {
        // A byte-order mark, so that Excel reads the Chinese as UTF-8.
        yield '\ufeff' + stringify([['date', 'kind', 'kind_label', 'points', 'community']])
        let current = first
        for (;;) {
          if (current.items.length > 0) yield stringify(current.items)
          if (!current.next) return
          current = await page(current.next)
        }
      }
      return { stream: { name: `participation_${base.p_from}_${base.p_to}.csv`, type: 'text/csv; charset=utf-8', chunks: chunks() } }
    },
  }),
]
