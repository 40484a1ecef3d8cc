import { Types } from 'mongoose';
import {
  stageIndex,
  type ContractType,
  type FundingStatus,
  type IntentPartyRole,
  type IntentStage,
  type IntentStatus,
  type LostReason,
} from '@alliance-hub/types';
import { IntentModel, columnKey } from '../features/intents/intent.model';
import { OrganizationModel } from '../features/organizations/organization.model';
import { PersonModel } from '../features/people/person.model';
import { UserModel } from '../features/users/user.model';
import { demoOrganizationsFilter, demoPeopleFilter } from './demo-lookups';

/**
 * ~25 cooperation intents across stages, statuses and 2025–2026 for the demo alliance: stage
 * histories (a few back-dated), contracts and funding, some gone cold, lost ones with reasons,
 * and a rolling chain over two years (小试 → 中试 → 量产). Written directly (not through the
 * service) so the histories can lie in the past; keyed by client id, so a re-run adds nothing.
 */
type Party = [org: string, role: IntentPartyRole, people?: string[]];
type DemoIntent = {
  key: string;
  topic: string;
  parties: Party[];
  owner: '白衬衫·李明' | '白衬衫·陈静';
  fields: string[];
  /** Stage entries in order: [stage, effective date, note]; the last is the current stage. */
  path: Array<[IntentStage, string, string?]>;
  status?: IntentStatus;
  lost?: { reason: LostReason; note: string; at: string };
  contract?: {
    type: ContractType;
    amount: number;
    techAmount?: number;
    signedAt: string;
    termMonths?: number;
    registrationNo?: string;
  };
  funding?: Array<{ programme: string; amount: number; status: FundingStatus; at: string }>;
  /** Days ago of the last logged contact (none: stale by entering date alone). */
  contactDaysAgo?: number;
  parent?: string;
  /** Entered in the system this many days after it happened (a back-dated entry). */
  lateDays?: number;
};

const HIT = '哈尔滨工业大学';
const DQ = '大庆华科新材料有限公司';
const IMR = '中国科学院金属研究所';
const DQ_PEOPLE = ['周晓燕'];

