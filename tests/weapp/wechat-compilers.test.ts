import { parse } from 'acorn'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { weappBuild } from '../support/build'
import { compileWxml, compileWxss, installWechatCompilers, problemOf, run, type WechatCompilers } from '../support/wechat-compilers'

// WeChat DevTools refuses to compile (so to preview or upload) the whole mini-program on one WXSS or WXML
// error, and the H5 tests cannot see those: WeChat's own compilers check the weapp build here.

let dist: string
let compilers: WechatCompilers

beforeAll(async () => {
  compilers = installWechatCompilers()
  dist = await weappBuild()
}, 300_000)

afterAll(() => compilers?.dispose())

/** Files under `dir` whose names end with one of `extensions`, relative to `dir`, with `/`. */
function filesOf(dir: string, extensions: string[]): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => name.split(path.sep).join('/'))
    .filter((name) => extensions.some((extension) => name.endsWith(extension)))
    .sort()
}

async function problems(files: string[], compile: (file: string) => Promise<string | null>): Promise<string[]> {
  return (await Promise.all(files.map(compile))).filter((problem): problem is string => problem !== null)
}

describe("WeChat's compilers on the weapp build", () => {
  // One call per file, so that a failure lists every bad file (a call for all stops at the first); the
  // 80-odd calls take well under a second.
  it('compiles every .wxss with wcsc', async () => {
    const files = filesOf(dist, ['.wxss'])
    expect(files).toContain('app.wxss')
    expect(files).toContain('packages/dashboard/index.wxss')
    expect(await problems(files, (file) => compileWxss(compilers.wcsc, dist, file))).toEqual([])
    // And all at once, as DevTools compiles them.
    expect(problemOf('all .wxss', await run(compilers.wcsc, ['-db', '-pc', '0', ...files], dist))).toBeNull()
  })

  it('compiles every .wxml and .wxs with wcc', async () => {
    const files = filesOf(dist, ['.wxml', '.wxs'])
    expect(files).toContain('base.wxml')
    expect(files).toContain('utils.wxs')
    expect(files).toContain('pages/index/index.wxml')
    expect(await problems(files, (file) => compileWxml(compilers.wcc, dist, file))).toEqual([])
    expect(problemOf('all .wxml and .wxs', await run(compilers.wcc, ['-d', ...files], dist))).toBeNull()
  })
})

// WeChat runs the JavaScript as uploaded (no ES6-to-ES5 step in our upload): on iOS in the system's
// JavaScriptCore, from iOS 12 (babel.config.js targets it). Its syntax level is ES2019 (optional
// catch binding yes; `?.`, `??` and class fields, which came with iOS 13.4 and 14.5, no).
describe('the JavaScript of the weapp build', () => {
  const iosTwelve = { ecmaVersion: 2019, sourceType: 'script' } as const

  it('parses as ES2019 in every file, as iOS 12 must run it', () => {
    const files = filesOf(dist, ['.js'])
    expect(files).toContain('vendors.js')
    const problems = files.flatMap((file) => {
      try {
        parse(readFileSync(path.join(dist, file), 'utf8'), iosTwelve)
        return []
      } catch (error) {
        return [`${file}: ${(error as Error).message}`]
      }
    })
    expect(problems).toEqual([])
  })

  it('refuses what iOS 12 cannot parse', () => {
    expect(() => parse('try { f() } catch { g() }', iosTwelve)).not.toThrow()
    for (const newer of ['a?.b', 'a ?? b', 'class A { x = 1 }']) expect(() => parse(newer, iosTwelve), newer).toThrow()
  })
})

// The checks above pass only if the compilers really ran and their complaints are read: broken files get reported.
describe('the compiler check itself', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wechat-compilers-probe-'))
    const files: Record<string, string> = {
      'ok.wxss': '.a > .b { color: red; }\n',
      'universal.wxss': '.a {\n  display: flex;\n}\n.a > * { flex: 1; }\n',
      'imports.wxss': '@import "./universal.wxss";\n.c { color: red; }\n',
      'local-font.wxss': '@font-face { font-family: x; src: url("./x.ttf"); }\n',
      'ok.wxml': '<view class="a">{{text}}</view>\n',
      'unclosed.wxml': '<view>\n  <text>x</text>\n',
      'es6.wxs': 'const a = 1;\nmodule.exports = { a: a };\n',
      'es5.wxs': 'var a = 1;\nmodule.exports = { a: a };\n',
      'with-module.wxml': '<wxs module="m" src="./es5.wxs" />\n<view>{{m.a}}</view>\n',
    }
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('names the file, line and token of a WXSS error, also through an @import, and a local url', async () => {
    expect(await compileWxss(compilers.wcsc, dir, 'ok.wxss')).toBeNull()
    expect(await compileWxss(compilers.wcsc, dir, 'universal.wxss')).toMatch(/universal\.wxss\(4:6\): error at token `\*`/)
    expect(await compileWxss(compilers.wcsc, dir, 'imports.wxss')).toMatch(/universal\.wxss\(4:6\): error at token `\*`/)
    expect(await compileWxss(compilers.wcsc, dir, 'local-font.wxss')).toMatch(/local-font\.wxss: local url \.\/x\.ttf/)
  })

  it('names the file and line of a WXML or WXS error', async () => {
    expect(await compileWxml(compilers.wcc, dir, 'ok.wxml')).toBeNull()
    expect(await compileWxml(compilers.wcc, dir, 'unclosed.wxml')).toMatch(/unclosed\.wxml:\d+:\d+: end tag missing/)
    expect(await compileWxml(compilers.wcc, dir, 'es6.wxs')).toMatch(/es6\.wxs:1:\d+:/)
    // A page's <wxs src> module goes on the command line with it, or wcc says `not found`.
    expect(await compileWxml(compilers.wcc, dir, 'with-module.wxml')).toBeNull()
  })

  it('fails a run that exits 0 but prints an error', () => {
    expect(problemOf('x', { code: 0, signal: null, stdout: 'var a;', stderr: 'ERR: x.wxss(1:1): error at token `*`' })).toMatch(/exit 0 but said/)
    expect(problemOf('x', { code: 0, signal: null, stdout: 'ERR: path `y.wxss` not found\nvar a;', stderr: '' })).toMatch(/exit 0 but said/)
    // The compiled JS itself says `binderror` and `console.error`: not a complaint.
    expect(problemOf('x', { code: 0, signal: null, stdout: "'binderror',console.error(e)", stderr: '' })).toBeNull()
  })
})
