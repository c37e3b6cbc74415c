export default definePageConfig({ navigationBarTitleText: '文明实践活动', enablePullDownRefresh: true })
