// A WeChat-like runtime for the built mini-program (dist/ of `taro build --type weapp`), in Node.
// The built files run in a `vm` context whose globals are a mini-program's — `wx`, `App`, `Page`,
// `Component`, `getApp`, `getCurrentPages` — and nothing of a browser. `wx.request`, `uploadFile`
// and `downloadFile` reach the real local API, `wx.login` gets codes the fake WeChat server knows,
// storage lives in memory, and every other `wx` call is recorded and answered as WeChat would.
// Pages run their lifecycle (onLoad with the real query, onShow, onReady); their `setData` calls
// are applied to the page's data, which is Taro's node tree: the test reads the screen's text out
// of it and taps by calling the page's event handler with a node's id, as WeChat's view layer does.
import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import vm from 'node:vm'
import type { FakeWechat } from './fake-wechat'

/** Globals a browser has and a mini-program has not: touching one in WeChat throws. */
const browserGlobals = ['window', 'document', 'localStorage', 'sessionStorage', 'navigator', 'location', 'history',
  'XMLHttpRequest', 'fetch', 'HTMLElement', 'Element', 'Node', 'requestAnimationFrame', 'getComputedStyle', 'indexedDB',
  'FormData', 'Blob', 'URL', 'atob', 'btoa'] as const

/** A node of Taro's data tree (the page data WeChat renders through base.wxml). */
export interface TreeNode {
  nn?: string // node name, shortened by Taro's template (e.g. '#text', 'view' as a number code)
  v?: string // a text node's text
  cn?: TreeNode[] // children
  sid?: string
  uid?: string
  [prop: string]: unknown
}

export interface WxCall {
  api: string
  options: unknown
}

export interface PageInstance {
  route: string
  options: Record<string, string>
  data: { root?: TreeNode; [key: string]: unknown }
  /** The largest `setData` payload of this page so far, in JSON bytes. */
  largestSetData: number
  setDataCalls: number
  config: Record<string, any>
  [method: string]: unknown
}

export interface MiniProgramOptions {
  dist: string
  /** The API origin the build's `TARO_APP_API_BASE` is rewritten to, e.g. http://127.0.0.1:4567. */
  apiOrigin: string
  wechat: FakeWechat
  openid: string
  /** What `chooseMedia`, `scanCode`, `chooseLocation` and `requestSubscribeMessage` answer. */
  answers?: Partial<NativeAnswers>
}

export interface NativeAnswers {
  chooseMedia: { tempFiles: { tempFilePath: string; size: number; fileType: 'image' }[]; type: 'image' }
  scanCode: { result: string; scanType: string }
  chooseLocation: { name: string; address: string; latitude: number; longitude: number }
  /** accept or reject for every template asked for. */
  subscribe: 'accept' | 'reject'
  /** What the user answers to `showModal`: true for the confirm button. */
  modalConfirm: boolean
  /** The user's answer to the privacy popup, when no page answers it (no popup on screen). */
}

/**
 * Every callback API Taro promisifies for WeChat, as Taro lists them (common and weapp-only). Taro
 * builds `Taro.*` from the keys `wx` has, so the fake `wx` must have each as a property of its own.
 */
function taroCallbackApis(): string[] {
  const lists = ['@tarojs/shared/dist/native-apis.js', '@tarojs/plugin-platform-weapp/dist/runtime-utils.js']
  return lists.flatMap((file) => {
    const source = readFileSync(require.resolve(file), 'utf8')
    const list = /const needPromiseApis = new Set\(\[([^\]]*)\]/.exec(source)
    if (!list) throw new Error(`no API list in ${file}`)
    return [...list[1].matchAll(/'(\w+)'/g)].map((match) => match[1])
  })
}

const defaultAnswers: NativeAnswers = {
  chooseMedia: { tempFiles: [], type: 'image' },
  scanCode: { result: '', scanType: 'QR_CODE' },
  chooseLocation: { name: '县文化广场', address: '河南省开封市杞县', latitude: 34.55, longitude: 114.78 },
  subscribe: 'accept',
  modalConfirm: true,
}

/** APIs that answer with a task (abort, progress), never a Promise. */
const taskApis = new Set(['request', 'uploadFile', 'downloadFile', 'connectSocket'])

/** APIs that need the user's privacy authorisation first (those of them the app calls). */
const privacyApis = new Set(['chooseMedia', 'chooseImage', 'chooseLocation', 'getLocation', 'chooseMessageFile',
  'saveImageToPhotosAlbum', 'getClipboardData', 'setClipboardData'])

