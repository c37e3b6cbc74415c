export default definePageConfig({ navigationBarTitleText: '推荐审核', enablePullDownRefresh: true })
