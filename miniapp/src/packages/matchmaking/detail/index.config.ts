export default definePageConfig({
  navigationBarTitleText: '详情',
  enablePullDownRefresh: true,
  enableShareAppMessage: true,
});
