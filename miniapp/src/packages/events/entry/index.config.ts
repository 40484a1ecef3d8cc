export default definePageConfig({ navigationBarTitleText: '我的入场码' });
