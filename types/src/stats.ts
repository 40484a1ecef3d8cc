import { z } from './zod';
import { Text } from './common';
import { ROW_CURSOR, TIME_CURSOR, cursorParam, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from './pagination';
import { MatchDismissReason } from './matching';

/**
 * Statistics, yearly targets and the annual report (挂图作战, issue #15). Each KPI's counting rule
 * lives here as its help text, so the dashboard, the report and the tests read the same words.
 */

/** The cooperation chain's stages, in order (see intents, #14); the funnel walks them. */
export const FUNNEL_STAGES = [
  'lead',
  'intent',
  'negotiating',
  'signed',
  'executing',
  'industrialised',
] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
/** The sub-rows of 点菜式选单: where the selection was made. */
export const SELECTION_SOURCE_LABELS: Record<string, string> = { event: '活动点菜', interest: '我感兴趣' };

export const FUNNEL_STAGE_LABELS: Record<FunnelStage, string> = {
  lead: '线索',
  intent: '意向',
  negotiating: '洽谈',
  signed: '签约',
  executing: '执行',
  industrialised: '产业化',
};

export const STAT_KPIS = [
  'events_held',
  'registrations',
  'check_ins',
  'members_joined',
  'achievements_published',
  'demands_collected',
  'demands_solved',
  'selections',
  'matches_acted',
  'interactions_logged',
  'intents_created',
  'intents_negotiating',
  'contracts_signed',
  'contract_amount',
  'tech_amount',
  'industrialised',
  'funding_won',
] as const;
export const StatKpi = z.enum(STAT_KPIS, { error: '请选择统计指标' });
export type StatKpi = z.infer<typeof StatKpi>;

export const STAT_GROUPS = ['events', 'resources', 'matching', 'intents'] as const;
export type StatGroup = (typeof STAT_GROUPS)[number];
export const STAT_GROUP_LABELS: Record<StatGroup, string> = {
  events: '活动',
  resources: '成员与资源',
  matching: '对接',
  intents: '合作与成交',
};

/** Who a breakdown row is: the dimensions a KPI can be split by. */
export const BREAKDOWN_DIMENSIONS = ['field', 'region', 'organization', 'orgKind', 'coordinator'] as const;
export const BreakdownDimension = z.enum(BREAKDOWN_DIMENSIONS, { error: '请选择分组方式' });
export type BreakdownDimension = z.infer<typeof BreakdownDimension>;
export const BREAKDOWN_DIMENSION_LABELS: Record<BreakdownDimension, string> = {
  field: '按领域',
  region: '按地区',
  organization: '按单位',
  orgKind: '按单位类型',
  coordinator: '按白衬衫',
};

export type KpiDefinition = {
  label: string;
  unit: string;
  group: StatGroup;
  /** The counting rule, shown under the KPI and in the report. */
  help: string;
  /** Counted for a member organization (members see their own organization's figures). */
  perOrganization: boolean;
  /** Split by coordinator: the record names the white shirt who logged or owns it. */
  perCoordinator: boolean;
  /** The label of the sub-split shown on the card (events by kind, contracts by type …). */
  subLabel?: string;
  /** Money in 万元: shown with two decimals and summed, not counted. */
  money?: boolean;
};

export const KPI_DEFINITIONS: Record<StatKpi, KpiDefinition> = {
  events_held: {
    label: '举办活动',
    unit: '场',
    group: 'events',
    help: '按活动开始时间（北京时间）计入当年当月；跨年活动计入开始的年份。按活动类型分列。',
    perOrganization: false,
    perCoordinator: false,
    subLabel: '活动类型',
  },
  registrations: {
    label: '活动报名',
    unit: '人次',
    group: 'events',
    help: '状态为“已报名”的报名，计入活动举办的年月（不是报名的日期）；取消、候补、待审核和未通过的不计。',
    perOrganization: true,
    perCoordinator: false,
  },
  check_ins: {
    label: '活动签到',
    unit: '人次',
    group: 'events',
    help: '已签到的人次（含现场登记），计入活动举办的年月。',
    perOrganization: true,
    perCoordinator: false,
  },
  members_joined: {
    label: '新增成员单位',
    unit: '家',
    group: 'resources',
    help: '按入会日期计入当年当月；已退会的单位仍计入其入会的年份。',
    perOrganization: false,
    perCoordinator: false,
  },
  achievements_published: {
    label: '发布科技成果',
    unit: '项',
    group: 'resources',
    help: '按审核通过发布的日期计入；之后归档的成果仍计入发布的年份，草稿和未通过的不计。',
    perOrganization: true,
    perCoordinator: false,
  },
  demands_collected: {
    label: '征集技术需求',
    unit: '项',
    group: 'resources',
    help: '按审核通过发布的日期计入；之后归档或解决的需求仍计入发布的年份。',
    perOrganization: true,
    perCoordinator: false,
  },
  demands_solved: {
    label: '解决技术需求',
    unit: '项',
    group: 'resources',
    help: '进展改为“已解决”的需求，按改为已解决的日期计入当年当月（不是发布或最后修改的日期）；之后改回未解决的不再计入。',
    perOrganization: true,
    perCoordinator: false,
  },
  selections: {
    label: '点菜式选单',
    unit: '条',
    group: 'matching',
    help: '活动中点菜式勾选成果或需求，以及活动之外对成果或需求点“我感兴趣”的次数，按登记日期计入；同一人对同一活动同一项目（活动之外：同一项目）只计一次。按来源分列。',
    perOrganization: true,
    perCoordinator: false,
    subLabel: '来源',
  },
  matches_acted: {
    label: '精准对接反馈',
    unit: '条',
    group: 'matching',
    help: '精准对接推荐中被标记为“已对接”或“不合适”的匹配，按第一次标记的日期计入；同一需求（或成果）的同一条推荐只计一次，改判只改变其分列。按反馈类型分列。',
    perOrganization: false,
    perCoordinator: false,
    subLabel: '反馈类型',
  },
  interactions_logged: {
    label: '对接记录',
    unit: '条',
    group: 'matching',
    help: '按发生时间计入（不是录入时间）；已删除的不计。按记录类型分列。',
    perOrganization: true,
    perCoordinator: true,
    subLabel: '记录类型',
  },
  intents_created: {
    label: '新增合作意向',
    unit: '个',
    group: 'intents',
    help: '按合作链第一条阶段记录的生效日期计入；补录（倒签）的按其生效日期计入那一年。',
    perOrganization: true,
    perCoordinator: true,
  },
  intents_negotiating: {
    label: '进入洽谈',
    unit: '个',
    group: 'intents',
    help: '首次进入“洽谈”或更后阶段的意向，按该阶段记录的生效日期计入；跳过的阶段视为同日进入。已流失的意向保留其到达过的阶段。',
    perOrganization: true,
    perCoordinator: true,
  },
  contracts_signed: {
    label: '签约合同',
    unit: '份',
    group: 'intents',
    help: '按合同签订日期计入；按合同类型分列。之后流失的意向仍计入其签约年份。',
    perOrganization: true,
    perCoordinator: true,
    subLabel: '合同类型',
  },
  contract_amount: {
    label: '成交额',
    unit: '万元',
    group: 'intents',
    help: '签约合同的成交额之和，按签订日期计入。',
    perOrganization: true,
    perCoordinator: true,
    subLabel: '合同类型',
    money: true,
  },
  tech_amount: {
    label: '技术交易额',
    unit: '万元',
    group: 'intents',
    help: '签约合同的技术交易额之和，按签订日期计入。',
    perOrganization: true,
    perCoordinator: true,
    subLabel: '合同类型',
    money: true,
  },
  industrialised: {
    label: '实现产业化',
    unit: '项',
    group: 'intents',
    help: '首次进入“产业化”阶段的合作，按该阶段记录的生效日期计入。',
    perOrganization: true,
    perCoordinator: true,
  },
  funding_won: {
    label: '争取资金',
    unit: '万元',
    group: 'intents',
    help: '已获批或已到位的项目资金之和，按其日期计入；仅申报的不计。',
    perOrganization: true,
    perCoordinator: true,
    money: true,
  },
};

/** Breakdown rows count a record once for every organization it involves (an interaction between two units counts for both). */
export const BREAKDOWN_HELP =
  '分组统计：一条记录涉及多个单位时，每个单位各计一次，因此各行之和可能大于总数；地区、领域和单位类型按单位当前的资料归类，领域优先取记录本身的领域。';

/** Figures the product cannot count, entered by the secretariat with a source and a date. */
export const MANUAL_KPIS = [
  'rd_spending_growth',
  'new_high_tech',
  'knowledge_credit_loans',
  'other',
] as const;
export const ManualKpiKey = z.enum(MANUAL_KPIS, { error: '请选择指标' });
export type ManualKpiKey = z.infer<typeof ManualKpiKey>;
export const MANUAL_KPI_DEFINITIONS: Record<ManualKpiKey, { label: string; unit: string }> = {
  rd_spending_growth: { label: '研发投入增长', unit: '%' },
  new_high_tech: { label: '新增高新技术企业', unit: '家' },
  knowledge_credit_loans: { label: '知识价值信用贷款', unit: '万元' },
  other: { label: '其他', unit: '' },
};

const Year = z.coerce
  .number({ error: '年份无效' })
  .int({ error: '年份无效' })
  .min(2000, { error: '年份需在 2000–2100 之间' })
  .max(2100, { error: '年份需在 2000–2100 之间' });
export const StatYearParams = z.strictObject({ year: Year });
export type StatYearParams = z.infer<typeof StatYearParams>;

const Amount = z
  .number({ error: '请输入数字' })
  .finite({ error: '请输入数字' })
  .min(0, { error: '目标不能为负数' })
  .max(1e9, { error: '数值过大' });

const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' });

export const ManualKpiEntry = z.strictObject({
  key: ManualKpiKey,
  /** Required for `other`; for the fixed ones it overrides nothing and may be left out. */
  label: Text(30).optional(),
  unit: Text(10).optional(),
  target: z
    .number({ error: '请输入数字' })
    .finite({ error: '请输入数字' })
    .max(1e9, { error: '数值过大' })
    .nullable()
    .default(null),
  value: z
    .number({ error: '请输入数字' })
    .finite({ error: '请输入数字' })
    .max(1e9, { error: '数值过大' })
    .nullable()
    .default(null),
  source: Text(60, 0).default(''),
  asOf: DateOnly.nullable().default(null),
});
export type ManualKpiEntry = z.output<typeof ManualKpiEntry>;

/**
 * PUT /api/v1/targets/:year. `version` is the version the editor started from (0 when the year
 * has no targets yet); a stale one is 409 with the stored targets in `details.current`.
 */
export const TargetsPutBody = z
  .strictObject({
    version: z.number({ error: '缺少版本号' }).int().min(0),
    targets: z.partialRecord(StatKpi, Amount.nullable()),
    manual: z.array(ManualKpiEntry).max(20, { error: '手工指标最多 20 项' }).default([]),
  })
  .superRefine((body, ctx) => {
    body.manual.forEach((entry, index) => {
      if (entry.key === 'other' && !entry.label) {
        ctx.addIssue({ code: 'custom', path: ['manual', index, 'label'], message: '请填写指标名称' });
      }
      if (entry.value !== null && !entry.source.trim()) {
        ctx.addIssue({ code: 'custom', path: ['manual', index, 'source'], message: '请注明数据来源' });
      }
      if (entry.value !== null && !entry.asOf) {
        ctx.addIssue({ code: 'custom', path: ['manual', index, 'asOf'], message: '请填写数据日期' });
      }
    });
  });
export type TargetsPutBody = z.input<typeof TargetsPutBody>;
export type TargetsPutInput = z.output<typeof TargetsPutBody>;

export const ManualKpiView = z.object({
  key: ManualKpiKey,
  label: z.string(),
  unit: z.string(),
  target: z.number().nullable(),
  value: z.number().nullable(),
  source: z.string(),
  asOf: z.string().nullable(),
});
export type ManualKpiView = z.infer<typeof ManualKpiView>;

export const TargetsView = z.object({
  year: z.number(),
  version: z.number(),
  targets: z.partialRecord(StatKpi, z.number()),
  manual: z.array(ManualKpiView),
  updatedAt: z.string().nullable(),
  updatedBy: z.object({ id: z.string(), displayName: z.string() }).nullable(),
});
export type TargetsView = z.infer<typeof TargetsView>;

export const StatScope = z.object({
  kind: z.enum(['alliance', 'organization']),
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
});
export type StatScope = z.infer<typeof StatScope>;

export const KpiSubRow = z.object({ key: z.string(), label: z.string(), value: z.number() });

export const KpiView = z.object({
  key: StatKpi,
  label: z.string(),
  unit: z.string(),
  group: z.enum(STAT_GROUPS),
  help: z.string(),
  money: z.boolean(),
  value: z.number(),
  lastYear: z.number(),
  /** Value in each month, January first (Asia/Shanghai months). */
  months: z.array(z.number()).length(12),
  lastYearMonths: z.array(z.number()).length(12),
  target: z.number().nullable(),
  /** value / target, or null without a target. */
  completion: z.number().nullable(),
  /** What a linear pace through the year would have reached by now. */
  expectedByNow: z.number().nullable(),
  behindSchedule: z.boolean(),
  sub: z.array(KpiSubRow),
  /** 'pending': the source is not connected yet and the value is a placeholder 0. */
  source: z.enum(['counted', 'pending']),
});
export type KpiView = z.infer<typeof KpiView>;

export const StatsView = z.object({
  year: z.number(),
  scope: StatScope,
  /** Fraction of the year elapsed (Asia/Shanghai): 1 for past years, 0 for future ones. */
  pace: z.number(),
  asOf: z.string(),
  kpis: z.array(KpiView),
  manual: z.array(ManualKpiView),
  targetsVersion: z.number(),
  /** True while a large backlog (a first start, a bulk import) is still being counted: figures may be low. */
  catchingUp: z.boolean().optional(),
});
export type StatsView = z.infer<typeof StatsView>;

export const FunnelStageView = z.object({
  stage: z.enum(FUNNEL_STAGES),
  label: z.string(),
  /** Intents reaching the stage for the first time in the year. */
  entered: z.number(),
  lastYear: z.number(),
  /** entered(next stage) / entered(this stage) in the year; null when nothing entered. */
  conversionToNext: z.number().nullable(),
  /** Median days spent at this stage, over the moves to the next stage made in the year. */
  medianDaysToNext: z.number().nullable(),
});
export const FunnelView = z.object({
  year: z.number(),
  scope: StatScope,
  stages: z.array(FunnelStageView),
  help: z.string(),
  catchingUp: z.boolean().optional(),
});
export type FunnelView = z.infer<typeof FunnelView>;
export const FUNNEL_HELP =
  '每个阶段统计当年首次进入该阶段的意向（按阶段记录的生效日期，补录的计入其生效年份）；跳过的阶段视为同日进入；流失的意向保留其到达过的阶段。转化率 = 下一阶段进入数 ÷ 本阶段进入数；停留天数为当年完成的推进中本阶段停留天数的中位数。';

export const BreakdownQuery = z.strictObject({
  by: BreakdownDimension,
  cursor: cursorParam(ROW_CURSOR).optional(),
  limit: z.coerce.number().int().min(1).max(PAGE_LIMIT_MAX).default(50),
});
export type BreakdownQuery = z.infer<typeof BreakdownQuery>;

export const BreakdownRow = z.object({
  key: z.string(),
  label: z.string(),
  values: z.partialRecord(StatKpi, z.number()),
  lastYear: z.partialRecord(StatKpi, z.number()),
});
export type BreakdownRow = z.infer<typeof BreakdownRow>;
export const BreakdownView = z.object({
  year: z.number(),
  by: BreakdownDimension,
  scope: StatScope,
  kpis: z.array(StatKpi),
  rows: z.array(BreakdownRow),
  nextCursor: z.string().nullable(),
  total: z.number(),
  help: z.string(),
  catchingUp: z.boolean().optional(),
});
export type BreakdownView = z.infer<typeof BreakdownView>;

/** What a funnel number counts: entries into the stage, or the moves on to the next one (their days). */
export const FUNNEL_MEASURES = ['entered', 'daysToNext'] as const;
export const FunnelMeasure = z.enum(FUNNEL_MEASURES, { error: '请选择漏斗数字' });
export type FunnelMeasure = z.infer<typeof FunnelMeasure>;

/**
 * GET /api/v1/stats/:year/records — the records behind one number: a KPI, optionally one month
 * (1–12), one sub-row (an event kind, a contract type) or one breakdown cell (`by` + `key`); or a
 * funnel stage (`stage`, with `measure` entered — the default — or daysToNext: the intents that
 * moved on from the stage in the year, each valued at its days there). A conversion rate is the
 * next stage's entries over this stage's: each drills down as its own stage.
 */
export const StatRecordsQuery = z
  .strictObject({
    kpi: StatKpi.optional(),
    stage: z.enum(FUNNEL_STAGES, { error: '请选择漏斗阶段' }).optional(),
    measure: FunnelMeasure.optional(),
    month: z.coerce.number().int().min(1, { error: '月份无效' }).max(12, { error: '月份无效' }).optional(),
    sub: z.string().max(40).optional(),
    /** 不合适 marks of one reason: a part of matches_acted's 不合适 sub-row. */
    reason: MatchDismissReason.optional(),
    by: BreakdownDimension.optional(),
    key: z.string().max(80).optional(),
    /** Newest first: the last item's date and record id. */
    cursor: cursorParam(TIME_CURSOR).optional(),
    limit: z.coerce.number().int().min(1).max(PAGE_LIMIT_MAX).default(PAGE_LIMIT_DEFAULT),
  })
  .refine((q) => !q.by === !q.key, { message: '分组和分组值需同时提供', path: ['key'] })
  .refine((q) => !q.kpi !== !q.stage, { message: '请选择一个统计指标或一个漏斗阶段', path: ['kpi'] })
  .refine((q) => !q.stage || (!q.sub && !q.by), {
    message: '漏斗阶段不能再按分组或分列查看',
    path: ['stage'],
  })
  .refine((q) => !q.measure || !!q.stage, { message: '只有漏斗阶段才能选择漏斗数字', path: ['measure'] })
  .refine((q) => !q.reason || (q.kpi === 'matches_acted' && !q.sub && !q.by), {
    message: '不合适原因只能在精准对接反馈下查看',
    path: ['reason'],
  });
export type StatRecordsQuery = z.infer<typeof StatRecordsQuery>;

export const STAT_RECORD_KINDS = [
  'event',
  'registration',
  'organization',
  'achievement',
  'demand',
  'selection',
  'interest',
  'match',
  'interaction',
  'intent',
] as const;
export const StatRecordView = z.object({
  kind: z.enum(STAT_RECORD_KINDS),
  id: z.string(),
  title: z.string(),
  /** The date the record counts at; the list is newest first. */
  at: z.string(),
  detail: z.string(),
  /** How much this record adds to the figure (1, or an amount in 万元; days for a funnel's daysToNext). */
  value: z.number(),
  /** For an interest or a match: the achievement or demand it is about (`id` is that item's id). */
  itemKind: z.enum(['achievement', 'demand']).optional(),
});
export type StatRecordView = z.infer<typeof StatRecordView>;
export const StatRecordsView = z.object({
  items: z.array(StatRecordView),
  nextCursor: z.string().nullable(),
  total: z.number(),
  /** The figure drilled into (for daysToNext: the number of moves). */
  sum: z.number(),
  catchingUp: z.boolean().optional(),
});
export type StatRecordsView = z.infer<typeof StatRecordsView>;

/**
 * GET /api/v1/stats/:year/match-reasons — the year's 不合适 marks by reason, for tuning the
 * matching. The same records as the 不合适 sub-row of matches_acted, so the reasons add up to it.
 */
export const MATCH_REASONS_HELP =
  '精准对接推荐中被标记为“不合适”的匹配，按原因分列；与“精准对接反馈”同一口径：按第一次标记的日期计入当年，同一条推荐只计一次，改判或改原因后只计入最新的原因，改为“已对接”的不再计入。';

export const MatchReasonRow = z.object({ key: MatchDismissReason, label: z.string(), value: z.number() });
export type MatchReasonRow = z.infer<typeof MatchReasonRow>;
export const MatchReasonsView = z.object({
  year: z.number(),
  /** Every reason, the most frequent first (zeros too, so the list reads the same every year). */
  reasons: z.array(MatchReasonRow),
  /** All 不合适 marks of the year: equals the sum of the reasons. */
  total: z.number(),
  lastYearTotal: z.number(),
  help: z.string(),
  catchingUp: z.boolean().optional(),
});
export type MatchReasonsView = z.infer<typeof MatchReasonsView>;
