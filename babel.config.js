// Taro's preset compiles the mini-program and H5 sources (src/).
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5', useBuiltIns: false }]],
}
