export default definePageConfig({ navigationBarTitleText: '名片请求' });
