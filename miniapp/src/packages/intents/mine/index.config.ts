export default definePageConfig({ navigationBarTitleText: '我的意向', enablePullDownRefresh: true });
