import { z } from './zod';
import { IsoDateTime, ObjectIdString, Text } from './common';
import { PageQuery, cursorParam, type CursorShape } from './pagination';
import { ClientId } from './interactions';
import { Paragraphs } from './publications';
import { MATCH_TARGET_KINDS } from './matching';

/**
 * Cooperation intents (合作意向, issue 14): the pipeline from first contact to signed contract
 * to industrialisation, across years. The rules behind these shapes live in
 * cloud/src/features/intents/intent.service.ts.
 */

// ---- enums ---------------------------------------------------------------------------------

/** In pipeline order: an index comparison says which stage is further. */
export const INTENT_STAGES = [
  'lead',
  'intent',
  'negotiating',
  'signed',
  'executing',
  'industrialised',
] as const;
export const IntentStage = z.enum(INTENT_STAGES, { error: '请选择阶段' });
export type IntentStage = z.infer<typeof IntentStage>;
export const INTENT_STAGE_LABELS: Record<IntentStage, string> = {
  lead: '线索',
  intent: '意向',
  negotiating: '洽谈',
  signed: '签约',
  executing: '执行',
  industrialised: '产业化',
};
export const stageIndex = (stage: IntentStage): number => INTENT_STAGES.indexOf(stage);
/** Stages at which a contract exists: entering one needs the contract's type, amount and date. */
export const CONTRACT_STAGES = [
  'signed',
  'executing',
  'industrialised',
] as const satisfies readonly IntentStage[];
export const needsContract = (stage: IntentStage): boolean => stageIndex(stage) >= stageIndex('signed');

/** active and on_hold are "open": they can still move, or be lost. */
export const INTENT_STATUSES = ['active', 'on_hold', 'lost', 'done'] as const;
export const IntentStatus = z.enum(INTENT_STATUSES, { error: '请选择状态' });
export type IntentStatus = z.infer<typeof IntentStatus>;
export const INTENT_STATUS_LABELS: Record<IntentStatus, string> = {
  active: '推进中',
  on_hold: '暂缓',
  lost: '未成',
  done: '已完成',
};
export const OPEN_INTENT_STATUSES = ['active', 'on_hold'] as const satisfies readonly IntentStatus[];

/** Why an intent came to nothing: a fixed list so the yearly report can count them. */
export const LOST_REASONS = [
  'no_budget',
  'tech_mismatch',
  'terms_disagreement',
  'partner_withdrew',
  'chose_other',
  'strategy_change',
  'no_response',
  'other',
] as const;
export const LostReason = z.enum(LOST_REASONS, { error: '请选择未成原因' });
export type LostReason = z.infer<typeof LostReason>;
export const LOST_REASON_LABELS: Record<LostReason, string> = {
  no_budget: '资金不到位',
  tech_mismatch: '技术不匹配',
  terms_disagreement: '合作条件谈不拢',
  partner_withdrew: '一方退出',
  chose_other: '选择了其他合作方',
  strategy_change: '政策或战略调整',
  no_response: '长期联系不上',
  other: '其他原因',
};

export const INTENT_PARTY_ROLES = ['demand', 'supply', 'broker', 'investor'] as const;
export const IntentPartyRole = z.enum(INTENT_PARTY_ROLES, { error: '请选择参与方角色' });
export type IntentPartyRole = z.infer<typeof IntentPartyRole>;
export const INTENT_PARTY_ROLE_LABELS: Record<IntentPartyRole, string> = {
  demand: '需求方',
  supply: '供给方',
  broker: '中介方',
  investor: '投资方',
};

/** The technology-contract categories of 技术合同认定登记. */
export const CONTRACT_TYPES = [
  'dev_commission',
  'dev_cooperation',
  'transfer',
  'license',
  'consulting',
  'service',
] as const;
export const ContractType = z.enum(CONTRACT_TYPES, { error: '请选择合同类型' });
export type ContractType = z.infer<typeof ContractType>;
export const CONTRACT_TYPE_LABELS: Record<ContractType, string> = {
  dev_commission: '技术开发（委托）',
  dev_cooperation: '技术开发（合作）',
  transfer: '技术转让',
  license: '技术许可',
  consulting: '技术咨询',
  service: '技术服务',
};

