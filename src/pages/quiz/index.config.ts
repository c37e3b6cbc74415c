export default definePageConfig({
  navigationBarTitleText: '文明知识有奖问答',
  enablePullDownRefresh: true,
  enableShareAppMessage: true,
})
