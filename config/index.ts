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
    mini: {
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