export const FUNDING_STATUSES = ['applied', 'approved', 'received'] as const;
export const FundingStatus = z.enum(FUNDING_STATUSES, { error: '请选择资金状态' });
export type FundingStatus = z.infer<typeof FundingStatus>;
export const FUNDING_STATUS_LABELS: Record<FundingStatus, string> = {
  applied: '已申报',
  approved: '已立项',
  received: '已到位',
};

export const INTENT_SOURCE_KINDS = ['manual', 'selection', 'match', 'interaction', 'import'] as const;
export const IntentSourceKind = z.enum(INTENT_SOURCE_KINDS);
export type IntentSourceKind = z.infer<typeof IntentSourceKind>;
export const INTENT_SOURCE_LABELS: Record<IntentSourceKind, string> = {
  manual: '手工录入',
  selection: '点菜式对接',
  match: '精准对接',
  interaction: '互动记录',
  import: '历史导入',
};

// ---- stale rule ----------------------------------------------------------------------------

/** Stages an intent can go cold at; industrialised is the end of the road. */
export const STALE_STAGES = ['lead', 'intent', 'negotiating', 'signed', 'executing'] as const;
export type StaleStage = (typeof STALE_STAGES)[number];
/** Days without logged contact after which an active intent is stale (secretariat may change). */
export const DEFAULT_STALE_DAYS: Record<StaleStage, number> = {
  lead: 14,
  intent: 30,
  negotiating: 21,
  signed: 60,
  executing: 90,
};

const StaleDays = z
  .number({ error: '请输入天数' })
  .int('天数应为整数')
  .min(1, '至少 1 天')
  .max(365, '最多 365 天');

/**
 * GET/PUT /api/v1/intents/settings (PUT: secretariat only). `version` is what the editor loaded
 * (0 = never saved, the defaults): a stale one answers 409 with `details.current`.
 */
export const IntentSettingsBody = z.strictObject({
  version: z.number({ error: '缺少版本号，请刷新后重试' }).int().min(0),
  staleDays: z.strictObject({
    lead: StaleDays,
    intent: StaleDays,
    negotiating: StaleDays,
    signed: StaleDays,
    executing: StaleDays,
  }),
});
export type IntentSettingsBody = z.infer<typeof IntentSettingsBody>;
export const IntentSettingsView = IntentSettingsBody.extend({
  updatedAt: z.string().nullable(),
  updatedBy: z.object({ id: z.string(), displayName: z.string() }).nullable(),
});
export type IntentSettingsView = z.infer<typeof IntentSettingsView>;

// ---- registration number -------------------------------------------------------------------

/**
 * 技术合同登记号: formats differ by province (most read year + region code + serial, e.g.
 * 2025230104000123), so an unusual one is stored with a warning for the secretariat to check,
 * never refused.
 */
export const REGISTRATION_NO_PATTERN = /^(19|20)\d{2}[0-9A-Z]{6,16}$/;
export function registrationNoWarning(registrationNo: string | null | undefined): string | null {
  if (!registrationNo) return null;
  return REGISTRATION_NO_PATTERN.test(registrationNo)
    ? null
    : '登记号与常见格式（年份 + 地区代码 + 流水号，共 10–20 位数字或大写字母）不一致，请核对';
}

// ---- inputs --------------------------------------------------------------------------------

export const INTENT_LIMITS = {
  topic: 80,
  description: 2000,
  note: 500,
  lostNote: 500,
  parties: 10,
  personsPerParty: 10,
  fields: 5,
  links: 50,
  funding: 20,
  programme: 60,
  registrationNo: 40,
} as const;

/** 万元 with at most four decimals (down to 1 元); 0 allowed (a free consulting contract). */
export const IntentAmountWan = z
  .number({ error: '请输入金额（万元）' })
  .min(0, '金额不能为负数')
  .max(10_000_000, '金额不能超过 10000000 万元')
  .refine((n) => Math.abs(Math.round(n * 10_000) - n * 10_000) < 1e-6, '金额最多保留四位小数（精确到元）');

