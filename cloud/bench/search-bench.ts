/**
 * Directory search at province scale: p50/p95 of ranked Chinese search over 100,000
 * organizations and 300,000 people, on the embedded server (or MONGODB_URI). Printed, never
 * asserted. Sizes can be lowered for a quick run: BENCH_ORGS=10000 BENCH_PEOPLE=30000.
 */
import { performance } from 'node:perf_hooks';
import { Types } from 'mongoose';
import { connectDatabase } from '../src/database';
import { silentLogger } from '../src/logger';
import { OrganizationModel } from '../src/features/organizations/organization.model';
import { PersonModel } from '../src/features/people/person.model';
import { orgSearchFields, personSearchFields } from '../src/features/directory/search-tokens';
import { listOrganizations } from '../src/features/organizations/organization.service';
import { listPeople } from '../src/features/people/person.service';

const ORGS = Number(process.env.BENCH_ORGS ?? 100_000);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 300_000);
const QUERIES_PER_CASE = Number(process.env.BENCH_QUERIES ?? 50);

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

async function seedData() {
  const started = performance.now();
  const orgIds: Types.ObjectId[] = [];
  for (let i = 0; i < ORGS; i += 2000) {
    const batch = [];
    for (let j = i; j < Math.min(ORGS, i + 2000); j++) {
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
  for (let i = 0; i < PEOPLE; i += 5000) {
    const batch = [];
    for (let j = i; j < Math.min(PEOPLE, i + 5000); j++) {
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

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(label: string, run: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < QUERIES_PER_CASE; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { case: label, p50_ms: percentile(times, 50).toFixed(1), p95_ms: percentile(times, 95).toFixed(1) };
}

async function main() {
  const database = await connectDatabase({
    mongodbUri: process.env.MONGODB_URI,
    persist: false,
    logger: silentLogger(),
  });
  await OrganizationModel.deleteMany({});
  await PersonModel.deleteMany({});
  console.log(`seeding ${ORGS.toLocaleString()} organizations and ${PEOPLE.toLocaleString()} people…`);
  const seedSeconds = await seedData();
  console.log(`seeded in ${seedSeconds.toFixed(1)} s`);
  const rows = [
    await measure('orgs: 芳纶 (rare text word)', () => listOrganizations({ q: '芳纶', limit: 20 })),
    await measure('orgs: 铝合金 焊接 (two words)', () => listOrganizations({ q: '铝合金 焊接', limit: 20 })),
    await measure('orgs: 华科 (name)', () => listOrganizations({ q: '华科', limit: 20 })),
    await measure('orgs: kind filter, no query', () => listOrganizations({ kind: 'university', limit: 20 })),
    await measure('people: 王立群 (name)', () => listPeople({ q: '王立群', limit: 20 })),
    await measure('people: 高温合金 (expertise)', () => listPeople({ q: '高温合金', limit: 20 })),
  ];
  console.table(rows);
  await database.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
