export default definePageConfig({
  navigationBarTitleText: '成果需求审核',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
});