const distinctIds = (max: number, what: string) =>
  z
    .array(ObjectIdString)
    .max(max, `最多关联 ${max} 个${what}`)
    .refine((ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length, `${what}不能重复`);

export const IntentPartyInput = z.strictObject({
  organizationId: ObjectIdString,
  role: IntentPartyRole,
  personIds: distinctIds(INTENT_LIMITS.personsPerParty, '联系人').default([]),
});
export type IntentPartyInput = z.input<typeof IntentPartyInput>;

export const IntentParties = z
  .array(IntentPartyInput, { error: '请添加参与单位' })
  .min(1, '请至少添加 1 个参与单位')
  .max(INTENT_LIMITS.parties, `最多 ${INTENT_LIMITS.parties} 个参与单位`)
  .refine(
    (parties) => new Set(parties.map((p) => p.organizationId.toLowerCase())).size === parties.length,
    '同一单位只能添加一次',
  );

export const IntentFields = z
  .array(z.string().min(1).max(40))
  .max(INTENT_LIMITS.fields, `最多选择 ${INTENT_LIMITS.fields} 个领域`)
  .refine((codes) => new Set(codes).size === codes.length, '领域不能重复');

export const IntentLinksInput = z.strictObject({
  achievementIds: distinctIds(INTENT_LIMITS.links, '成果').default([]),
  demandIds: distinctIds(INTENT_LIMITS.links, '需求').default([]),
  eventIds: distinctIds(INTENT_LIMITS.links, '活动').default([]),
  interactionIds: distinctIds(INTENT_LIMITS.links, '互动记录').default([]),
});
export type IntentLinksInput = z.input<typeof IntentLinksInput>;

/**
 * The contract, required (type, amount, signedAt) to enter 签约 or a later stage. 技术交易额 is the
 * technology part of 成交额, so it cannot exceed it.
 */
export const ContractInput = z
  .strictObject({
    type: ContractType,
    amount: IntentAmountWan,
    techAmount: IntentAmountWan.optional(),
    signedAt: IsoDateTime,
    termMonths: z
      .number({ error: '请输入合同期限（月）' })
      .int('期限应为整数月')
      .min(1, '期限至少 1 个月')
      .max(600, '期限最多 600 个月')
      .optional(),
    registrationNo: Text(INTENT_LIMITS.registrationNo).optional(),
  })
  .refine((c) => c.techAmount === undefined || c.techAmount <= c.amount, {
    message: '技术交易额不能大于成交额',
    path: ['techAmount'],
  });
export type ContractInput = z.input<typeof ContractInput>;

export const FundingInput = z.strictObject({
  /** Present when editing an entry already stored. */
  id: ObjectIdString.optional(),
  programme: Text(INTENT_LIMITS.programme),
  amount: IntentAmountWan,
  status: FundingStatus,
  at: IsoDateTime,
});
export type FundingInput = z.input<typeof FundingInput>;
export const FundingList = z
  .array(FundingInput)
  .max(INTENT_LIMITS.funding, `最多 ${INTENT_LIMITS.funding} 项资金`);

/** Where the intent came from; the server checks the record exists and links it. */
export const IntentFrom = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('manual') }),
  /** A 点菜式 tick: marked handled once the intent exists. */
  z.strictObject({ kind: z.literal('selection'), selectionId: ObjectIdString }),
  z.strictObject({ kind: z.literal('interaction'), interactionId: ObjectIdString }),
  /** A match marked 已对接. */
  z.strictObject({ kind: z.literal('match'), demandId: ObjectIdString, achievementId: ObjectIdString }),
]);
export type IntentFrom = z.infer<typeof IntentFrom>;

/**
 * POST /api/v1/intents — idempotent by `clientId` (a retry answers 200 with the same intent).
 * `stage` defaults to 线索 and `at` (when it got there) to now; an `at` more than a day back is
 * flagged as back-dated. Coordinators and the secretariat only; `ownerUserId` defaults to me.
 */
export const IntentCreateBody = z.strictObject({
  clientId: ClientId,
  topic: Text(INTENT_LIMITS.topic, 2),
  description: Paragraphs(INTENT_LIMITS.description).optional(),
  fields: IntentFields.default([]),
  parties: IntentParties,
  ownerUserId: ObjectIdString.optional(),
  stage: IntentStage.default('lead'),
  at: IsoDateTime.optional(),
  /** Staff-internal note on the first history entry: never shown to members. */
  note: Text(INTENT_LIMITS.note).optional(),
  links: IntentLinksInput.default({ achievementIds: [], demandIds: [], eventIds: [], interactionIds: [] }),
  from: IntentFrom.default({ kind: 'manual' }),
  parentId: ObjectIdString.optional(),
  contract: ContractInput.optional(),
  funding: FundingList.default([]),
});
export type IntentCreateBody = z.input<typeof IntentCreateBody>;
export type IntentCreateInput = z.output<typeof IntentCreateBody>;

