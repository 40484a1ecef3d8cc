export default definePageConfig({
  navigationBarTitleText: '联盟通',
  enablePullDownRefresh: true,
});
