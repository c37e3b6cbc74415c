export default definePageConfig({
  navigationBarTitleText: '文明承诺签名',
  enableShareAppMessage: true,
  enableShareTimeline: true,
})
