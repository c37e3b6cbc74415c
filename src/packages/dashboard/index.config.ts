export default definePageConfig({ navigationBarTitleText: '参与统计', enablePullDownRefresh: true })
