export default definePageConfig({ navigationBarTitleText: '专家详情', enablePullDownRefresh: true });
