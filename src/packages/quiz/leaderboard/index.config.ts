export default definePageConfig({ navigationBarTitleText: '答题排行榜', enablePullDownRefresh: true })
