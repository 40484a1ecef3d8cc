/**
 * Achievement and demand search at province scale: p50/p95 of ranked Chinese search (jieba
 * words + bigram fallback) over 100,000 achievements and 100,000 demands, measured through the
 * services (server-side, no HTTP), on the embedded server or MONGODB_URI. Goal p95 < 50 ms.
 * Printed, never asserted. Smaller run: BENCH_ACHIEVEMENTS=10000 BENCH_DEMANDS=10000.
 */
import { performance } from 'node:perf_hooks';
import { Types } from 'mongoose';
import type { AchievementListQuery, DemandListQuery } from '@alliance-hub/types';
import { connectDatabase } from '../src/database';
import { silentLogger } from '../src/logger';
import type { Actor } from '../src/policy/policy';
import { AchievementModel } from '../src/features/achievements/achievement.model';
import { achievements } from '../src/features/achievements/achievement.service';
import { DemandModel } from '../src/features/demands/demand.model';
import { demands } from '../src/features/demands/demand.service';
import { OrganizationModel } from '../src/features/organizations/organization.model';
import { orgSearchFields } from '../src/features/directory/search-tokens';
import { publicationSearchFields } from '../src/features/publications/publication-search';

const ACHIEVEMENTS = Number(process.env.BENCH_ACHIEVEMENTS ?? 100_000);
const DEMANDS = Number(process.env.BENCH_DEMANDS ?? 100_000);
const ORGS = Number(process.env.BENCH_OWNERS ?? 2_000);
const QUERIES_PER_CASE = Number(process.env.BENCH_QUERIES ?? 50);
// Small insert batches: one big insertMany holds the in-process server long enough, on a busy
// machine, for the driver's heartbeat to time out and drop the connection.
const BATCH = 500;

// A deterministic generator so runs are comparable.
let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)];

const MATERIALS = [
  '芳纶',
  '铝合金',
  '钛合金',
  '高温合金',
  '镁合金',
  '碳纤维',
  '石墨烯',
  '特殊钢',
  '硬质合金',
  '复合材料',
  '陶瓷',
  '石墨',
  '稀土',
  '铜合金',
  '高分子',
];
const PROCESSES = [
  '焊接',
  '热处理',
  '增材制造',
  '粉末冶金',
  '激光熔覆',
  '表面改性',
  '轧制',
  '锻造',
  '铸造',
  '挤压成形',
  '涂层',
  '无损检测',
];
const PRODUCTS = [
  '叶片',
  '板材',
  '构件',
  '车体',
  '电池负极',
  '刀具',
  '轴承',
  '管材',
  '贮箱',
  '紧固件',
  '涂层体系',
  '检测系统',
];
const GOALS = ['降本', '提高寿命', '减重', '提升强度', '国产化替代', '节能降耗', '缺陷控制', '变形控制'];
const CITIES = ['哈尔滨', '齐齐哈尔', '大庆', '沈阳', '长春', '大连', '鞍山', '吉林'];
const TRADES = ['新材料', '轻合金', '装备制造', '精密铸造', '焊接技术', '重工', '科技'];
const FIELDS = [
  'metal_materials',
  'polymer_materials',
  'ceramic_composites',
  'equipment',
  'aviation',
  'new_energy',
];
const STATUSES = ['published', 'published', 'published', 'published', 'pending', 'draft'] as const;

type Owner = {
  _id: Types.ObjectId;
  name: string;
  aliases: string[];
  kind: 'enterprise' | 'university' | 'institute';
};

async function seedOwners(): Promise<Owner[]> {
  const owners: Owner[] = [];
  for (let i = 0; i < ORGS; i++) {
    const name = `${pick(CITIES)}${pick(TRADES)}有限公司${i}`;
    owners.push({
      _id: new Types.ObjectId(),
      name,
      aliases: i % 5 === 0 ? [`简称${i}`] : [],
      kind: pick(['enterprise', 'university', 'institute'] as const),
    });
  }
  await OrganizationModel.insertMany(
    owners.map((o) => ({
      ...o,
      region: { province: '黑龙江省', city: pick(CITIES) },
      ...orgSearchFields(o),
    })),
    { lean: true },
  );
  return owners;
}

