export default definePageConfig({ navigationBarTitleText: '意向看板' });
