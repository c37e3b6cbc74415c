import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { weappBuild } from '../support/build'

const KB = 1024
const mainPackageLimit = 400 * KB // our budget (issue 12): room under WeChat's wall for what comes next
const subpackageLimit = 500 * KB // our budget: a subpackage downloads when its first page opens
const packageLimit = 2 * 1024 * KB // WeChat's hard wall for every package

let dist: string

beforeAll(async () => {
  dist = await weappBuild()
}, 300_000)

function sizeOf(dir: string): number {
  return readdirSync(dir).reduce((total, name) => {
    const full = path.join(dir, name)
    const stat = statSync(full)
    return total + (stat.isDirectory() ? sizeOf(full) : stat.size)
  }, 0)
}

describe('npm run build:weapp', () => {
  it('produces a mini-program that WeChat DevTools opens: app.json with the tabBar pages, project.config.json', () => {
    const app = JSON.parse(readFileSync(path.join(dist, 'app.json'), 'utf8'))
    expect(app.tabBar.list.map((tab: { text: string }) => tab.text)).toEqual(['首页', '活动', '好人', '答题', '我的'])
    const subpackagePages = (app.subPackages ?? []).flatMap((p: { root: string; pages: string[] }) => p.pages.map((page) => `${p.root}/${page}`))
    for (const page of [...app.pages, ...subpackagePages]) {
      expect({ page, built: statSync(path.join(dist, `${page}.js`), { throwIfNoEntry: false })?.isFile() }).toEqual({ page, built: true })
    }
    const project = JSON.parse(readFileSync(path.join(dist, 'project.config.json'), 'utf8'))
    expect(project.appid).toBeTruthy()
  })

  it(`keeps the main package ≤ ${mainPackageLimit / KB} KB, every subpackage ≤ ${subpackageLimit / KB} KB, and every package under 2 MB`, () => {
    const app = JSON.parse(readFileSync(path.join(dist, 'app.json'), 'utf8'))
    const subpackageRoots: string[] = (app.subPackages ?? app.subpackages ?? []).map((p: { root: string }) => p.root.replace(/\/$/, ''))
    const subpackageSizes = Object.fromEntries(subpackageRoots.map((root) => [root, sizeOf(path.join(dist, root))]))
    const main = sizeOf(dist) - Object.values(subpackageSizes).reduce((a, b) => a + b, 0)
    const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`
    console.log(`weapp main package: ${kb(main)} (${main} bytes)`, Object.fromEntries(Object.entries(subpackageSizes).map(([root, size]) => [root, kb(size)])))
    expect(main).toBeLessThanOrEqual(mainPackageLimit)
    expect(main).toBeLessThan(packageLimit)
    for (const [root, size] of Object.entries(subpackageSizes)) {
      expect({ root, withinBudget: size <= subpackageLimit, underWall: size < packageLimit }).toEqual({ root, withinBudget: true, underWall: true })
    }
  })
})