const Version = z.number({ error: '缺少版本号，请刷新后重试' }).int().min(0);

/**
 * PATCH /api/v1/intents/:id — any subset plus the `version` last seen; a stale version is 409
 * with `details.current`. Stage and status change only through POST /:id/stage.
 * `null` clears description, parent, contract (only below 签约) or the staff note.
 */
export const IntentUpdateBody = z
  .strictObject({
    version: Version,
    topic: Text(INTENT_LIMITS.topic, 2).optional(),
    description: Paragraphs(INTENT_LIMITS.description).nullable().optional(),
    fields: IntentFields.optional(),
    parties: IntentParties.optional(),
    ownerUserId: ObjectIdString.optional(),
    links: IntentLinksInput.optional(),
    parentId: ObjectIdString.nullable().optional(),
    contract: ContractInput.nullable().optional(),
    funding: FundingList.optional(),
    /** Staff-internal remark on the intent as a whole. */
    staffNote: Text(INTENT_LIMITS.note).nullable().optional(),
  })
  .refine((body) => Object.keys(body).some((key) => key !== 'version'), { message: '没有需要保存的修改' });
export type IntentUpdateBody = z.input<typeof IntentUpdateBody>;
export type IntentUpdateInput = z.output<typeof IntentUpdateBody>;

/**
 * POST /api/v1/intents/:id/stage — move the stage (`to`, any direction, recorded) and/or the
 * status. `status: 'lost'` needs `lostReason` and `lostNote` and keeps the stage reached;
 * `status: 'active'` reopens an on-hold, lost or done intent. `to` at 签约 or later needs a
 * contract (stored or sent here). `at` is when it happened (default now; back-dated is flagged).
 */
export const IntentStageBody = z
  .strictObject({
    version: Version,
    to: IntentStage.optional(),
    status: IntentStatus.optional(),
    at: IsoDateTime.optional(),
    note: Text(INTENT_LIMITS.note).optional(),
    lostReason: LostReason.optional(),
    lostNote: Text(INTENT_LIMITS.lostNote).optional(),
    contract: ContractInput.optional(),
  })
  .refine((b) => b.to !== undefined || b.status !== undefined, { message: '请选择要变更的阶段或状态' })
  .refine((b) => b.status !== 'lost' || b.lostReason !== undefined, {
    message: '请选择未成原因',
    path: ['lostReason'],
  })
  .refine((b) => b.status !== 'lost' || b.lostNote !== undefined, {
    message: '请简要说明未成的经过',
    path: ['lostNote'],
  })
  .refine((b) => b.status === 'lost' || (b.lostReason === undefined && b.lostNote === undefined), {
    message: '只有标记为未成时才填写未成原因',
    path: ['lostReason'],
  });
export type IntentStageBody = z.input<typeof IntentStageBody>;
export type IntentStageInput = z.output<typeof IntentStageBody>;

/** POST /api/v1/intents/:id/report-signed — a member of a party says "we signed"; staff confirm. */
export const IntentReportSignedBody = z.strictObject({
  signedAt: IsoDateTime.optional(),
  note: Text(INTENT_LIMITS.note).optional(),
});
export type IntentReportSignedBody = z.infer<typeof IntentReportSignedBody>;

// ---- lists ---------------------------------------------------------------------------------

export const INTENT_SORTS = ['updatedAt', 'stageEnteredAt', 'createdAt', 'amount', 'topic'] as const;
export const IntentSort = z.enum(INTENT_SORTS, { error: '请选择排序方式' });
export type IntentSort = z.infer<typeof IntentSort>;
export const INTENT_SORT_LABELS: Record<IntentSort, string> = {
  updatedAt: '最近更新',
  stageEnteredAt: '进入阶段时间',
  createdAt: '创建时间',
  amount: '成交额',
  topic: '名称',
};

/**
 * The list's cursor: the sort value (epoch ms, or the amount in 元, or for `topic` the offset)
 * and the _id breaking ties.
 */
export const INTENT_CURSOR = ['count', 'id'] as const satisfies CursorShape;
export const INTENT_TIME_CURSOR = ['time', 'id'] as const satisfies CursorShape;

