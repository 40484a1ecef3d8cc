import type { AllianceRole, IndustryFieldCode, OrgKind, Role } from '@alliance-hub/types';

/**
 * A small, realistic alliance to try the product with: a provincial "metal new materials"
 * alliance. Organization names are public institutions or plausible companies; every person,
 * mobile number and e-mail is invented.
 */
export type DemoOrg = {
  name: string;
  aliases?: string[];
  kind: OrgKind;
  province: string;
  city: string;
  fields: IndustryFieldCode[];
  allianceRole: AllianceRole;
  capabilities?: string;
  needs?: string;
};

export type DemoPerson = {
  name: string;
  title: string;
  org: string;
  expertise: string[];
  mobile: string;
  email?: string;
};
export type DemoUser = { displayName: string; role: Role; person?: string };

export const DEMO_ORGS: DemoOrg[] = [
  {
    name: '哈尔滨工业大学',
    aliases: ['哈工大'],
    kind: 'university',
    province: '黑龙江省',
    city: '哈尔滨市',
    fields: ['metal_materials', 'aviation'],
    allianceRole: 'chair',
    capabilities: '轻合金精密成形、焊接与连接技术、金属基复合材料、增材制造',
  },
  {
    name: '东北轻合金有限责任公司',
    aliases: ['东轻'],
    kind: 'enterprise',
    province: '黑龙江省',
    city: '哈尔滨市',
    fields: ['metal_materials', 'aviation'],
    allianceRole: 'vice_chair',
    capabilities: '高性能铝合金板带材、航空航天用铝材',
    needs: '大规格铝合金铸锭均匀化工艺优化；在线缺陷检测',
  },
  {
    name: '中国科学院金属研究所',
    aliases: ['金属所'],
    kind: 'institute',
    province: '辽宁省',
    city: '沈阳市',
    fields: ['metal_materials', 'new_energy'],
    allianceRole: 'vice_chair',
    capabilities: '高温合金、钛合金、腐蚀与防护、材料计算',
  },
  {
    name: '哈尔滨工程大学',
    aliases: ['哈工程'],
    kind: 'university',
    province: '黑龙江省',
    city: '哈尔滨市',
    fields: ['equipment', 'metal_materials'],
    allianceRole: 'director',
    capabilities: '船舶与海洋工程材料、焊接结构、耐蚀涂层',
  },
  {
    name: '齐齐哈尔轨道交通装备有限责任公司',
    aliases: ['齐车'],
    kind: 'enterprise',
    province: '黑龙江省',
    city: '齐齐哈尔市',
    fields: ['rail_transit', 'equipment'],
    allianceRole: 'director',
    needs: '车体轻量化用高强铝合金型材焊接变形控制',
  },
  {
    name: '中国第一重型机械股份公司',
    aliases: ['一重'],
    kind: 'enterprise',
    province: '黑龙江省',
    city: '齐齐哈尔市',
    fields: ['equipment', 'metal_materials'],
    allianceRole: 'director',
    capabilities: '大型铸锻件、核电与石化装备',
    needs: '超大型锻件晶粒度控制与无损检测',
  },
  {
    name: '黑龙江省科学院',
    kind: 'institute',
    province: '黑龙江省',
    city: '哈尔滨市',
    fields: ['polymer_materials', 'environment'],
    allianceRole: 'director',
    capabilities: '高分子材料改性、石墨深加工',
  },
  {
    name: '东北林业大学',
    aliases: ['东林'],
    kind: 'university',
    province: '黑龙江省',
    city: '哈尔滨市',
    fields: ['polymer_materials', 'agriculture'],
    allianceRole: 'member',
    capabilities: '木塑复合材料、生物质基高分子材料',
  },
  {
    name: '哈尔滨电气集团有限公司',
    aliases: ['哈电'],
    kind: 'enterprise',
    province: '黑龙江省',
    city: '哈尔滨市',
    fields: ['new_energy', 'equipment'],
    allianceRole: 'member',
    needs: '汽轮机叶片用高温合金寿命评估',
  },
  {
    name: '大庆华科新材料有限公司',
    kind: 'enterprise',
    province: '黑龙江省',
    city: '大庆市',
    fields: ['polymer_materials'],
    allianceRole: 'member',
    needs: '对位芳纶纤维国产化中试放大；芳纶纸浸渍工艺',
  },
  {
    name: '佳木斯电机股份有限公司',
    kind: 'enterprise',
    province: '黑龙江省',
    city: '佳木斯市',
    fields: ['equipment', 'electronics'],
    allianceRole: 'member',
    needs: '高效电机用硅钢片与绝缘材料',
  },
  {
    name: '黑龙江省新材料产业协会',
    kind: 'association',
    province: '黑龙江省',
    city: '哈尔滨市',
    fields: ['metal_materials', 'polymer_materials'],
    allianceRole: 'member',
  },
  {
    name: '哈尔滨市科学技术局',
    kind: 'government',
    province: '黑龙江省',
    city: '哈尔滨市',
    fields: [],
    allianceRole: 'non_member',
  },
  {
    name: '龙江科创投资基金',
    kind: 'investor',
    province: '黑龙江省',
    city: '哈尔滨市',
    fields: ['metal_materials', 'new_energy'],
    allianceRole: 'non_member',
    capabilities: '新材料早期项目投资',
  },
];

