import { z } from './zod';
import { ObjectIdString, Text } from './common';
import { OrgKind } from './organizations';
import { RankedPageQuery } from './pagination';
import {
  AmountWan,
  ContactPersonIds,
  distinctList,
  InterestCountsView,
  Keywords,
  optionalQueryFilter,
  OwnerOrgView,
  Paragraphs,
  PUBLICATION_LIMITS,
  PublicationContactView,
  PublicationFields,
  PublicationPermissionsView,
  PublicationStatus,
  QueryFlag,
  ReviewInfoView,
  todayInShanghai,
} from './publications';

export const COOPERATION_MODES = [
  'commissioned',
  'joint_development',
  'transfer',
  'license',
  'consulting',
  'joint_research',
] as const;
export const CooperationMode = z.enum(COOPERATION_MODES, { error: '请选择合作方式' });
export type CooperationMode = z.infer<typeof CooperationMode>;
export const COOPERATION_MODE_LABELS: Record<CooperationMode, string> = {
  commissioned: '委托开发',
  joint_development: '合作开发',
  transfer: '技术转让',
  license: '技术许可',
  consulting: '技术咨询/服务',
  joint_research: '联合攻关',
};

export const DEMAND_PROGRESSES = ['open', 'in_talks', 'solved', 'closed'] as const;
export const DemandProgress = z.enum(DEMAND_PROGRESSES, { error: '请选择进展' });
export type DemandProgress = z.infer<typeof DemandProgress>;
export const DEMAND_PROGRESS_LABELS: Record<DemandProgress, string> = {
  open: '征集中',
  in_talks: '洽谈中',
  solved: '已解决',
  closed: '已关闭',
};

/** Some enterprises do not want competitors to read their problem: staff-only demands. */
export const DEMAND_VISIBILITIES = ['members', 'staff'] as const;
export const DemandVisibility = z.enum(DEMAND_VISIBILITIES, { error: '请选择公开范围' });
export type DemandVisibility = z.infer<typeof DemandVisibility>;
export const DEMAND_VISIBILITY_LABELS: Record<DemandVisibility, string> = {
  members: '全体成员可见',
  staff: '仅联盟工作人员可见',
};

/** A calendar date (YYYY-MM-DD, Beijing) that is today or later. */
export const Deadline = z
  .string({ error: '请选择截止日期' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), '日期不存在')
  .refine((d) => d >= todayInShanghai(), '截止日期不能早于今天');

const demandFields = {
  title: Text(PUBLICATION_LIMITS.title, 4),
  description: Paragraphs(PUBLICATION_LIMITS.text),
  fields: PublicationFields,
  keywords: Keywords,
  /** Budget range in 万元; both null with budgetNegotiable = 面议. */
  budgetMinWan: AmountWan.nullable(),
  budgetMaxWan: AmountWan.nullable(),
  budgetNegotiable: z.boolean(),
  deadline: Deadline.nullable(),
  cooperationModes: distinctList(CooperationMode, '合作方式', COOPERATION_MODES.length),
  progress: DemandProgress,
  visibility: DemandVisibility,
  /** Members may only name their own organization; omitted = the author's organization. */
  ownerOrgId: ObjectIdString,
  contactPersonIds: ContactPersonIds,
};

type BudgetParts = { budgetMinWan?: number | null; budgetMaxWan?: number | null; budgetNegotiable?: boolean };
const budgetOrdered = (b: BudgetParts) =>
  b.budgetMinWan == null || b.budgetMaxWan == null || b.budgetMinWan <= b.budgetMaxWan;
const budgetOrderMessage = { message: '预算下限不能高于上限', path: ['budgetMinWan'] };
const budgetConsistent = (b: BudgetParts) =>
  !(b.budgetNegotiable === true && (b.budgetMinWan != null || b.budgetMaxWan != null));
const budgetNegotiableMessage = { message: '选择“面议”时不填写预算金额', path: ['budgetMinWan'] };

export const DemandCreateBody = z
  .strictObject(demandFields)
  .partial({
    keywords: true,
    budgetMinWan: true,
    budgetMaxWan: true,
    budgetNegotiable: true,
    deadline: true,
    progress: true,
    visibility: true,
    ownerOrgId: true,
    contactPersonIds: true,
  })
  .refine(budgetOrdered, budgetOrderMessage)
  .refine(budgetConsistent, budgetNegotiableMessage);
export type DemandCreateBody = z.input<typeof DemandCreateBody>;
export type DemandCreateInput = z.output<typeof DemandCreateBody>;

/**
 * Any subset. The server checks the budget order against the stored value when only one end is
 * sent. title/description/fields/keywords of a published demand send it back to review; contacts,
 * progress, deadline and visibility do not.
 */
export const DemandUpdateBody = z
  .strictObject(demandFields)
  .omit({ ownerOrgId: true })
  .partial()
  .refine(budgetOrdered, budgetOrderMessage)
  .refine(budgetConsistent, budgetNegotiableMessage);
export type DemandUpdateBody = z.input<typeof DemandUpdateBody>;
export type DemandUpdateInput = z.output<typeof DemandUpdateBody>;

/** GET /api/v1/demands: published and visible to me, unless `mine=1` or a staff `status` filter. */
export const DemandListQuery = RankedPageQuery.extend({
  q: z.string().trim().max(60).optional(),
  field: optionalQueryFilter(z.string().max(40)),
  cooperationMode: optionalQueryFilter(CooperationMode),
  progress: optionalQueryFilter(DemandProgress),
  region: optionalQueryFilter(z.string().max(20)),
  ownerKind: optionalQueryFilter(OrgKind),
  ownerOrgId: optionalQueryFilter(ObjectIdString),
  status: optionalQueryFilter(PublicationStatus),
  mine: QueryFlag,
}).strict();
export type DemandListQuery = z.infer<typeof DemandListQuery>;

export const DemandListItemView = z.object({
  id: z.string(),
  title: z.string(),
  /** The first ~120 characters of the description, for list rows. */
  excerpt: z.string(),
  fields: z.array(z.string()),
  keywords: z.array(z.string()),
  budgetMinWan: z.number().nullable(),
  budgetMaxWan: z.number().nullable(),
  budgetNegotiable: z.boolean(),
  deadline: z.string().nullable(),
  cooperationModes: z.array(CooperationMode),
  progress: DemandProgress,
  visibility: DemandVisibility,
  owner: z.object({ id: z.string(), name: z.string(), kind: OrgKind }),
  status: PublicationStatus,
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
  /** Only for the owner and staff; null otherwise. */
  rejectionReason: z.string().nullable(),
});
export type DemandListItemView = z.infer<typeof DemandListItemView>;

export const DemandDetailView = DemandListItemView.extend({
  description: z.string(),
  owner: OwnerOrgView,
  contacts: z.array(PublicationContactView),
  interest: InterestCountsView.nullable(),
  review: ReviewInfoView.nullable(),
  createdAt: z.string(),
  permissions: PublicationPermissionsView,
});
export type DemandDetailView = z.infer<typeof DemandDetailView>;

export const DemandPage = z.object({ items: z.array(DemandListItemView), nextCursor: z.string().nullable() });
export type DemandPage = z.infer<typeof DemandPage>;
