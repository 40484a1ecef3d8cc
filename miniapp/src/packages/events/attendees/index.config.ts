export default definePageConfig({ navigationBarTitleText: '参会名单', enablePullDownRefresh: true });