const INTENTS: DemoIntent[] = [
  {
    key: 'chain-1',
    topic: '石墨负极材料小试工艺开发',
    parties: [
      [DQ, 'demand', DQ_PEOPLE],
      [HIT, 'supply', ['王立群']],
    ],
    owner: '白衬衫·李明',
    fields: ['new_energy'],
    path: [
      ['lead', '2025-03-12', '年会点菜式对接：大庆华科选了哈工大的负极包覆成果'],
      ['intent', '2025-04-20', '双方互访后形成合作意向'],
      ['negotiating', '2025-06-03'],
      ['signed', '2025-09-18', '签订技术开发（委托）合同'],
      ['executing', '2025-10-08'],
    ],
    status: 'done',
    contract: {
      type: 'dev_commission',
      amount: 80,
      techAmount: 80,
      signedAt: '2025-09-18',
      termMonths: 12,
      registrationNo: '2025230104000213',
    },
    funding: [{ programme: '省重点研发计划', amount: 50, status: 'received', at: '2025-12-10' }],
    contactDaysAgo: 200,
  },
  {
    key: 'chain-2',
    topic: '石墨负极材料中试线建设',
    parties: [
      [DQ, 'demand', DQ_PEOPLE],
      [HIT, 'supply', ['王立群']],
      ['龙江科创投资基金', 'investor'],
    ],
    owner: '白衬衫·李明',
    fields: ['new_energy'],
    path: [
      ['intent', '2026-01-15', '小试结题会上提出中试需求'],
      ['negotiating', '2026-03-02'],
      ['signed', '2026-06-28', '中试合同签约，基金跟投'],
      ['executing', '2026-08-01'],
    ],
    contract: {
      type: 'dev_cooperation',
      amount: 460,
      techAmount: 380,
      signedAt: '2026-06-28',
      termMonths: 18,
      registrationNo: '2026230104000388',
    },
    funding: [
      { programme: '省重点研发计划', amount: 200, status: 'approved', at: '2026-07-15' },
      { programme: '市科技成果转化专项', amount: 60, status: 'applied', at: '2026-09-01' },
    ],
    contactDaysAgo: 12,
    parent: 'chain-1',
  },
  {
    key: 'chain-3',
    topic: '石墨负极材料万吨级量产线',
    parties: [
      [DQ, 'demand', DQ_PEOPLE],
      ['龙江科创投资基金', 'investor'],
    ],
    owner: '白衬衫·李明',
    fields: ['new_energy'],
    path: [['lead', '2026-10-20', '中试数据达标，企业开始谋划量产']],
    contactDaysAgo: 5,
    parent: 'chain-2',
  },
  {
    key: 'weld-1',
    topic: '高强铝合金搅拌摩擦焊工艺联合开发',
    parties: [
      ['东北轻合金有限责任公司', 'demand'],
      ['哈尔滨焊接研究院有限公司', 'supply'],
    ],
    owner: '白衬衫·陈静',
    fields: ['metal_materials'],
    path: [
      ['lead', '2026-05-10'],
      ['intent', '2026-06-02'],
      ['negotiating', '2026-09-15', '报价差距约 20 万，约下月再谈'],
    ],
    contactDaysAgo: 40,
  },
  {
    key: 'rail-1',
    topic: '转向架焊缝智能检测系统',
    parties: [
      ['齐齐哈尔轨道交通装备有限责任公司', 'demand'],
      ['哈尔滨工程大学', 'supply'],
    ],
    owner: '白衬衫·陈静',
    fields: ['rail_transit', 'industrial_software_ai'],
    path: [
      ['lead', '2025-11-05'],
      ['intent', '2026-01-10'],
      ['negotiating', '2026-04-22'],
      ['signed', '2026-07-30'],
    ],
    contract: {
      type: 'dev_commission',
      amount: 150,
      techAmount: 150,
      signedAt: '2026-07-30',
      termMonths: 10,
      registrationNo: 'HLJ-2026-0731',
    },
    contactDaysAgo: 70,
  },
  {
    key: 'heavy-1',
    topic: '大型锻件热处理变形控制',
    parties: [
      ['中国第一重型机械股份公司', 'demand'],
      [IMR, 'supply', ['刘海峰']],
    ],
    owner: '白衬衫·李明',
    fields: ['metal_materials', 'equipment'],
    path: [
      ['lead', '2025-06-18'],
      ['intent', '2025-08-01'],
      ['negotiating', '2025-10-12'],
      ['signed', '2025-12-20'],
      ['executing', '2026-01-15'],
      ['industrialised', '2026-09-30', '新工艺上线，年节约返修费用约 300 万'],
    ],
    contract: {
      type: 'transfer',
      amount: 320,
      techAmount: 300,
      signedAt: '2025-12-20',
      termMonths: 24,
      registrationNo: '2025220104001120',
    },
    funding: [{ programme: '国家重点研发计划（课题）', amount: 180, status: 'received', at: '2026-03-01' }],
    contactDaysAgo: 30,
  },
  {
    key: 'motor-1',
    topic: '高效电机硅钢片冲压模具寿命提升',
    parties: [
      ['佳木斯电机股份有限公司', 'demand'],
      ['哈尔滨理工大学', 'supply'],
    ],
    owner: '白衬衫·陈静',
    fields: ['equipment'],
    path: [
      ['lead', '2026-02-14'],
      ['intent', '2026-03-20'],
    ],
    status: 'lost',
    lost: { reason: 'no_budget', note: '企业今年技改预算取消，明年再议', at: '2026-06-10' },
    contactDaysAgo: 175,
  },
  {
    key: 'aero-1',
    topic: '航空发动机叶片涂层寿命评估',
    parties: [
      ['中国航发沈阳黎明航空发动机有限责任公司', 'demand'],
      [IMR, 'supply', ['刘海峰']],
    ],
    owner: '白衬衫·李明',
    fields: ['aviation', 'metal_materials'],
    path: [
      ['lead', '2026-04-08'],
      ['intent', '2026-05-25'],
      ['negotiating', '2026-08-19'],
    ],
    status: 'on_hold',
    contactDaysAgo: 60,
  },
  {
    key: 'steel-1',
    topic: '鞍钢高强汽车板氢脆评价方法',
    parties: [
      ['鞍钢集团有限公司', 'demand'],
      ['东北大学', 'supply'],
    ],
    owner: '白衬衫·陈静',
    fields: ['metal_materials'],
    path: [['lead', '2026-10-28', '闭门对接会上初步交流']],
    contactDaysAgo: 25,
  },
  {
    key: 'graphite-2',
    topic: '鳞片石墨提纯废酸回收',
    parties: [
      ['鸡西贝特瑞石墨产业园有限公司', 'demand'],
      ['黑龙江省石墨产业技术研究院', 'supply'],
    ],
    owner: '白衬衫·李明',
    fields: ['environment', 'chemicals'],
    path: [
      ['lead', '2026-07-01'],
      ['intent', '2026-08-05'],
    ],
    contactDaysAgo: 45,
  },
  {
    key: 'coal-1',
    topic: '针状焦改性负极材料',
    parties: [
      ['七台河宝泰隆新材料股份有限公司', 'demand'],
      [HIT, 'supply', ['陈思远']],
    ],
    owner: '白衬衫·李明',
    fields: ['new_energy', 'chemicals'],
    path: [
      ['lead', '2025-09-09'],
      ['intent', '2025-10-20'],
      ['negotiating', '2026-01-08'],
    ],
    status: 'lost',
    lost: { reason: 'chose_other', note: '企业选择了南方一家院所的方案', at: '2026-03-15' },
    contactDaysAgo: 260,
  },
  {
    key: 'car-1',
    topic: '发动机缸体铸造缺陷在线识别',
    parties: [
      ['哈尔滨东安汽车发动机制造有限公司', 'demand'],
      ['黑龙江科技大学', 'supply'],
    ],
    owner: '白衬衫·陈静',
    fields: ['industrial_software_ai'],
    path: [
      ['lead', '2026-08-12'],
      ['intent', '2026-09-20'],
      ['negotiating', '2026-11-02'],
    ],
    contactDaysAgo: 8,
  },
  {
    key: 'c919-1',
    topic: '大飞机铝锂合金蒙皮成形',
    parties: [
      ['中国商飞上海飞机制造有限公司', 'demand'],
      ['东北轻合金有限责任公司', 'supply', ['赵敏']],
      [HIT, 'supply', ['王立群']],
    ],
    owner: '白衬衫·李明',
    fields: ['aviation', 'metal_materials'],
    path: [
      ['lead', '2025-04-15'],
      ['intent', '2025-06-30'],
      ['negotiating', '2025-09-10'],
      ['signed', '2026-03-18'],
      ['executing', '2026-04-10'],
    ],
    contract: {
      type: 'dev_cooperation',
      amount: 680,
      techAmount: 520,
      signedAt: '2026-03-18',
      termMonths: 30,
      registrationNo: '2026310104000052',
    },
    funding: [{ programme: '工信部产业基础再造工程', amount: 300, status: 'approved', at: '2026-05-20' }],
    contactDaysAgo: 95,
  },
  {
    key: 'powder-1',
    topic: '球形硅微粉表面改性',
    parties: [
      ['江苏联瑞新材料股份有限公司', 'demand'],
      ['中国科学院长春应用化学研究所', 'supply'],
    ],
    owner: '白衬衫·陈静',
    fields: ['ceramic_composites'],
    path: [
      ['lead', '2026-06-06'],
      ['intent', '2026-07-18'],
      ['negotiating', '2026-09-29'],
      ['signed', '2026-11-12', '补录：合同 11 月中旬已签'],
    ],
    lateDays: 9,
    contract: { type: 'license', amount: 90, techAmount: 90, signedAt: '2026-11-12', termMonths: 36 },
    contactDaysAgo: 10,
  },
  {
    key: 'tool-1',
    topic: '硬质合金刀具涂层国产化',
    parties: [
      ['牡丹江北方合金工具有限公司', 'demand'],
      ['北京科技大学', 'supply'],
      ['黑龙江省新材料产业协会', 'broker'],
    ],
    owner: '白衬衫·李明',
    fields: ['metal_materials'],
    path: [
      ['lead', '2026-09-02'],
      ['intent', '2026-10-10'],
    ],
    contactDaysAgo: 51,
  },
  {
    key: 'dq-2',
    topic: '聚烯烃催化剂载体国产替代',
    parties: [
      [DQ, 'demand', DQ_PEOPLE],
      ['吉林大学', 'supply'],
    ],
    owner: '白衬衫·陈静',
    fields: ['polymer_materials', 'chemicals'],
    path: [
      ['lead', '2026-10-05'],
      ['intent', '2026-11-03'],
    ],
    contactDaysAgo: 3,
  },
  {
    key: 'dq-3',
    topic: '特种工程塑料改性技术咨询',
    parties: [
      [DQ, 'demand', DQ_PEOPLE],
      ['大连理工大学', 'supply'],
    ],
    owner: '白衬衫·陈静',
    fields: ['polymer_materials'],
    path: [['lead', '2026-09-28', '周晓燕在活动上提到的需求']],
  },
  {
    key: 'rail-2',
    topic: '动车组车体铝型材焊接变形控制',
    parties: [
      ['中车长春轨道客车股份有限公司', 'demand'],
      ['哈尔滨焊接研究院有限公司', 'supply'],
    ],
    owner: '白衬衫·陈静',
    fields: ['rail_transit', 'metal_materials'],
    path: [
      ['lead', '2025-05-20'],
      ['intent', '2025-07-11'],
      ['negotiating', '2025-10-09'],
      ['signed', '2025-12-05'],
      ['executing', '2026-01-06'],
    ],
    contract: {
      type: 'service',
      amount: 45,
      techAmount: 45,
      signedAt: '2025-12-05',
      termMonths: 12,
      registrationNo: '2025220104000876',
    },
    contactDaysAgo: 20,
  },
  {
    key: 'power-1',
    topic: '水电机组转轮抗空蚀堆焊材料',
    parties: [
      ['哈尔滨电气集团有限公司', 'demand'],
      [IMR, 'supply', ['刘海峰']],
    ],
    owner: '白衬衫·李明',
    fields: ['equipment', 'metal_materials'],
    path: [
      ['lead', '2025-08-22'],
      ['intent', '2025-10-01'],
      ['negotiating', '2025-12-15'],
      ['signed', '2026-02-26'],
    ],
    contract: {
      type: 'dev_commission',
      amount: 210,
      techAmount: 190,
      signedAt: '2026-02-26',
      termMonths: 18,
      registrationNo: '2026230104000061',
    },
    contactDaysAgo: 15,
  },
  {
    key: 'wood-1',
    topic: '木塑复合材料耐候性提升',
    parties: [
      ['东北林业大学', 'supply'],
      ['黑龙江省新材料产业协会', 'broker'],
    ],
    owner: '白衬衫·陈静',
    fields: ['polymer_materials'],
    path: [['lead', '2026-03-03']],
    status: 'lost',
    lost: { reason: 'no_response', note: '多次联系需求企业无回应', at: '2026-06-20' },
  },
  {
    key: 'hit-cq',
    topic: '重庆研究院激光增材制造成果落地黑龙江',
    parties: [
      ['哈尔滨工业大学重庆研究院', 'supply'],
      ['哈尔滨创业投资集团有限公司', 'investor'],
    ],
    owner: '白衬衫·李明',
    fields: ['equipment'],
    path: [
      ['lead', '2026-06-15'],
      ['intent', '2026-07-28'],
      ['negotiating', '2026-10-16'],
    ],
    contactDaysAgo: 2,
  },
  {
    key: 'consult-1',
    topic: '铝合金再生利用产业规划咨询',
    parties: [
      ['东北轻合金有限责任公司', 'demand', ['赵敏']],
      ['黑龙江省科学院', 'supply'],
    ],
    owner: '白衬衫·陈静',
    fields: ['metal_materials', 'environment'],
    path: [
      ['lead', '2025-10-10'],
      ['negotiating', '2025-11-20'],
      ['signed', '2026-01-12'],
    ],
    status: 'done',
    contract: { type: 'consulting', amount: 18, techAmount: 18, signedAt: '2026-01-12', termMonths: 4 },
    contactDaysAgo: 150,
  },
  {
    key: 'back-1',
    topic: '轴承钢纯净度控制技术',
    parties: [
      ['鞍钢集团有限公司', 'demand'],
      ['北京科技大学', 'supply'],
    ],
    owner: '白衬衫·李明',
    fields: ['metal_materials'],
    path: [
      ['lead', '2026-04-01'],
      ['intent', '2026-05-12'],
      ['negotiating', '2026-07-07'],
      ['intent', '2026-09-14', '对方技术负责人调离，退回意向阶段重新对接'],
    ],
    contactDaysAgo: 35,
  },
  {
    key: 'lead-old',
    topic: '石墨烯导热膜中试合作',
    parties: [
      ['黑龙江省石墨产业技术研究院', 'supply'],
      [DQ, 'demand', DQ_PEOPLE],
    ],
    owner: '白衬衫·陈静',
    fields: ['new_energy', 'electronics'],
    path: [['lead', '2026-08-30']],
    contactDaysAgo: 28,
  },
];

