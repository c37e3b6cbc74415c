import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import stylelint from 'stylelint'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { root } from '../support/build'
import { installWechatCompilers, problemOf, run, type WechatCompilers } from '../support/wechat-compilers'

// The style lint (stylelint.config.mjs) refuses in the editor what WXSS cannot compile or silently breaks,
// so the mistake shows before a weapp build; wechat-compilers.test.ts checks the build itself.

const configFile = path.join(root, 'stylelint.config.mjs')

async function lintCode(code: string): Promise<string[]> {
  const { results } = await stylelint.lint({ code, codeFilename: path.join(root, 'src/probe.scss'), configFile })
  return results.flatMap((result) => result.warnings.map((warning) => warning.rule))
}

describe('npm run lint:styles', () => {
  it('finds nothing in src/**/*.scss', async () => {
    const { results } = await stylelint.lint({ files: 'src/**/*.scss', cwd: root, configFile })
    expect(results.length).toBeGreaterThan(40)
    const problems = results.flatMap((result) => [
      ...result.warnings.map((w) => `${path.relative(root, result.source ?? '?')}:${w.line}:${w.column} ${w.rule}: ${w.text}`),
      ...(result.parseErrors ?? []).map((e) => `${path.relative(root, result.source ?? '?')}: parse error: ${e.text}`),
      ...(result.invalidOptionWarnings ?? []).map((w) => `stylelint.config.mjs: ${w.text}`),
    ])
    expect(problems).toEqual([])
  })

  it('refuses a universal selector and an attribute selector, also nested as in SCSS', async () => {
    expect(await lintCode('.dates {\n  > * {\n    flex: 1;\n  }\n}\n')).toContain('selector-max-universal')
    expect(await lintCode('.button {\n  &[disabled] {\n    color: #fff;\n  }\n}\n')).toContain('selector-max-attribute')
    expect(await lintCode('.button {\n  &.is-disabled {\n    color: #fff;\n  }\n}\n')).toEqual([])
  })
})

