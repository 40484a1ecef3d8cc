import Taro from '@tarojs/taro';

/** Where the directory screens live (packages/directory is a subpackage, see app.config.ts). */
export const DIRECTORY_ROUTES = {
  org: (id: string) => `/packages/directory/org/index?id=${encodeURIComponent(id)}`,
  person: (id: string) => `/packages/directory/person/index?id=${encodeURIComponent(id)}`,
  orgEdit: (id: string) => `/packages/directory/org-edit/index?id=${encodeURIComponent(id)}`,
  personEdit: (id: string) => `/packages/directory/person-edit/index?id=${encodeURIComponent(id)}`,
  import: () => '/packages/directory/import/index',
} as const;

export function openOrganization(id: string): void {
  void Taro.navigateTo({ url: DIRECTORY_ROUTES.org(id) });
}

export function openPerson(id: string): void {
  void Taro.navigateTo({ url: DIRECTORY_ROUTES.person(id) });
}

/** Mainland provinces, regions and municipalities, for the 地区 filter and the edit form. */
export const PROVINCES = [
  '北京市',
  '天津市',
  '河北省',
  '山西省',
  '内蒙古自治区',
  '辽宁省',
  '吉林省',
  '黑龙江省',
  '上海市',
  '江苏省',
  '浙江省',
  '安徽省',
  '福建省',
  '江西省',
  '山东省',
  '河南省',
  '湖北省',
  '湖南省',
  '广东省',
  '广西壮族自治区',
  '海南省',
  '重庆市',
  '四川省',
  '贵州省',
  '云南省',
  '西藏自治区',
  '陕西省',
  '甘肃省',
  '青海省',
  '宁夏回族自治区',
  '新疆维吾尔自治区',
  '香港特别行政区',
  '澳门特别行政区',
  '台湾省',
] as const;
