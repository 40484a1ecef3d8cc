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
} from './publications';

export const MATURITIES = ['lab', 'pilot', 'small_batch', 'industrialised'] as const;
export const Maturity = z.enum(MATURITIES, { error: '请选择成熟度' });
export type Maturity = z.infer<typeof Maturity>;
export const MATURITY_LABELS: Record<Maturity, string> = {
  lab: '实验室阶段',
  pilot: '中试阶段',
  small_batch: '小批量生产',
  industrialised: '已产业化',
};

export const IP_KINDS = ['invention_patent', 'utility_model', 'software_copyright', 'know_how'] as const;
export const IpKind = z.enum(IP_KINDS, { error: '请选择知识产权类型' });
export type IpKind = z.infer<typeof IpKind>;
export const IP_KIND_LABELS: Record<IpKind, string> = {
  invention_patent: '发明专利',
  utility_model: '实用新型',
  software_copyright: '软件著作权',
  know_how: '技术秘密',
};

export const TRANSFER_MODES = ['transfer', 'license', 'equity', 'joint_development', 'service'] as const;
export const TransferMode = z.enum(TRANSFER_MODES, { error: '请选择转化方式' });
export type TransferMode = z.infer<typeof TransferMode>;
export const TRANSFER_MODE_LABELS: Record<TransferMode, string> = {
  transfer: '转让',
  license: '许可',
  equity: '作价入股',
  joint_development: '合作开发',
  service: '技术服务',
};

export const IpItem = z.strictObject({
  kind: IpKind,
  /** Patent or registration number as printed, e.g. ZL202110123456.7; 技术秘密 may have none. */
  number: Text(40).optional(),
});

const achievementFields = {
  title: Text(PUBLICATION_LIMITS.title, 4),
  summary: Text(PUBLICATION_LIMITS.summary),
  detail: Paragraphs(PUBLICATION_LIMITS.text).nullable(),
  fields: PublicationFields,
  keywords: Keywords,
  maturity: Maturity,
  ip: z.array(IpItem).max(20, '最多填写 20 项知识产权'),
  transferModes: distinctList(TransferMode, '转化方式', TRANSFER_MODES.length),
  /** Reference price in 万元; null with priceNegotiable = 面议. */
  priceWan: AmountWan.nullable(),
  priceNegotiable: z.boolean(),
  /** Members may only name their own organization; omitted = the author's organization. */
  ownerOrgId: ObjectIdString,
  contactPersonIds: ContactPersonIds,
};

const priceConsistent = (b: { priceWan?: number | null; priceNegotiable?: boolean }) =>
  !(b.priceNegotiable === true && b.priceWan != null);
const priceMessage = { message: '选择“面议”时不填写参考价格', path: ['priceWan'] };

export const AchievementCreateBody = z
  .strictObject(achievementFields)
  .partial({
    detail: true,
    keywords: true,
    ip: true,
    priceWan: true,
    priceNegotiable: true,
    ownerOrgId: true,
    contactPersonIds: true,
  })
  .refine(priceConsistent, priceMessage);
export type AchievementCreateBody = z.input<typeof AchievementCreateBody>;
export type AchievementCreateInput = z.output<typeof AchievementCreateBody>;

/** Any subset; title/summary/detail/fields/keywords of a published item send it back to review. */
export const AchievementUpdateBody = z
  .strictObject(achievementFields)
  .omit({ ownerOrgId: true })
  .partial()
  .refine(priceConsistent, priceMessage);
export type AchievementUpdateBody = z.input<typeof AchievementUpdateBody>;
export type AchievementUpdateInput = z.output<typeof AchievementUpdateBody>;

/**
 * GET /api/v1/achievements. Without `status` or `mine`, published items only. `mine=1` lists my
 * organization's items in any status; staff may filter by any status (the review queue is
 * `status=pending`).
 */
export const AchievementListQuery = RankedPageQuery.extend({
  q: z.string().trim().max(60).optional(),
  field: optionalQueryFilter(z.string().max(40)),
  maturity: optionalQueryFilter(Maturity),
  transferMode: optionalQueryFilter(TransferMode),
  /** Province of the owner organization. */
  region: optionalQueryFilter(z.string().max(20)),
  ownerKind: optionalQueryFilter(OrgKind),
  ownerOrgId: optionalQueryFilter(ObjectIdString),
  status: optionalQueryFilter(PublicationStatus),
  mine: QueryFlag,
}).strict();
export type AchievementListQuery = z.infer<typeof AchievementListQuery>;

export const AchievementListItemView = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  fields: z.array(z.string()),
  keywords: z.array(z.string()),
  maturity: Maturity,
  transferModes: z.array(TransferMode),
  priceWan: z.number().nullable(),
  priceNegotiable: z.boolean(),
  owner: z.object({ id: z.string(), name: z.string(), kind: OrgKind }),
  status: PublicationStatus,
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
  /** Only for the owner and staff (rows of 我的发布 and the review queue); null otherwise. */
  rejectionReason: z.string().nullable(),
});
export type AchievementListItemView = z.infer<typeof AchievementListItemView>;

export const AchievementDetailView = AchievementListItemView.extend({
  detail: z.string().nullable(),
  ip: z.array(z.object({ kind: IpKind, number: z.string().nullable() })),
  owner: OwnerOrgView,
  contacts: z.array(PublicationContactView),
  /** Owner and staff only; null for everyone else. */
  interest: InterestCountsView.nullable(),
  /** Owner and staff only; null for everyone else. */
  review: ReviewInfoView.nullable(),
  createdAt: z.string(),
  permissions: PublicationPermissionsView,
});
export type AchievementDetailView = z.infer<typeof AchievementDetailView>;

export const AchievementPage = z.object({
  items: z.array(AchievementListItemView),
  nextCursor: z.string().nullable(),
});
export type AchievementPage = z.infer<typeof AchievementPage>;