export class MiniProgram {
  readonly calls: WxCall[] = []
  /** Browser-only globals the code read, with where. */
  readonly browserTouches: string[] = []
  readonly errors: unknown[] = []
  /** What the app wrote to console.error (Taro and React report caught failures there). */
  readonly consoleErrors: string[] = []
  readonly stack: PageInstance[] = []
  /** Tab pages loaded so far: WeChat keeps them alive across switchTab. */
  private readonly tabPages = new Map<string, PageInstance>()
  readonly storage = new Map<string, unknown>()
  readonly answers: NativeAnswers
  privacyAgreed = false
  /** The privacy listener the app registered with `onNeedPrivacyAuthorization`. */
  private privacyListener: ((resolve: (answer: { event: string; buttonId?: string }) => void, info: { referrer: string }) => void) | null = null
  private readonly context: vm.Context
  private readonly modules = new Map<string, { exports: unknown }>()
  private readonly pageConfigs = new Map<string, Record<string, any>>()
  private appInstance: Record<string, any> | null = null
  private loadingPage: string | null = null
  private pending = new Set<Promise<unknown>>()
  private readonly tempDir = mkdtempSync(path.join(tmpdir(), 'wc-wxfile-'))
  private readonly tempFiles = new Map<string, string>()
  private readonly appJson: { pages: string[]; subPackages?: { root: string; pages: string[] }[]; tabBar?: { list: { pagePath: string }[] } }
  private readonly apiBase: string
  /** What each node name of the data tree renders as, read from the build's base.wxml. */
  readonly elements: Map<string, ElementTemplate>

  constructor(private readonly options: MiniProgramOptions) {
    this.answers = { ...defaultAnswers, ...options.answers }
    this.appJson = JSON.parse(readFileSync(path.join(options.dist, 'app.json'), 'utf8'))
    this.apiBase = 'http://127.0.0.1:3000'
    this.elements = readTemplates(readFileSync(path.join(options.dist, 'base.wxml'), 'utf8'))
    const sandbox: Record<string, unknown> = {
      console: { ...console, error: (...args: unknown[]) => this.consoleErrors.push(args.map(String).join(' ')) },
      setTimeout,
      clearTimeout,
      setInterval,
      clearInterval,
      wx: this.createWx(),
      App: (config: Record<string, any>) => {
        this.appInstance = Object.create(config)
      },
      Page: (config: Record<string, any>) => {
        if (!this.loadingPage) throw new Error('Page() called outside a page file')
        this.pageConfigs.set(this.loadingPage, config)
      },
      Component: () => {},
      Behavior: (definition: unknown) => definition,
      getApp: () => this.appInstance,
      getCurrentPages: () => [...this.stack],
      requirePlugin: () => ({}),
    }
    this.context = vm.createContext(sandbox)
    // A browser global read anywhere in the bundle is recorded with the reading line.
    for (const name of browserGlobals) {
      Object.defineProperty(this.context, name, {
        configurable: true,
        get: () => {
          this.browserTouches.push(`${name} at ${new Error().stack?.split('\n')[2]?.trim()}`)
          return undefined
        },
      })
    }
  }

  // ------------------------------------------------------------------ modules

  /** Runs one file of the build as WeChat's require does: relative to the requiring file, cached. */
  private require(file: string): unknown {
    const full = file.endsWith('.js') ? file : `${file}.js`
    const cached = this.modules.get(full)
    if (cached) return cached.exports
    const module = { exports: {} }
    this.modules.set(full, module)
    const source = readFileSync(full, 'utf8')
    const wrapped = vm.runInContext(`(function (require, module, exports) {${source}\n})`, this.context, { filename: full })
    wrapped((relative: string) => this.require(path.resolve(path.dirname(full), relative)), module, module.exports)
    return module.exports
  }

  /** Starts the app: app.js, then onLaunch and onShow with the first page's path and query. */
  async launch(route = this.appJson.pages[0], query: Record<string, string> = {}) {
    this.require(path.join(this.options.dist, 'app.js'))
    if (!this.appInstance) throw new Error('app.js did not call App()')
    const launchOptions = { path: route, query, scene: 1001, referrerInfo: {} }
    this.appInstance.onLaunch?.call(this.appInstance, launchOptions)
    this.appInstance.onShow?.call(this.appInstance, launchOptions)
    await this.openPage(route, query)
    return this.current
  }

  get current(): PageInstance {
    const page = this.stack[this.stack.length - 1]
    if (!page) throw new Error('no page is open')
    return page
  }

  // ------------------------------------------------------------------ pages

  private pageConfig(route: string) {
    let config = this.pageConfigs.get(route)
    if (!config) {
      this.loadingPage = route
      try {
        this.require(path.join(this.options.dist, `${route}.js`))
      } finally {
        this.loadingPage = null
      }
      config = this.pageConfigs.get(route)
      if (!config) throw new Error(`${route}.js did not call Page()`)
    }
    return config
  }

