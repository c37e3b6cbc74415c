export default definePageConfig({ navigationBarTitleText: '好人故事', enableShareAppMessage: true, enableShareTimeline: true })