export const DEMO_PEOPLE: DemoPerson[] = [
  {
    name: '王立群',
    title: '教授、博士生导师',
    org: '哈尔滨工业大学',
    expertise: ['轻合金', '精密成形'],
    mobile: '13900000001',
    email: 'wanglq@example.edu.cn',
  },
  {
    name: '陈思远',
    title: '副教授',
    org: '哈尔滨工业大学',
    expertise: ['增材制造', '钛合金'],
    mobile: '13900000002',
  },
  {
    name: '刘海峰',
    title: '研究员',
    org: '中国科学院金属研究所',
    expertise: ['高温合金', '腐蚀防护'],
    mobile: '13900000003',
    email: 'liuhf@example.ac.cn',
  },
  {
    name: '赵敏',
    title: '技术中心主任',
    org: '东北轻合金有限责任公司',
    expertise: ['铝合金熔铸'],
    mobile: '13900000004',
  },
  {
    name: '孙志强',
    title: '总工程师',
    org: '齐齐哈尔轨道交通装备有限责任公司',
    expertise: ['焊接', '车体结构'],
    mobile: '13900000005',
  },
  {
    name: '周晓燕',
    title: '研发部经理',
    org: '大庆华科新材料有限公司',
    expertise: ['芳纶', '高分子纤维'],
    mobile: '13900000006',
    email: 'zhouxy@example.com',
  },
  {
    name: '吴建国',
    title: '副总经理',
    org: '中国第一重型机械股份公司',
    expertise: ['大型锻件'],
    mobile: '13900000007',
  },
  {
    name: '郑丽华',
    title: '教授',
    org: '东北林业大学',
    expertise: ['木塑复合材料', '生物质材料'],
    mobile: '13900000008',
  },
  {
    name: '马骏',
    title: '高级工程师',
    org: '哈尔滨电气集团有限公司',
    expertise: ['高温合金', '寿命评估'],
    mobile: '13900000009',
  },
  {
    name: '黄文博',
    title: '研究员',
    org: '黑龙江省科学院',
    expertise: ['石墨', '高分子改性'],
    mobile: '13900000010',
  },
];

/** Sign-in identities for the dev login chooser: one per role, linked where it makes sense. */
export const DEMO_USERS: DemoUser[] = [
  { displayName: '秘书处·王秘书长', role: 'secretariat' },
  { displayName: '白衬衫·李明', role: 'coordinator' },
  { displayName: '白衬衫·陈静', role: 'coordinator' },
  { displayName: '周晓燕', role: 'member', person: '周晓燕' },
  { displayName: '王立群', role: 'member', person: '王立群' },
  { displayName: '访客·小赵', role: 'guest' },
];