const DAY = 24 * 3600_000;
// Dates are Shanghai calendar days: 10:00 that day.
const day = (d: string) => new Date(`${d}T10:00:00+08:00`);
const year = (d: Date) => new Date(d.getTime() + 8 * 3600_000).getUTCFullYear();

export async function seedDemoIntents(now: Date = new Date()): Promise<number> {
  const [orgs, people, users] = await Promise.all([
    OrganizationModel.find(demoOrganizationsFilter(), { name: 1 }).lean(),
    PersonModel.find(demoPeopleFilter(), { name: 1, orgId: 1 }).lean(),
    UserModel.find({ displayName: { $in: ['白衬衫·李明', '白衬衫·陈静'] } }, { displayName: 1 }).lean(),
  ]);
  const orgId = new Map(orgs.map((o) => [o.name, o._id]));
  const personId = new Map(people.map((p) => [`${p.orgId?.toHexString()}:${p.name}`, p._id]));
  const userId = new Map(users.map((u) => [u.displayName, u._id]));
  const ids = new Map<string, Types.ObjectId>();
  let made = 0;
  for (const demo of INTENTS) {
    const ownerId = userId.get(demo.owner);
    const parties = demo.parties.flatMap(([name, role, names]) => {
      const id = orgId.get(name);
      if (!id) return [];
      const personIds = (names ?? []).flatMap((n) => personId.get(`${id.toHexString()}:${n}`) ?? []);
      return [{ organizationId: id, role, personIds }];
    });
    if (!ownerId || parties.length === 0) continue;
    const history = demo.path.map(([to, date, note], i) => {
      const at = day(date);
      const recordedAt = new Date(
        at.getTime() + (i === demo.path.length - 1 && demo.lateDays ? demo.lateDays * DAY : 0),
      );
      return {
        _id: new Types.ObjectId(),
        from: i === 0 ? null : demo.path[i - 1][0],
        to,
        at,
        recordedAt,
        backdated: recordedAt.getTime() - at.getTime() > DAY,
        actorId: ownerId,
        note,
      };
    });
    const last = history[history.length - 1];
    const status = demo.status ?? 'active';
    const statusHistory = demo.lost
      ? [
          {
            _id: new Types.ObjectId(),
            from: 'active',
            to: 'lost',
            at: day(demo.lost.at),
            recordedAt: day(demo.lost.at),
            backdated: false,
            actorId: ownerId,
            lostReason: demo.lost.reason,
            note: demo.lost.note,
          },
        ]
      : status === 'done' || status === 'on_hold'
        ? [
            {
              _id: new Types.ObjectId(),
              from: 'active',
              to: status,
              at: last.at,
              recordedAt: last.at,
              backdated: false,
              actorId: ownerId,
            },
          ]
        : [];
    const reached = history.reduce((a, h) => (stageIndex(h.to) > stageIndex(a) ? h.to : a), history[0].to);
    const contract = demo.contract ? { ...demo.contract, signedAt: day(demo.contract.signedAt) } : null;
    const parentId = demo.parent ? ids.get(demo.parent) : undefined;
    const existed = await IntentModel.exists({ clientId: `demo-intent-${demo.key}` });
    const doc = await IntentModel.findOneAndUpdate(
      { clientId: `demo-intent-${demo.key}` },
      {
        $setOnInsert: {
          topic: demo.topic,
          topicSort: demo.topic.toLowerCase(),
          fields: demo.fields,
          parties,
          partyOrgIds: parties.map((p) => p.organizationId),
          ownerId,
          stage: last.to,
          status,
          stageReached: reached,
          column: columnKey(status, last.to),
          stageEnteredAt: last.at,
          stageHistory: history,
          statusHistory,
          years: [...new Set([...history, ...statusHistory].map((h) => year(h.at)))],
          lostReason: demo.lost?.reason,
          lostNote: demo.lost?.note,
          links: { achievementIds: [], demandIds: [], eventIds: [], interactionIds: [], match: null },
          source: { kind: 'manual' },
          contract,
          dealAmount: contract?.amount ?? 0,
          funding: (demo.funding ?? []).map((f) => ({ ...f, _id: new Types.ObjectId(), at: day(f.at) })),
          parentId,
          lastContactAt:
            demo.contactDaysAgo !== undefined
              ? new Date(now.getTime() - demo.contactDaysAgo * DAY)
              : undefined,
          memberReportedSigned: null,
          version: 0,
          createdBy: ownerId,
          clientId: `demo-intent-${demo.key}`,
          createdAt: history[0].recordedAt,
          updatedAt: [...history, ...statusHistory].reduce(
            (a, h) => (h.recordedAt > a ? h.recordedAt : a),
            last.recordedAt,
          ),
        },
      },
      { upsert: true, returnDocument: 'after', lean: true, timestamps: false },
    );
    if (!existed) made++;
    if (doc) ids.set(demo.key, doc._id);
  }
  return made;
}
