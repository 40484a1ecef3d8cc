export default definePageConfig({
  navigationBarTitleText: '发布需求',
});
