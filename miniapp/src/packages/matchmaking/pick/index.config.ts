export default definePageConfig({
  navigationBarTitleText: '点菜式对接',
  onReachBottomDistance: 120,
});
