export default definePageConfig({ navigationBarTitleText: '推荐身边好人' })
