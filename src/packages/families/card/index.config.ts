export default definePageConfig({ navigationBarTitleText: '小手牵大手', enableShareAppMessage: true, enablePullDownRefresh: true })
