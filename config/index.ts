import { defineConfig, type UserConfigExport } from '@tarojs/cli'

// Mini-program output goes to dist/ (opened by WeChat DevTools); H5 to dist-h5/ (static hosting).
// TARO_OUTPUT_ROOT lets tests build into folders of their own.
const isH5 = process.env.TARO_ENV === 'h5'

export default defineConfig<'webpack5'>(() => {
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'wenming-chuangjian',
    date: '2026-11-28',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: process.env.TARO_OUTPUT_ROOT ?? (isH5 ? 'dist-h5' : 'dist'),
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    // The API the app talks to, baked in at build time (the contract's default for local use).
    env: {
    TARO_APP_API_BASE: JSON.stringify(process.env.TARO_APP_API_BASE ?? 'http://127.0.0.1:3000/api'),
    // The subscribe-message template for activity reminders (empty: no reminders asked for).
    TARO_APP_TEMPLATE_ACTIVITY: JSON.stringify(process.env.TARO_APP_TEMPLATE_ACTIVITY ?? ''),
  },
    copy: { patterns: [], options: {} },
    // Mini-program page trees are at most 6 element levels deep (each page's depth: test-results/weapp-pages.json):
    // 7 template levels render them all inline and cut base.wxml by 40%; a deeper node still renders, via Taro's `comp`.
    baseLevel: 7,
    // H5 is minified by esbuild (a build in about 27 s instead of 64 s, 4 % more bytes); the
    // mini-program by terser, whose compressions keep the main package within its budget.
    ...(isH5 ? { jsMinimizer: 'esbuild' as const, esbuild: { minify: { enable: true, config: { target: 'es2015' } } } } : {
      terser: {
        config: {
          // Taro turns most of terser's compressions off; terser's own defaults are safe and smaller.
          compress: {
            collapse_vars: true, comparisons: true, computed_props: true, hoist_props: true, inline: true, loops: true,
            negate_iife: true, properties: true, reduce_funcs: true, reduce_vars: true, switches: true, typeofs: true, passes: 2,
          },
          // UTF-8, not \uXXXX escapes: each Chinese character is 3 bytes instead of 6.
          output: { ascii_only: false },
        },
      }
    }),
    mini: {
      // Sizes: main package ≤ 400 KB, each subpackage ≤ 500 KB (tests/weapp/package-size.test.ts). Not
      // minifyXML: its html-minifier drops `</input>`, which wcc refuses (tests/weapp/wechat-compilers.test.ts).
      // zod ships ES2020 syntax (`?.`); compiled to the weapp target (babel.config.js) so iOS 12 parses it.
      compile: { include: [(file: string) => /node_modules[\\/]zod[\\/]/.test(file)] },
      webpackChain(chain) {
        // base.wxml repeats a template per level a component may nest in itself (scroll-view and form: 4).
        // Here neither ever contains another, so one level each (≈ 8 KB less); nesting one would not render.
        chain.plugin('miniPlugin').tap(([options]) => {
          const nestElements: Map<string, number> = options.combination.config.template.nestElements
          nestElements.set('scroll-view', 1)
          nestElements.set('form', 1)
          return [options]
        })
      },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      devServer: { port: Number(process.env.H5_PORT ?? 10086), host: '127.0.0.1' },
    },
  }
  return config
})
