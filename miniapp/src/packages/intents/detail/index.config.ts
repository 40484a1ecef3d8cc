export default definePageConfig({ navigationBarTitleText: '合作意向', enablePullDownRefresh: true });
