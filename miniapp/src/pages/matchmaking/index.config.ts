export default definePageConfig({
  navigationBarTitleText: '对接',
});
