export default definePageConfig({ navigationBarTitleText: '小手牵大手进度', enablePullDownRefresh: true })
