export default definePageConfig({ navigationBarTitleText: '小手牵大手排名' })
