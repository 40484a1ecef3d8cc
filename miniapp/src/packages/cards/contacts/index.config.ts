export default definePageConfig({ navigationBarTitleText: '联系人', onReachBottomDistance: 120 });
