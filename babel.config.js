// Taro's preset compiles the mini-program and H5 sources (src/).
// The weapp build targets what WeChat runs on (iOS 12's JavaScriptCore, Android's bundled V8) rather
// than package.json's browserslist (iOS 8): native async/classes/spread, ≈ 25 KB less in the main package.
const weappTargets = { ios: '12', chrome: '70' }

module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5', useBuiltIns: false, ...(process.env.TARO_ENV === 'weapp' ? { targets: weappTargets } : {}) }]],
}
