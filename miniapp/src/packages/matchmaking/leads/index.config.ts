export default definePageConfig({
  navigationBarTitleText: '对接线索',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
});
