export default definePageConfig({ navigationBarTitleText: '加入班级' })
