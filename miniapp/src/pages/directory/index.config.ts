export default definePageConfig({
  navigationBarTitleText: '名录',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
});
