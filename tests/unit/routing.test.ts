import { describe, expect, it } from 'vitest'
import { loadFunctions } from '../../api/_lib/local-server'
import { accountPaths, familiesPaths, pathTo } from '../../src/shared/paths'

// vercel.json decides which function serves a path; every endpoint an area declares must reach it.
describe('routing across functions', async () => {
  const { areas, functionFor } = await loadFunctions()

  it('stays within the 12 functions Vercel Hobby allows', () => {
    expect(areas.size).toBeLessThanOrEqual(12)
  })

  for (const [name, handler] of areas) {
    for (const route of handler.routes) {
      const sample = route.path.replace(/:(\w+)/g, 'sample-$1')
      it(`${route.method} ${route.path} is served by ${name}`, () => {
        expect(functionFor(sample)).toBe(handler)
      })
    }
  }
})

describe('pathTo', () => {
  it.each([
    [pathTo(accountPaths.childDataWorkbook, { childId: 'c1' }), '/me/children/c1/data.xlsx'],
    [pathTo(familiesPaths.invite, { code: 'A B/1' }), '/families/invites/A%20B%2F1'],
  ])('fills in and encodes each param: %s', (path, expected) => {
    expect(path).toBe(expected)
  })
})
