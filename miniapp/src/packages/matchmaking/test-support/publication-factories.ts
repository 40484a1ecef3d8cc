import type {
  AchievementDetailView,
  AchievementListItemView,
  DemandDetailView,
  DemandListItemView,
  SelectionView,
} from '@alliance-hub/types';

/** View factories for the matchmaking screens' tests. */

let seq = 0;
const nextId = () => (0xa000 + ++seq).toString(16).padStart(24, '0');
const OWNER_ID = 'f'.repeat(24);

export function achievementItem(overrides: Partial<AchievementListItemView> = {}): AchievementListItemView {
  return {
    id: nextId(),
    title: '高强韧铝合金板材短流程制备技术',
    summary: '铸轧一体化，屈服强度提高 20%，能耗降低三成',
    fields: ['light_alloys'],
    keywords: ['铝合金', '短流程'],
    maturity: 'pilot',
    transferModes: ['license', 'joint_development'],
    priceWan: 300,
    priceNegotiable: false,
    owner: { id: OWNER_ID, name: '哈尔滨工业大学', kind: 'university' },
    status: 'published',
    publishedAt: '2026-11-01T02:00:00.000Z',
    updatedAt: '2026-11-01T02:00:00.000Z',
    rejectionReason: null,
    ...overrides,
  };
}

const permissions = { canEdit: false, canSubmit: false, canReview: false, canArchive: false };
const owner = {
  id: OWNER_ID,
  name: '哈尔滨工业大学',
  aliases: ['哈工大'],
  kind: 'university' as const,
  region: { province: '黑龙江省', city: '哈尔滨市' },
  allianceRole: 'vice_chair' as const,
};

export function achievementDetail(overrides: Partial<AchievementDetailView> = {}): AchievementDetailView {
  return {
    ...achievementItem(),
    detail: '第一段。\n第二段。',
    ip: [{ kind: 'invention_patent', number: 'ZL202110123456.7' }],
    owner,
    contacts: [
      {
        personId: 'c'.repeat(24),
        name: '王立群',
        title: '教授',
        contacts: { mobile: null, email: null, wechatId: null },
        contactsHidden: true,
      },
    ],
    interest: null,
    review: null,
    createdAt: '2026-10-30T02:00:00.000Z',
    permissions,
    ...overrides,
  };
}

export function demandItem(overrides: Partial<DemandListItemView> = {}): DemandListItemView {
  return {
    id: nextId(),
    title: '高温合金叶片精密铸造缺陷控制',
    excerpt: '叶片缩松缺陷率偏高，希望联合攻关',
    fields: ['superalloys'],
    keywords: ['精密铸造'],
    budgetMinWan: 50,
    budgetMaxWan: 120,
    budgetNegotiable: false,
    deadline: null,
    cooperationModes: ['joint_research'],
    progress: 'open',
    visibility: 'members',
    owner: { id: 'e'.repeat(24), name: '东北轻合金有限责任公司', kind: 'enterprise' },
    status: 'published',
    publishedAt: '2026-11-01T02:00:00.000Z',
    updatedAt: '2026-11-01T02:00:00.000Z',
    rejectionReason: null,
    ...overrides,
  };
}

export function demandDetail(overrides: Partial<DemandDetailView> = {}): DemandDetailView {
  return {
    ...demandItem(),
    description: '叶片缩松缺陷率偏高，希望联合攻关。',
    owner: { ...owner, id: 'e'.repeat(24), name: '东北轻合金有限责任公司', aliases: [], kind: 'enterprise' },
    contacts: [],
    interest: null,
    review: null,
    createdAt: '2026-10-30T02:00:00.000Z',
    permissions,
    ...overrides,
  };
}

export function selection(overrides: Partial<SelectionView> = {}): SelectionView {
  return {
    id: nextId(),
    event: { id: 'd'.repeat(24), title: '成果路演对接会' },
    item: {
      kind: 'achievement',
      id: 'b'.repeat(24),
      title: '高强韧铝合金板材',
      owner: { id: OWNER_ID, name: '哈尔滨工业大学' },
    },
    person: { id: 'c'.repeat(24), name: '周晓燕', title: '研发部经理' },
    organization: { id: 'e'.repeat(24), name: '东北轻合金有限责任公司', kind: 'enterprise' },
    note: '想了解量产成本',
    handled: false,
    handledAt: null,
    handledBy: null,
    createdAt: '2026-12-01T02:00:00.000Z',
    ...overrides,
  };
}