function shared(owner: Owner, title: string, keywords: string[], text: string) {
  const fields = [pick(FIELDS)];
  return {
    title,
    fields,
    keywords,
    ownerOrgId: owner._id,
    ownerKind: owner.kind,
    ownerProvince: '黑龙江省',
    contactPersonIds: [],
    status: pick(STATUSES),
    createdBy: new Types.ObjectId(),
    // insertMany with `lean` skips mongoose's timestamps.
    createdAt: new Date(),
    updatedAt: new Date(),
    ...publicationSearchFields({
      title,
      keywords,
      texts: [text],
      ownerName: owner.name,
      ownerAliases: owner.aliases,
      fieldLabels: [],
    }),
  };
}

async function seedItems(owners: Owner[]) {
  const started = performance.now();
  for (let i = 0; i < ACHIEVEMENTS; i += BATCH) {
    const batch = [];
    for (let j = i; j < Math.min(ACHIEVEMENTS, i + BATCH); j++) {
      const [m, p, d] = [pick(MATERIALS), pick(PROCESSES), pick(PRODUCTS)];
      const summary = `面向${d}的${m}${p}技术，${pick(GOALS)}，已完成${pick(['实验室验证', '中试', '小批量试制'])}。`;
      batch.push({
        ...shared(pick(owners), `${m}${d}${p}技术${j}`, [m, p], summary),
        summary,
        maturity: pick(['lab', 'pilot', 'small_batch', 'industrialised'] as const),
        transferModes: [pick(['transfer', 'license', 'equity', 'joint_development', 'service'] as const)],
        priceNegotiable: true,
      });
    }
    await AchievementModel.insertMany(batch, { lean: true });
  }
  for (let i = 0; i < DEMANDS; i += BATCH) {
    const batch = [];
    for (let j = i; j < Math.min(DEMANDS, i + BATCH); j++) {
      const [m, p, d] = [pick(MATERIALS), pick(PROCESSES), pick(PRODUCTS)];
      const description = `我公司${d}生产中${m}${p}环节存在问题，希望${pick(GOALS)}，寻求高校院所合作。`;
      batch.push({
        ...shared(pick(owners), `${m}${d}${p}${pick(GOALS)}需求${j}`, [m], description),
        description,
        cooperationModes: [pick(['commissioned', 'joint_development', 'joint_research'] as const)],
        progress: pick(['open', 'open', 'in_talks', 'solved'] as const),
        visibility: j % 10 === 0 ? 'staff' : 'members',
        budgetNegotiable: true,
      });
    }
    await DemandModel.insertMany(batch, { lean: true });
  }
  return (performance.now() - started) / 1000;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function measure(label: string, run: () => Promise<unknown>) {
  await run(); // warm-up: jieba's dictionary and the first plan
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
  await Promise.all([
    AchievementModel.deleteMany({}),
    DemandModel.deleteMany({}),
    OrganizationModel.deleteMany({}),
  ]);
  await Promise.all([AchievementModel.syncIndexes(), DemandModel.syncIndexes()]);
  console.log(
    `seeding ${ACHIEVEMENTS.toLocaleString()} achievements and ${DEMANDS.toLocaleString()} demands…`,
  );
  const owners = await seedOwners();
  console.log(`seeded in ${(await seedItems(owners)).toFixed(1)} s`);
  // A member of one owner organization: sees published items and staff-only demands of their own.
  const member: Actor = {
    id: new Types.ObjectId(),
    role: 'member',
    status: 'active',
    orgId: owners[0]._id,
    personId: null,
    sessionId: new Types.ObjectId(),
  };
  const a = (q: Partial<AchievementListQuery>) => achievements.list(member, { limit: 20, ...q });
  const d = (q: Partial<DemandListQuery>) => demands.list(member, { limit: 20, ...q });
  const firstPage = await a({ q: '钛合金' });
  const rows = [
    await measure('achievements: 芳纶 (domain word)', () => a({ q: '芳纶' })),
    await measure('achievements: 钛合金 增材制造 (two words)', () => a({ q: '钛合金 增材制造' })),
    await measure('achievements: 钛合金, page 2', () =>
      a({ q: '钛合金', cursor: firstPage.nextCursor ?? undefined }),
    ),
    await measure('achievements: 合金叶 (bigram fallback)', () => a({ q: '合金叶' })),
    await measure('achievements: 简称10 (owner alias)', () => a({ q: '简称10' })),
    await measure('achievements: maturity filter, no query', () => a({ maturity: 'pilot' })),
    await measure('demands: 高温合金 (domain word)', () => d({ q: '高温合金' })),
    await measure('demands: 铝合金 焊接 + progress', () => d({ q: '铝合金 焊接', progress: 'open' })),
    await measure('demands: no query (visibility filter)', () => d({})),
  ];
  console.table(rows);
  await database.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
