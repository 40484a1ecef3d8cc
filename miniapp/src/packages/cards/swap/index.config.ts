export default definePageConfig({ navigationBarTitleText: '交换名片' });
