export default definePageConfig({
  navigationBarTitleText: '文明创建',
  enablePullDownRefresh: true,
  enableShareAppMessage: true,
})
