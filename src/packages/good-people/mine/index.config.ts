export default definePageConfig({ navigationBarTitleText: '我的推荐', enablePullDownRefresh: true })
