// The WeChat-like runtime itself, on a hand-made two-page mini-program: what the page and journey
// tests rely on it to catch (a browser global, a throw, an unbound tap, a wrong navigation) it does
// catch, and what it measures (setData bytes, nodes) is what the page sent.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { FakeWechat } from '../support/fake-wechat'
import { MiniProgram } from '../support/mini-program'

let dist: string

// Taro's shape: base.wxml maps node names to elements; a page's data is a tree under `root`.
const baseWxml = `<template name="tmpl_0_0"><view class="{{i.cl}}" bindtap="eh" id="{{i.uid||i.sid}}"></view></template>
<template name="tmpl_0_1"><text id="{{i.uid||i.sid}}"></text></template>`

const pageSource = (body: string) => `Page({
  data: {},
  onLoad(query) {
    ${body}
  },
  onShow() { this.shows = (this.shows || 0) + 1 },
  onUnload() { this.unloaded = true },
  eh(event) { this.tapped = (this.tapped || []).concat(event.target.id); wx.navigateTo({ url: '/pages/b/index?from=a' }) },
})`

beforeAll(() => {
  dist = mkdtempSync(path.join(tmpdir(), 'wc-harness-'))
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dist, file)), { recursive: true })
    writeFileSync(path.join(dist, file), text)
  }
  write('app.json', JSON.stringify({ pages: ['pages/a/index', 'pages/b/index'], tabBar: { list: [{ pagePath: 'pages/a/index' }] } }))
  write('base.wxml', baseWxml)
  write('app.js', 'App({ onLaunch() { this.launched = true } })')
  write('pages/a/index.js', pageSource(`
    if (query.touch) void window.location
    if (query.fail) throw new Error('page failed')
    this.setData({ root: { cn: [
      { nn: '0', sid: '_1', cn: [{ nn: '1', sid: '_2', cn: [{ v: '去第二页' }] }] },
      { nn: '1', sid: '_3', cn: [{ v: '只是文字' }] },
    ] } })`))
  write('pages/b/index.js', pageSource(`
    this.setData({ root: { cn: [{ nn: '1', sid: '_1', cn: [{ v: '来自 ' + query.from }] }] } })
    wx.switchTab({ url: query.from === 'a' ? '/pages/b/index' : '/pages/a/index', fail() {} })`))
})

const open = () => new MiniProgram({ dist, apiOrigin: 'http://127.0.0.1:1', wechat: {} as FakeWechat, openid: 'harness' })

describe('the WeChat-like runtime', () => {
  it('shows a page from its data tree and measures what setData sent', async () => {
    const mp = open()
    await mp.launch()
    expect(mp.text()).toBe('去第二页|只是文字')
    expect(mp.nodeCount()).toBe(6)
    expect(mp.current.largestSetData).toBeGreaterThan(100)
    expect({ errors: mp.errors, touches: mp.browserTouches }).toEqual({ errors: [], touches: [] })
  })

  it('records a browser global and an exception of a page', async () => {
    const touching = open()
    await touching.launch('pages/a/index', { touch: '1' })
    expect(touching.browserTouches).toEqual([expect.stringMatching(/^window at .*pages\/a\/index\.js/)])
    const failing = open()
    await failing.launch('pages/a/index', { fail: '1' })
    expect(failing.errors.map(String)).toEqual(['Error: page failed'])
  })

  it('taps through the nearest tap-bound element and refuses what takes no tap', async () => {
    const mp = open()
    await mp.launch()
    await expect(mp.tap('只是文字')).rejects.toThrow('nothing takes a tap')
    await mp.tap('去第二页')
    expect(mp.stack[0].tapped).toEqual(['_1'])
    await mp.waitFor('来自 a')
    // pages/b switches to itself, which is not a tab page: WeChat would fail, so does the harness.
    expect(mp.errors.map(String)).toEqual(['Error: switchTab: pages/b/index is not a tab page'])
  })

  it('keeps a tab page alive across switchTab: shown again, not loaded again; the page above it closes', async () => {
    const mp = open()
    await mp.launch()
    const home = mp.current
    await mp.openPage('pages/b/index', { from: 'elsewhere' })
    await mp.settle()
    expect(mp.stack.map((page) => page.route)).toEqual(['pages/a/index'])
    expect(mp.current).toBe(home)
    expect({ shows: home.shows, unloaded: home.unloaded }).toEqual({ shows: 2, unloaded: undefined })
    expect(mp.errors).toEqual([])
  })
})
