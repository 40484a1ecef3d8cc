export default definePageConfig({ navigationBarTitleText: '编辑个人信息' });
