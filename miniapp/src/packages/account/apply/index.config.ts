export default definePageConfig({ navigationBarTitleText: '申请加入联盟' });
