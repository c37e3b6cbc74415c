export default definePageConfig({ navigationBarTitleText: '好人榜', enableShareAppMessage: true, enableShareTimeline: true })
