/**
 * The directory at province scale for the benchmarks: organizations with capability text and
 * people with expertise, generated deterministically (the same data on every run, so runs compare)
 * and inserted in batches with their search keys, as the search benchmark has always loaded it.
 */
import { performance } from 'node:perf_hooks';
import { Types } from 'mongoose';
import { OrganizationModel } from '../src/features/organizations/organization.model';
import { PersonModel } from '../src/features/people/person.model';
import { orgSearchFields, personSearchFields } from '../src/features/directory/search-tokens';

// A deterministic generator so runs are comparable.
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)];

const CITIES = ['哈尔滨', '齐齐哈尔', '大庆', '佳木斯', '牡丹江', '沈阳', '长春', '大连', '鞍山', '吉林'];
const STEMS = [
  '华科',
  '龙江',
  '北方',
  '东方',
  '精工',
  '新材',
  '重工',
  '宏达',
  '鑫源',
  '恒通',
  '瑞丰',
  '中兴',
  '天元',
  '金石',
  '远航',
];
const TRADES = [
  '新材料',
  '轻合金',
  '装备制造',
  '电机',
  '化工',
  '轨道装备',
  '精密铸造',
  '焊接技术',
  '复合材料',
  '环保科技',
];
const SUFFIX = ['有限公司', '股份有限公司', '研究院', '研究所', '科技有限公司'];
const TECH = [
  '芳纶',
  '铝合金',
  '钛合金',
  '高温合金',
  '碳纤维',
  '石墨烯',
  '焊接',
  '热处理',
  '表面涂层',
  '增材制造',
  '粉末冶金',
  '超高分子量聚乙烯',
  '锂电池',
  '氢能',
  '工业软件',
];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡'];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
  '超',
  '秀英',
  '海峰',
  '立群',
  '思远',
];
const TITLES = ['教授', '研究员', '高级工程师', '总工程师', '技术总监', '副教授', '工程师', '研发经理'];

/** Inserts the organizations and people; resolves the seconds it took. */
export async function seedDirectory(orgCount: number, peopleCount: number): Promise<number> {
  const started = performance.now();
  const orgIds: Types.ObjectId[] = [];
  for (let i = 0; i < orgCount; i += 2000) {
    const batch = [];
    for (let j = i; j < Math.min(orgCount, i + 2000); j++) {
      const name = `${pick(CITIES)}${pick(STEMS)}${pick(TRADES)}${SUFFIX[j % SUFFIX.length]}${j}`;
      const capabilities = `${pick(TECH)}、${pick(TECH)}研发与${pick(TECH)}中试`;
      const _id = new Types.ObjectId();
      orgIds.push(_id);
      batch.push({
        _id,
        name,
        kind: pick(['enterprise', 'university', 'institute'] as const),
        capabilities,
        region: { province: '黑龙江省', city: pick(CITIES) },
        ...orgSearchFields({ name, capabilities }),
      });
    }
    await OrganizationModel.insertMany(batch, { lean: true });
  }
  for (let i = 0; i < peopleCount; i += 5000) {
    const batch = [];
    for (let j = i; j < Math.min(peopleCount, i + 5000); j++) {
      const name = `${pick(SURNAMES)}${pick(GIVEN)}`;
      const expertise = [pick(TECH), pick(TECH)];
      const title = pick(TITLES);
      batch.push({
        name,
        title,
        expertise,
        orgId: orgIds[j % orgIds.length],
        ...personSearchFields({ name, title, expertise }),
      });
    }
    await PersonModel.insertMany(batch, { lean: true });
  }
  return (performance.now() - started) / 1000;
}
