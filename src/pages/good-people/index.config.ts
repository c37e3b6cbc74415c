export default definePageConfig({ navigationBarTitleText: '身边好人', enablePullDownRefresh: true, enableShareAppMessage: true })
