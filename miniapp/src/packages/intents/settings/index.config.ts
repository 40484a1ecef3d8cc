export default definePageConfig({ navigationBarTitleText: '停滞提醒设置' });