const YesNo = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Filters shared by the list, the board and the export. */
export const IntentFilterQuery = z.strictObject({
  /** Owner = me. */
  mine: YesNo.optional(),
  ownerId: ObjectIdString.optional(),
  /** An organization that is a party. */
  orgId: ObjectIdString.optional(),
  stage: IntentStage.optional(),
  /** Default: open ones (active and on hold). */
  status: z.union([IntentStatus, z.literal('open'), z.literal('all')]).default('open'),
  field: z.string().min(1).max(40).optional(),
  /** Intents with a stage entry dated in that year (Asia/Shanghai). */
  year: z.coerce.number().int().min(2000).max(2099).optional(),
  q: Text(40).optional(),
  stale: YesNo.optional(),
});
export type IntentFilterQuery = z.infer<typeof IntentFilterQuery>;

/** GET /api/v1/intents — sorted, cursor-paged; `order` defaults to desc. */
export const IntentListQuery = IntentFilterQuery.extend({
  sort: IntentSort.default('updatedAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  cursor: z.string().max(200).optional(),
  limit: PageQuery.shape.limit,
});
export type IntentListQuery = z.infer<typeof IntentListQuery>;

/**
 * GET /api/v1/intents/board — the list's filters; every stage column's first page, longest in
 * stage first. `stage` + `cursor` loads more of one column.
 */
export const IntentBoardQuery = IntentFilterQuery.extend({
  cursor: cursorParam(INTENT_TIME_CURSOR).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type IntentBoardQuery = z.infer<typeof IntentBoardQuery>;

/** GET /api/v1/intents/export.xlsx — the list's filters and sort, every matching row. */
export const IntentExportQuery = IntentFilterQuery.extend({
  sort: IntentSort.default('updatedAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
});
export type IntentExportQuery = z.infer<typeof IntentExportQuery>;

// ---- views ---------------------------------------------------------------------------------

const Named = z.object({ id: z.string(), name: z.string() });
const UserBrief = z.object({ id: z.string(), displayName: z.string() });

export const IntentPartyView = z.object({
  organization: Named,
  role: IntentPartyRole,
  people: z.array(Named),
});
export type IntentPartyView = z.infer<typeof IntentPartyView>;

export const ContractView = z.object({
  type: ContractType,
  amount: z.number(),
  techAmount: z.number().nullable(),
  signedAt: z.string(),
  termMonths: z.number().nullable(),
  registrationNo: z.string().nullable(),
  /** Set when the registration number does not look like the usual format. */
  registrationNoWarning: z.string().nullable(),
});
export type ContractView = z.infer<typeof ContractView>;

export const FundingView = z.object({
  id: z.string(),
  programme: z.string(),
  amount: z.number(),
  status: FundingStatus,
  at: z.string(),
});
export type FundingView = z.infer<typeof FundingView>;

export const StageEntryView = z.object({
  id: z.string(),
  from: IntentStage.nullable(),
  to: IntentStage,
  /** When it happened (statistics count the entry in this year). */
  at: z.string(),
  /** When it was entered in the system. */
  recordedAt: z.string(),
  backdated: z.boolean(),
  actor: UserBrief.nullable(),
  /** Staff-internal: null for members. */
  note: z.string().nullable(),
});
export type StageEntryView = z.infer<typeof StageEntryView>;

export const StatusEntryView = z.object({
  id: z.string(),
  from: IntentStatus.nullable(),
  to: IntentStatus,
  at: z.string(),
  recordedAt: z.string(),
  backdated: z.boolean(),
  actor: UserBrief.nullable(),
  lostReason: LostReason.nullable(),
  /** Staff-internal: null for members. */
  note: z.string().nullable(),
});
export type StatusEntryView = z.infer<typeof StatusEntryView>;

export const MemberReportView = z.object({
  reportedAt: z.string(),
  reportedBy: UserBrief.nullable(),
  signedAt: z.string().nullable(),
  note: z.string().nullable(),
});

/** A card on the board and a row of the list and table. */
export const IntentSummaryView = z.object({
  id: z.string(),
  topic: z.string(),
  stage: IntentStage,
  status: IntentStatus,
  stageReached: IntentStage,
  parties: z.array(IntentPartyView),
  owner: UserBrief.nullable(),
  fields: z.array(z.string()),
  stageEnteredAt: z.string(),
  daysInStage: z.number(),
  lastContactAt: z.string().nullable(),
  /** 成交额 (万元), null before a contract. */
  amount: z.number().nullable(),
  /** Active, and no logged contact for the stage's number of days. */
  stale: z.boolean(),
  /** Active, and no open follow-up task linked to it (null for members: staff's work list). */
  noFollowUp: z.boolean().nullable(),
  lostReason: LostReason.nullable(),
  memberReportedSigned: z.boolean(),
  parentId: z.string().nullable(),
  version: z.number(),
  canEdit: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type IntentSummaryView = z.infer<typeof IntentSummaryView>;

/** GET /api/v1/intents/:id and every write's answer. */
export const IntentView = IntentSummaryView.extend({
  description: z.string().nullable(),
  /** Staff-internal: null for members. */
  staffNote: z.string().nullable(),
  /** Staff-internal: null for members. */
  lostNote: z.string().nullable(),
  links: z.object({
    achievements: z.array(z.object({ id: z.string(), title: z.string() })),
    demands: z.array(z.object({ id: z.string(), title: z.string() })),
    events: z.array(z.object({ id: z.string(), title: z.string() })),
    interactionIds: z.array(z.string()),
    selectionId: z.string().nullable(),
    match: z.object({ demandId: z.string(), achievementId: z.string() }).nullable(),
  }),
  source: z.object({ kind: IntentSourceKind, refId: z.string().nullable() }),
  contract: ContractView.nullable(),
  funding: z.array(FundingView),
  stageHistory: z.array(StageEntryView),
  statusHistory: z.array(StatusEntryView),
  memberReport: MemberReportView.nullable(),
  /** The open follow-up tasks linked to it (staff only; [] for members). */
  openTaskIds: z.array(z.string()),
  canReportSigned: z.boolean(),
});
export type IntentView = z.infer<typeof IntentView>;

export const IntentPage = z.object({
  items: z.array(IntentSummaryView),
  nextCursor: z.string().nullable(),
});
export type IntentPage = z.infer<typeof IntentPage>;

export const IntentBoardColumn = z.object({
  stage: IntentStage,
  /** Intents in the column with the filters applied (every page). */
  count: z.number(),
  /** Sum of 成交额 (万元) in the column. */
  amountTotal: z.number(),
  staleCount: z.number(),
  items: z.array(IntentSummaryView),
  nextCursor: z.string().nullable(),
});
export type IntentBoardColumn = z.infer<typeof IntentBoardColumn>;

/** With `stage`, only that column. */
export const IntentBoardView = z.object({ columns: z.array(IntentBoardColumn) });
export type IntentBoardView = z.infer<typeof IntentBoardView>;

export const IntentChainNode = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  /** 0 for the root. */
  depth: z.number(),
  /** null when the viewer may not see this intent (another organization's). */
  topic: z.string().nullable(),
  stage: IntentStage,
  status: IntentStatus,
  /** Year of its first stage entry. */
  year: z.number(),
  amount: z.number().nullable(),
  restricted: z.boolean(),
});
export type IntentChainNode = z.infer<typeof IntentChainNode>;

/** GET /api/v1/intents/:id/chain — the whole chain from its root, depth-first, oldest child first. */
export const IntentChainView = z.object({
  rootId: z.string(),
  currentId: z.string(),
  nodes: z.array(IntentChainNode),
});
export type IntentChainView = z.infer<typeof IntentChainView>;

/**
 * GET /api/v1/intents/from-matches — the intents recorded when results of a demand's or an
 * achievement's match list were marked 已对接, so the list can link each result to its intent.
 * Only the intents the viewer may read are named.
 */
export const IntentMatchLeadsQuery = z.strictObject({
  subjectKind: z.enum(['demand', 'achievement'], { error: '请选择需求或成果' }),
  subjectId: ObjectIdString,
});
export type IntentMatchLeadsQuery = z.infer<typeof IntentMatchLeadsQuery>;
export const IntentMatchLeadsView = z.object({
  items: z.array(
    z.object({
      targetKind: z.enum(MATCH_TARGET_KINDS),
      targetId: z.string(),
      intentId: z.string(),
      stage: IntentStage,
      status: IntentStatus,
    }),
  ),
});
export type IntentMatchLeadsView = z.infer<typeof IntentMatchLeadsView>;
