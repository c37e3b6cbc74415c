import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { match } from 'path-to-regexp'
import { describe, expect, it } from 'vitest'
import { areas } from '../../api/_routes'
import * as organizerPaths from '../../src/shared/organizer-paths'
import * as paths from '../../src/shared/paths'
import { accountPaths, familiesPaths, pathTo } from '../../src/shared/paths'
import { allRoutes } from '../support/routes'

// vercel.json decides which function serves a path; every route of the tables must reach the API's
// one function through it, the way Vercel matches: a function's own path first, then the first
// rewrite whose source matches.
const root = path.resolve(__dirname, '../..')
const vercel = JSON.parse(readFileSync(path.join(root, 'vercel.json'), 'utf8')) as {
  functions: Record<string, unknown>
  crons: { path: string }[]
  rewrites: { source: string; destination: string }[]
}

// Vercel deploys every file in api/ as a function, except names starting with `_` (api/_lib, api/_routes).
const deployed = readdirSync(path.join(root, 'api')).filter((name) => !name.startsWith('_'))
const functionPath = (file: string) => (file === 'index.ts' ? '/api' : `/api/${file.replace(/\.ts$/, '')}`)
const functions = new Set(deployed.map(functionPath))
const rewrites = vercel.rewrites.map((r) => ({ matches: match(r.source), destination: r.destination }))
const functionFor = (pathname: string) =>
  functions.has(pathname) ? pathname : rewrites.find((r) => r.matches(pathname))?.destination
const routes = await allRoutes()

describe('routing through vercel.json', () => {
  it('deploys one function, api/index.ts, with the SQL files it reads', () => {
    expect(deployed).toEqual(['index.ts'])
    expect(vercel.functions).toEqual({ 'api/index.ts': { includeFiles: 'supabase/**' } })
  })

  it('rewrites only to functions that exist', () => {
    for (const { destination } of vercel.rewrites) expect(functions).toContain(destination)
  })

  for (const route of routes) {
    const sample = route.path.replace(/:(\w+)/g, 'sample-$1')
    it(`${route.method} ${route.path} reaches the function`, () => {
      expect(functionFor(sample)).toBe('/api')
    })
  }

  it.each(vercel.crons.map((cron) => cron.path))('schedules %s, a route for the scheduler', (cronPath) => {
    expect(routes.filter((r) => r.path === cronPath).map((r) => `${r.method} ${r.auth}`)).toEqual(['GET cron'])
  })
})

describe('the shared paths', () => {
  const served = async (load: () => Promise<{ routes: { path: string }[] }>) =>
    [...new Set((await load()).routes.map((r) => r.path.replace(/^\/api/, '')))].sort()

  it('are each served by the area that declares them, and by no other', async () => {
    for (const area of areas) expect(await served(area.load)).toEqual(area.paths.flatMap(Object.values).sort())
    const declaredByAreas = areas.flatMap((area) => area.paths)
    const shared = [...Object.values(paths), ...Object.values(organizerPaths)].filter((value) => typeof value === 'object')
    expect(shared.filter((group) => !declaredByAreas.includes(group))).toEqual([])
  })

  it('give each area first segments of its own, by which the router finds it', () => {
    const segments = areas.map((area) => new Set(area.paths.flatMap(Object.values).map((p) => p.split('/')[1])))
    const all = segments.flatMap((set) => [...set])
    expect(all).toEqual([...new Set(all)])
  })

  it.each([
    [pathTo(accountPaths.childDataWorkbook, { childId: 'c1' }), '/me/children/c1/data.xlsx'],
    [pathTo(familiesPaths.invite, { code: 'A B/1' }), '/families/invites/A%20B%2F1'],
  ])('fill in and encode each param: %s', (filled, expected) => {
    expect(filled).toBe(expected)
  })
})