// What WeChat's WXSS compiler wcsc does with each construct, measured here on every run, and whether the
// lint refuses it. The lint refuses what wcsc rejects or silently breaks, and what WeChat's docs forbid in
// pages with custom components (attribute, id and tag selectors: wcsc compiles them), nothing else.
type Wcsc = 'rejects' | 'compiles' | RegExp // a RegExp: compiles, and `wcsc -lc` prints this (the breakage)
const constructs: { css: string; wcsc: Wcsc; lint: 'refuses' | 'allows' }[] = [
  { css: '.a > * { color: red; }', wcsc: 'rejects', lint: 'refuses' },
  { css: '.a:not(*) { color: red; }', wcsc: 'rejects', lint: 'refuses' },
  { css: '.a:not(.b, .c) { color: red; }', wcsc: 'rejects', lint: 'refuses' },
  { css: '.a:not(.b .c) { color: red; }', wcsc: 'rejects', lint: 'refuses' },
  { css: '.a:is(.b > .c) { color: red; }', wcsc: 'rejects', lint: 'refuses' },
  { css: '.a:where(.b, .c) { color: red; }', wcsc: 'rejects', lint: 'refuses' },
  { css: '.a:has(.b .c) { color: red; }', wcsc: 'rejects', lint: 'refuses' },
  { css: '.a >>> .b { color: red; }', wcsc: 'rejects', lint: 'refuses' },
  { css: '.w-50\\% { width: 50%; }', wcsc: 'rejects', lint: 'refuses' },
  { css: '.中 { color: red; }', wcsc: 'rejects', lint: 'refuses' },
  { css: '@container (min-width: 1px) { .a { color: red; } }', wcsc: 'rejects', lint: 'refuses' },
  { css: '@layer base { .a { color: red; } }', wcsc: 'rejects', lint: 'refuses' },
  { css: '@namespace svg url(http://www.w3.org/2000/svg);', wcsc: 'rejects', lint: 'refuses' },
  { css: '@import url("ok.wxss");', wcsc: 'rejects', lint: 'refuses' },
  { css: ':root { --x: 1px; }', wcsc: /^ \{ --x: 1px; \}/, lint: 'refuses' }, // the selector is dropped
  { css: ':host { color: red; }', wcsc: /^\s*$/, lint: 'refuses' }, // the rule is dropped
  { css: '.a /deep/ .b { color: red; }', wcsc: /wx-eep/, lint: 'refuses' },
  { css: '.a { background-image: url("./a.png"); }', wcsc: /do-not-use-local-path/, lint: 'refuses' },
  { css: '@font-face { font-family: x; src: url("/x.ttf"); }', wcsc: /do-not-use-local-path/, lint: 'refuses' },
  { css: '.a[data-x] { color: red; }', wcsc: 'compiles', lint: 'refuses' },
  { css: '#a { color: red; }', wcsc: 'compiles', lint: 'refuses' },
  { css: '.a text { color: red; }', wcsc: 'compiles', lint: 'refuses' },
  { css: '.a > .b, .a + .b, .a ~ .b { color: red; }', wcsc: 'compiles', lint: 'allows' },
  { css: '.a:not(.b.c), .a:not(:nth-child(2n + 1)), .a:is(.b), .a:has(> .b) { color: red; }', wcsc: 'compiles', lint: 'allows' },
  { css: '.a::before, .a::after { content: "x"; }', wcsc: 'compiles', lint: 'allows' },
  { css: '.a:first-child, .a:last-child, .a:nth-child(odd), .a:active { color: red; }', wcsc: 'compiles', lint: 'allows' },
  { css: 'page, body { color: red; }', wcsc: 'compiles', lint: 'allows' },
  { css: '@media (min-width: 1px) { .a { color: red; } }', wcsc: 'compiles', lint: 'allows' },
  { css: '@supports (display: grid) { .a { display: grid; } }', wcsc: 'compiles', lint: 'allows' },
  { css: '@keyframes k { from { opacity: 0; } 50% { opacity: 1; } }', wcsc: 'compiles', lint: 'allows' },
  { css: '.a { --x: 10px; width: calc(100% - var(--x, 1px)) !important; padding: env(safe-area-inset-bottom); }', wcsc: 'compiles', lint: 'allows' },
  { css: '@font-face { font-family: x; src: url("https://example.cn/x.woff2"); }', wcsc: 'compiles', lint: 'allows' },
  { css: '.a { background-image: url("data:image/png;base64,AAAA"); }', wcsc: 'compiles', lint: 'allows' },
  { css: '@import "ok.wxss";\n.a { color: red; }', wcsc: 'compiles', lint: 'allows' },
]

describe('what WXSS takes, and the lint with it', () => {
  let compilers: WechatCompilers
  let dir: string
  beforeAll(() => {
    compilers = installWechatCompilers()
    dir = mkdtempSync(path.join(tmpdir(), 'wxss-constructs-'))
    writeFileSync(path.join(dir, 'ok.wxss'), '.ok { color: red; }\n')
  })
  afterAll(() => {
    compilers?.dispose()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it.each(constructs)('$css: wcsc $wcsc, lint $lint', async ({ css, wcsc, lint }) => {
    writeFileSync(path.join(dir, 'probe.wxss'), `${css}\n`)
    const imports = css.includes('@import "ok.wxss"') ? ['ok.wxss'] : []
    const compiled = problemOf('probe.wxss', await run(compilers.wcsc, ['-db', '-pc', '1', 'probe.wxss', ...imports], dir))
    if (wcsc === 'rejects') expect(compiled).toMatch(/probe\.wxss/)
    else if (wcsc === 'compiles') expect(compiled).toBeNull()
    else expect((await run(compilers.wcsc, ['-lc', 'probe.wxss', ...imports], dir)).stdout).toMatch(wcsc)
    const rules = await lintCode(`${css}\n`)
    if (lint === 'refuses') expect(rules).not.toEqual([])
    else expect(rules).toEqual([])
  })
})