  private createPage(route: string, query: Record<string, string>): PageInstance {
    const config = this.pageConfig(route)
    const page = Object.create(config) as PageInstance
    Object.assign(page, {
      route,
      __route__: route,
      options: query,
      data: structuredClone(config.data ?? {}),
      largestSetData: 0,
      setDataCalls: 0,
      config,
      setData: (patch: Record<string, unknown>, callback?: () => void) => {
        const bytes = Buffer.byteLength(JSON.stringify(patch))
        page.largestSetData = Math.max(page.largestSetData, bytes)
        page.setDataCalls += 1
        for (const [key, value] of Object.entries(patch)) setPath(page.data, key, structuredClone(value))
        // WeChat calls back after the view layer has rendered: later, never synchronously.
        if (callback) setTimeout(() => this.guard(callback), 0)
      },
    })
    return page
  }

  /** Opens a page the way WeChat does (onLoad(query), onShow, onReady) and waits for its first screen. */
  async openPage(route: string, query: Record<string, string> = {}) {
    const page = this.loadPage(route, query)
    await this.settle()
    return page
  }

  private loadPage(route: string, query: Record<string, string>) {
    const previous = this.stack[this.stack.length - 1]
    if (previous) this.guard(() => (previous.onHide as (() => void) | undefined)?.call(previous))
    const page = this.createPage(route.replace(/^\//, ''), query)
    this.stack.push(page)
    if (this.isTab(page.route)) this.tabPages.set(page.route, page)
    this.guard(() => (page.onLoad as ((q: unknown) => void) | undefined)?.call(page, { ...query }))
    this.guard(() => (page.onShow as (() => void) | undefined)?.call(page))
    this.guard(() => (page.onReady as (() => void) | undefined)?.call(page))
    return page
  }

  private closePage(page: PageInstance) {
    this.tabPages.delete(page.route)
    this.guard(() => (page.onUnload as (() => void) | undefined)?.call(page))
  }

  private isTab(route: string) {
    return (this.appJson.tabBar?.list ?? []).some((tab) => tab.pagePath === route)
  }

  private async navigate(kind: 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch', url: string) {
    const [route, search = ''] = url.replace(/^\//, '').split('?')
    const query = Object.fromEntries(new URLSearchParams(search))
    const known = [...this.appJson.pages, ...(this.appJson.subPackages ?? []).flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))]
    const isTab = this.isTab(route)
    const problem = !known.includes(route) ? `${kind}: no page ${route}`
      : kind === 'switchTab' && !isTab ? `switchTab: ${route} is not a tab page`
      : kind !== 'switchTab' && kind !== 'reLaunch' && isTab ? `${kind}: ${route} is a tab page (use switchTab)` : null
    // WeChat fails the call (and the page stays); a navigation that cannot work is a bug of the app.
    if (problem) {
      this.errors.push(new Error(problem))
      throw new Error(problem)
    }
    if (kind === 'redirectTo') this.closePage(this.stack.pop()!)
    if (kind === 'reLaunch') {
      while (this.stack.length) this.closePage(this.stack.pop()!)
      for (const page of [...this.tabPages.values()]) this.closePage(page)
    }
    // switchTab closes the pages above the tab bar; tab pages stay alive, hidden, and show again.
    let shown: PageInstance | undefined
    if (kind === 'switchTab') {
      while (this.stack.length && !this.isTab(this.current.route)) this.closePage(this.stack.pop()!)
      shown = this.stack.pop()
    }
    // WeChat answers the navigation call before the new page has loaded.
    this.track(new Promise<void>((resolve) => setTimeout(() => {
      const kept = kind === 'switchTab' ? this.tabPages.get(route) : undefined
      if (shown && shown !== kept) this.guard(() => (shown.onHide as (() => void) | undefined)?.call(shown))
      if (kept) {
        this.stack.push(kept)
        this.guard(() => (kept.onShow as (() => void) | undefined)?.call(kept))
      } else {
        this.loadPage(route, kind === 'switchTab' ? {} : query)
      }
      resolve()
    }, 0)))
  }

  private navigateBack(delta = 1) {
    for (let i = 0; i < delta && this.stack.length > 1; i++) this.closePage(this.stack.pop()!)
    const page = this.current
    this.guard(() => (page.onShow as (() => void) | undefined)?.call(page))
  }

  /** Pulls the current page down: onPullDownRefresh, as a resident's pull does. */
  async pullDown() {
    const page = this.current
    this.guard(() => (page.onPullDownRefresh as () => void).call(page))
    await this.settle()
  }

  /** Scrolls the current page to the bottom: onReachBottom. */
  async reachBottom() {
    const page = this.current
    this.guard(() => (page.onReachBottom as () => void).call(page))
    await this.settle()
  }

  /** The share card the page would give WeChat's share menu. */
  share(from: 'menu' | 'button' = 'menu') {
    const page = this.current
    return (page.onShareAppMessage as (o: unknown) => { title?: string; path?: string; imageUrl?: string })?.call(page, { from })
  }

  // ------------------------------------------------------------------ reading and tapping

  /** Every text on the current page's screen, in tree order, joined by '|'. */
  text(page = this.current): string {
    return textPieces(page.data.root, this.richText).map((piece) => piece.trim()).filter(Boolean).join('|')
  }

  /** The text a node shows (itself and everything in it). */
  textOf(node: TreeNode): string {
    return shownText(node, this.richText)
  }

  /** A rich-text node shows its `nodes` (HTML from the API): its text, tags dropped. */
  private readonly richText = (node: TreeNode): string | undefined => {
    if (this.tagOf(node) !== 'rich-text') return undefined
    const nodes = this.attr(node, 'nodes')
    return typeof nodes === 'string' ? nodes.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim() : undefined
  }

  nodeCount(page = this.current): number {
    return countNodes(page.data.root)
  }

  /** Element levels below the page root (text nodes not counted): past base.wxml's levels, WeChat renders through Taro's `comp`. */
  depth(page = this.current): number {
    const levels = (node: TreeNode): number => (typeof node.v === 'string' ? 0 : 1 + Math.max(0, ...childrenOf(node).map(levels)))
    return Math.max(0, ...childrenOf(page.data.root ?? {}).map(levels))
  }

  /** The innermost element whose text contains `text` (or matches it). */
  find(text: string | RegExp, page = this.current): TreeNode {
    const found = findByText(page.data.root, text, this.richText)
    if (!found) throw new Error(`no "${text}" on ${page.route}; the screen shows: ${this.text(page)}`)
    return found
  }

  has(text: string | RegExp, page = this.current) {
    return Boolean(findByText(page.data.root, text, this.richText))
  }

  /** The WXML tag a node renders as (view, button, input …). */
  tagOf(node: TreeNode) {
    return this.elements.get(String(node.nn))?.tag ?? (typeof node.v === 'string' ? '#text' : `unknown(${node.nn})`)
  }

  /** The events a node's element binds (tap, input, change …), as base.wxml says. */
  events(node: TreeNode): Set<string> {
    return this.elements.get(String(node.nn))?.events ?? new Set()
  }

  /** A WXML attribute of a node, e.g. `placeholder`, `disabled`, `open-type`. */
  attr(node: TreeNode, name: string): unknown {
    const key = this.elements.get(String(node.nn))?.props.get(name)
    return key === undefined ? undefined : node[key]
  }

  /** Every element of the page that renders as `tag` (and passes `filter`). */
  elementsOf(tag: string, filter: (node: TreeNode) => boolean = () => true, page = this.current): TreeNode[] {
    const out: TreeNode[] = []
    const walk = (node: TreeNode | undefined) => {
      if (!node) return
      if (node.nn !== undefined && this.tagOf(node) === tag && filter(node)) out.push(node)
      childrenOf(node).forEach(walk)
    }
    walk(page.data.root)
    return out
  }

  /** How many `tag` elements sit inside another `tag` (base.wxml renders scroll-view and form at one level only: config/index.ts). */
  selfNested(tag: string, page = this.current): number {
    const isTag = (node: TreeNode) => node.nn !== undefined && this.tagOf(node) === tag
    return this.elementsOf(tag, (node) => childrenOf(node).some((child) => findNode(child, isTag)), page).length
  }

  /** Waits until the current page shows `text` (answers arrive, pages open), then returns the page. */
  async waitFor(text: string | RegExp, timeoutMs = 15_000): Promise<PageInstance> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const page = this.stack[this.stack.length - 1]
      if (page && this.has(text, page)) return page
      if (Date.now() > deadline) throw new Error(`"${text}" never appeared; ${page?.route} shows: ${page ? this.text(page) : '(no page)'}`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  /** Waits until the page on top is `route`. */
  async waitForPage(route: string, timeoutMs = 15_000): Promise<PageInstance> {
    const deadline = Date.now() + timeoutMs
    while (this.stack[this.stack.length - 1]?.route !== route) {
      if (Date.now() > deadline) throw new Error(`${route} never opened; the pages are ${this.stack.map((p) => p.route).join(' > ')}`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    await this.settle()
    return this.current
  }

  /** Fires an event on a node, through the page's event handler, as WeChat's view layer does. */
  async fire(node: TreeNode, type: string, detail: Record<string, unknown> = {}) {
    const page = this.current
    const id = node.uid ?? node.sid
    if (!id) throw new Error(`the node has no id: ${JSON.stringify(node).slice(0, 200)}`)
    const events = this.elements.get(String(node.nn))?.events
    if (!events?.has(type)) throw new Error(`a ${this.tagOf(node)} does not bind ${type} in base.wxml`)
    const target = { id, dataset: { sid: node.sid } }
    const event = { type, timeStamp: Date.now(), target, currentTarget: target, detail, touches: [], changedTouches: [] }
    this.guard(() => (page.eh as (e: unknown) => void).call(page, event))
    await this.settle()
  }

  /**
   * Taps what shows `text`: the tap lands on the innermost element with that text and reaches the
   * nearest element (it or an ancestor) bound to taps, as the event bubbles in WeChat. A disabled
   * button takes no tap. A button's open-type does what WeChat does on a tap (privacy agreement,
   * share).
   */
  async tap(text: string | RegExp) {
    const page = this.current
    const chain = pathTo(page.data.root, this.find(text, page))
    const target = [...chain].reverse().find((node) => this.elements.get(String(node.nn))?.events.has('tap'))
    if (!target) throw new Error(`nothing takes a tap on "${text}" on ${page.route}`)
    if (this.tagOf(target) === 'button' && this.attr(target, 'disabled')) throw new Error(`"${text}" is a disabled button`)
    const openType = this.tagOf(target) === 'button' ? this.attr(target, 'open-type') : undefined
    if (openType === 'agreePrivacyAuthorization') await this.fire(target, 'agreeprivacyauthorization')
    if (openType === 'share') this.shares.push(this.share('button'))
    await this.fire(target, 'tap')
  }

  /** Share cards a share button gave. */
  readonly shares: unknown[] = []

  /** Types into the input or textarea whose placeholder contains `placeholder`. */
  async type(placeholder: string | RegExp, value: string) {
    const fields = [...this.elementsOf('input'), ...this.elementsOf('textarea')]
    const field = fields.find((node) => matches(String(this.attr(node, 'placeholder') ?? ''), placeholder))
    if (!field) throw new Error(`no field "${placeholder}" on ${this.current.route}; fields: ${fields.map((f) => this.attr(f, 'placeholder')).join(', ')}`)
    await this.fire(field, 'input', { value, cursor: value.length })
  }

  /** Picks the option at `index` of the `nth` picker on the page. */
  async pick(index: number | number[], nth = 0) {
    const picker = this.elementsOf('picker')[nth]
    if (!picker) throw new Error(`no picker #${nth} on ${this.current.route}`)
    await this.fire(picker, 'change', { value: index })
  }

  // ------------------------------------------------------------------ waiting

  private track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise)
    void promise.catch(() => {}).finally(() => this.pending.delete(promise))
    return promise
  }

  private guard(fn: () => unknown) {
    try {
      const result = fn()
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        this.track((result as Promise<unknown>).catch((error) => this.errors.push(error)))
      }
    } catch (error) {
      this.errors.push(error)
    }
  }

  /** Waits until no request, navigation or render callback is outstanding for a short while. */
  async settle() {
    let quiet = 0
    while (quiet < 3) {
      if (this.pending.size) {
        quiet = 0
        await Promise.allSettled([...this.pending])
      }
      await new Promise((resolve) => setTimeout(resolve, 10))
      quiet = this.pending.size ? 0 : quiet + 1
    }
  }

  // ------------------------------------------------------------------ wx

  private record(api: string, options: unknown) {
    this.calls.push({ api, options })
  }

  callsOf(api: string) {
    return this.calls.filter((call) => call.api === api).map((call) => call.options as Record<string, any>)
  }

  /** A temp file path as WeChat gives one (wxfile://…) for a file on this machine. */
  tempFileFor(file: string) {
    const tempPath = `wxfile://tmp_${randomBytes(8).toString('hex')}${path.extname(file)}`
    this.tempFiles.set(tempPath, file)
    return tempPath
  }

  private async askPrivacy(api: string): Promise<boolean> {
    // Without a listener WeChat shows its own popup; the harness then counts it as refused.
    if (!this.privacyListener) return false
    const answer = await new Promise<{ event: string }>((resolve) => this.privacyListener!(resolve, { referrer: api }))
    this.privacyAgreed = answer.event === 'agree'
    return this.privacyAgreed
  }

  private createWx() {
    const wx: Record<string, unknown> = {}
    const asyncApi = (name: string, run: (options: any) => Promise<Record<string, unknown>> | Record<string, unknown>) => {
      wx[name] = (options: any = {}) => {
        this.record(name, options)
        // Called without success/fail/complete, WeChat's async APIs (those that return no task) return
        // a Promise: Taro passes some APIs straight through, and the app then awaits that Promise.
        const promised = !taskApis.has(name) && !options.success && !options.fail && !options.complete
        let settle!: { resolve: (value: unknown) => void; reject: (reason: unknown) => void }
        const promise = promised ? new Promise((resolve, reject) => (settle = { resolve, reject })) : null
        const succeed = (result: Record<string, unknown>) => {
          options.success?.(result)
          options.complete?.(result)
          settle?.resolve(result)
        }
        const fail = (failure: unknown) => {
          options.fail?.(failure)
          options.complete?.(failure)
          settle?.reject(failure)
        }
        const call = async () => {
          let result: Record<string, unknown>
          try {
            result = { errMsg: `${name}:ok`, ...(await run(options)) }
          } catch (error) {
            return fail((error as { errMsg?: string }).errMsg ? error : { errMsg: `${name}:fail ${(error as Error).message}` })
          }
          succeed(result)
        }
        // What a callback throws, WeChat reports as an error of the app.
        const answer = () => call().catch((error) => void this.errors.push(error))
        // A privacy API waits for the user's answer to the app's privacy prompt (not counted as busy).
        if (privacyApis.has(name) && !this.privacyAgreed) {
          void this.askPrivacy(name).then((agreed) => (agreed ? this.track(answer()) : fail({ errMsg: `${name}:fail privacy permission is not authorized` })))
        } else {
          this.track(answer())
        }
        return promise ?? { abort() {}, onProgressUpdate() {}, onHeadersReceived() {}, offHeadersReceived() {} }
      }
    }
    // Everything Taro knows as a callback API: recorded and answered ok unless defined below.
    for (const name of taroCallbackApis()) asyncApi(name, () => ({}))
    for (const name of ['showToast', 'showModal', 'showLoading', 'hideLoading', 'showActionSheet', 'setTabBarBadge', 'removeTabBarBadge',
      'setNavigationBarTitle', 'pageScrollTo', 'stopPullDownRefresh', 'startPullDownRefresh', 'setScreenBrightness', 'getScreenBrightness',
      'openPrivacyContract', 'openLocation', 'openDocument', 'previewImage', 'chooseMedia', 'chooseMessageFile', 'requestSubscribeMessage',
      'getPrivacySetting', 'requirePrivacyAuthorize', 'showShareMenu', 'hideShareMenu', 'vibrateShort', 'setKeepScreenOn', 'saveImageToPhotosAlbum',
      'getSetting', 'openSetting', 'navigateTo', 'redirectTo', 'switchTab', 'reLaunch', 'navigateBack', 'login', 'request', 'uploadFile',
      'downloadFile', 'scanCode', 'chooseLocation', 'getSystemInfo', 'getStorage', 'setStorage', 'removeStorage']) asyncApi(name, () => ({}))

    asyncApi('showModal', () => ({ confirm: this.answers.modalConfirm, cancel: !this.answers.modalConfirm }))
    asyncApi('login', () => {
      const code = `wx-code-${randomBytes(6).toString('hex')}`
      this.options.wechat.codes.set(code, this.options.openid)
      return { code }
    })
    asyncApi('navigateTo', ({ url }) => this.navigate('navigateTo', url).then(() => ({})))
    asyncApi('redirectTo', ({ url }) => this.navigate('redirectTo', url).then(() => ({})))
    asyncApi('switchTab', ({ url }) => this.navigate('switchTab', url).then(() => ({})))
    asyncApi('reLaunch', ({ url }) => this.navigate('reLaunch', url).then(() => ({})))
    asyncApi('navigateBack', ({ delta }) => {
      this.navigateBack(delta)
      return {}
    })
    asyncApi('request', (options) => this.request(options))
    asyncApi('uploadFile', (options) => this.uploadFile(options))
    asyncApi('downloadFile', (options) => this.downloadFile(options))
    asyncApi('chooseMedia', () => ({ ...this.answers.chooseMedia }))
    asyncApi('scanCode', () => ({ ...this.answers.scanCode, charSet: 'utf-8' }))
    asyncApi('chooseLocation', () => ({ ...this.answers.chooseLocation }))
    asyncApi('requestSubscribeMessage', ({ tmplIds }: { tmplIds: string[] }) =>
      Object.fromEntries(tmplIds.map((id) => [id, this.answers.subscribe])))
    asyncApi('getSystemInfo', () => systemInfo)
    asyncApi('getPrivacySetting', () => ({ needAuthorization: !this.privacyAgreed, privacyContractName: '《文明创建隐私保护指引》' }))
    asyncApi('getStorage', ({ key }) => {
      if (!this.storage.has(key)) throw { errMsg: 'getStorage:fail data not found' }
      return { data: this.storage.get(key) }
    })
    asyncApi('setStorage', ({ key, data }) => {
      this.storage.set(key, data)
      return {}
    })
    asyncApi('removeStorage', ({ key }) => {
      this.storage.delete(key)
      return {}
    })

    const syncApi = (name: string, run: (...args: any[]) => unknown) => {
      wx[name] = (...args: any[]) => {
        this.record(name, args)
        return run(...args)
      }
    }
    syncApi('getStorageSync', (key: string) => (this.storage.has(key) ? this.storage.get(key) : ''))
    syncApi('setStorageSync', (key: string, value: unknown) => void this.storage.set(key, value))
    syncApi('removeStorageSync', (key: string) => void this.storage.delete(key))
    syncApi('clearStorageSync', () => this.storage.clear())
    syncApi('getSystemInfoSync', () => systemInfo)
    syncApi('getWindowInfo', () => systemInfo)
    syncApi('getDeviceInfo', () => systemInfo)
    syncApi('getAppBaseInfo', () => systemInfo)
    syncApi('getMenuButtonBoundingClientRect', () => ({ width: 87, height: 32, top: 48, right: 368, bottom: 80, left: 281 }))
    syncApi('getLaunchOptionsSync', () => ({ path: this.appJson.pages[0], query: {}, scene: 1001, referrerInfo: {} }))
    syncApi('getEnterOptionsSync', () => ({ path: this.appJson.pages[0], query: {}, scene: 1001, referrerInfo: {} }))
    syncApi('getAccountInfoSync', () => ({ miniProgram: { appId: 'wx-test-app', envVersion: 'develop', version: '' } }))
    syncApi('canIUse', () => true)
    syncApi('nextTick', (fn: () => void) => void Promise.resolve().then(() => this.guard(fn)))
    syncApi('onNeedPrivacyAuthorization', (listener: MiniProgram['privacyListener']) => {
      this.privacyListener = listener
    })
    syncApi('onAppShow', () => {})
    syncApi('onAppHide', () => {})
    syncApi('onError', () => {})
    syncApi('onUnhandledRejection', () => {})
    syncApi('onPageNotFound', () => {})
    syncApi('onMemoryWarning', () => {})
    syncApi('onNetworkStatusChange', () => {})
    syncApi('reportAnalytics', () => {})
    syncApi('getUpdateManager', () => ({ onCheckForUpdate() {}, onUpdateReady() {}, onUpdateFailed() {}, applyUpdate() {} }))
    syncApi('createSelectorQuery', () => selectorQuery())
    syncApi('createIntersectionObserver', () => ({ relativeToViewport: () => ({ observe() {} }), observe() {}, disconnect() {} }))
    syncApi('getPerformance', () => ({ now: () => performance.now() }))
    // `webpackJsonp` must start undefined: the build's chunks create it.
    return wx
  }

  private apiUrl(url: string) {
    if (!url.startsWith(this.apiBase)) throw new Error(`a request outside the API: ${url}`)
    return `${this.options.apiOrigin}${url.slice(this.apiBase.length)}`
  }

  private async request(options: { url: string; method?: string; data?: unknown; header?: Record<string, string>; dataType?: string }) {
    const method = (options.method ?? 'GET').toUpperCase()
    let url = this.apiUrl(options.url)
    let body: string | undefined
    if (method === 'GET' && options.data && typeof options.data === 'object') {
      const search = new URLSearchParams(options.data as Record<string, string>).toString()
      if (search) url += (url.includes('?') ? '&' : '?') + search
    } else if (options.data !== undefined) {
      body = typeof options.data === 'string' ? options.data : JSON.stringify(options.data)
    }
    const response = await fetch(url, { method, headers: options.header, body })
    const text = await response.text()
    let data: unknown = text
    if ((options.dataType ?? 'json') === 'json') {
      try {
        data = JSON.parse(text)
      } catch {
        // WeChat leaves a body that is not JSON as a string.
      }
    }
    return { data, statusCode: response.status, header: headersOf(response), cookies: [] }
  }

  private async uploadFile(options: { url: string; filePath: string; name: string; header?: Record<string, string>; formData?: Record<string, string> }) {
    const file = this.tempFiles.get(options.filePath)
    if (!file) throw new Error(`uploadFile: unknown temp file ${options.filePath}`)
    const form = new FormData()
    for (const [key, value] of Object.entries(options.formData ?? {})) form.append(key, value)
    form.append(options.name, new Blob([readFileSync(file)]), path.basename(options.filePath))
    const response = await fetch(this.apiUrl(options.url), { method: 'POST', headers: options.header, body: form })
    // WeChat hands uploadFile's answer over as a string.
    return { data: await response.text(), statusCode: response.status }
  }

  private async downloadFile(options: { url: string; header?: Record<string, string> }) {
    const response = await fetch(this.apiUrl(options.url), { headers: options.header })
    const file = path.join(this.tempDir, randomBytes(8).toString('hex'))
    writeFileSync(file, Buffer.from(await response.arrayBuffer()))
    return { tempFilePath: this.tempFileFor(file), statusCode: response.status }
  }
}

const systemInfo = {
  brand: 'devtools', model: 'iPhone 12', pixelRatio: 3, screenWidth: 390, screenHeight: 844, windowWidth: 390, windowHeight: 750,
  statusBarHeight: 47, language: 'zh_CN', version: '8.0.50', system: 'iOS 16.0', platform: 'ios', fontSizeSetting: 16,
  SDKVersion: '3.4.0', theme: 'light', safeArea: { left: 0, right: 390, top: 47, bottom: 810, width: 390, height: 763 },
}

function selectorQuery() {
  const query = {
    in: () => query,
    select: () => node,
    selectAll: () => node,
    selectViewport: () => node,
    exec: (callback?: (result: unknown[]) => void) => setTimeout(() => callback?.([null]), 0),
  }
  const node = {
    boundingClientRect: () => query,
    scrollOffset: () => query,
    fields: () => query,
    node: () => query,
    context: () => query,
  }
  return query
}

// ------------------------------------------------------------------ the data tree

/** Applies one `setData` key (a path such as `root.cn.[0].cn.[2].v`) to the page data. */
export function setPath(data: Record<string, unknown>, key: string, value: unknown) {
  const segments = key.split('.').flatMap((segment) => segment.split(/(?=\[)/)).map((segment) => {
    const index = /^\[(\d+)\]$/.exec(segment)
    return index ? Number(index[1]) : segment
  })
  let target: any = data
  segments.slice(0, -1).forEach((segment, i) => {
    if (target[segment] == null) target[segment] = typeof segments[i + 1] === 'number' ? [] : {}
    target = target[segment]
  })
  target[segments[segments.length - 1]] = value
}

function childrenOf(node: TreeNode | undefined): TreeNode[] {
  return Array.isArray(node?.cn) ? node!.cn : []
}

type RichText = (node: TreeNode) => string | undefined

/** The texts a node shows, leaf by leaf in tree order, as they are (a rich-text node is one leaf). */
function textPieces(node: TreeNode | undefined, richText: RichText): string[] {
  if (!node) return []
  if (typeof node.v === 'string') return [node.v]
  const rich = richText(node)
  return rich !== undefined ? [rich] : childrenOf(node).flatMap((child) => textPieces(child, richText))
}

function countNodes(node: TreeNode | undefined): number {
  if (!node) return 0
  return 1 + childrenOf(node).reduce((sum, child) => sum + countNodes(child), 0)
}

function matches(value: string, pattern: string | RegExp) {
  return typeof pattern === 'string' ? value.includes(pattern) : pattern.test(value)
}

function findNode(node: TreeNode | undefined, predicate: (node: TreeNode) => boolean): TreeNode | undefined {
  if (!node) return undefined
  for (const child of childrenOf(node)) {
    const found = findNode(child, predicate)
    if (found) return found
  }
  return predicate(node) ? node : undefined
}

/** What an element shows as one string, spaces kept as WeChat shows them (`第 1 / 5 题`). */
function shownText(node: TreeNode | undefined, richText: RichText): string {
  return textPieces(node, richText).join('')
}

/** The innermost element (not a text node) whose text contains `text`. */
function findByText(root: TreeNode | undefined, text: string | RegExp, richText: RichText) {
  return findNode(root, (node) => Boolean(node.sid) && typeof node.v !== 'string' && matches(shownText(node, richText), text))
}

/** The nodes from the root down to `target`. */
function pathTo(root: TreeNode | undefined, target: TreeNode): TreeNode[] {
  if (!root) return []
  if (root === target) return [root]
  for (const child of childrenOf(root)) {
    const below = pathTo(child, target)
    if (below.length) return [root, ...below]
  }
  return []
}

export interface ElementTemplate {
  tag: string
  /** WXML attribute name → the key Taro stores it under in the data tree (e.g. placeholder → p13). */
  props: Map<string, string>
  /** Events the template binds to the page's handler (tap, input, change …). */
  events: Set<string>
}

/** Reads Taro's base.wxml: for each node name, the element, its attribute keys and its events. */
export function readTemplates(wxml: string): Map<string, ElementTemplate> {
  const templates = new Map<string, ElementTemplate>()
  for (const match of wxml.matchAll(/<template name="tmpl_0_(\d+)(_blur)?">\s*<([\w-]+)([^>]*)>/g)) {
    const [, nn, , tag, attributes] = match
    if (tag === 'template') continue // an input's focus/blur switch: the _blur variant follows
    const props = new Map<string, string>()
    const events = new Set<string>()
    for (const [, name, value] of attributes.matchAll(/([\w:-]+)="([^"]*)"/g)) {
      if (value === 'eh' && name.startsWith('bind')) events.add(name.slice(4))
      const key = /\bi\.(\w+)/.exec(value)?.[1]
      if (key) props.set(name, key)
    }
    templates.set(nn, { tag, props, events })
  }
  return templates
}

function headersOf(response: Response): Record<string, string> {
  const header: Record<string, string> = {}
  response.headers.forEach((value, key) => {
    header[key] = value
  })
  return header
}
