export default definePageConfig({
  navigationBarTitleText: '对接',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
});
