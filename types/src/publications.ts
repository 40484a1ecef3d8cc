import { z } from './zod';
import { ObjectIdString, SafeString, Text } from './common';
import { AllianceRole, OrgKind } from './organizations';

/**
 * What achievements (科技成果) and demands (技术需求) share: the publishing lifecycle, the
 * review, the owner and contacts blocks and the interest counts.
 */

/** draft → pending → published | rejected (reason shown to the author) → archived. */
export const PUBLICATION_STATUSES = ['draft', 'pending', 'published', 'rejected', 'archived'] as const;
export const PublicationStatus = z.enum(PUBLICATION_STATUSES);
export type PublicationStatus = z.infer<typeof PublicationStatus>;
export const PUBLICATION_STATUS_LABELS: Record<PublicationStatus, string> = {
  draft: '草稿',
  pending: '待审核',
  published: '已发布',
  rejected: '未通过',
  archived: '已下架',
};

export const PUBLICATION_LIMITS = {
  title: 80,
  summary: 300,
  text: 5000,
  keyword: 20,
  keywords: 10,
  fields: 5,
  contacts: 5,
  rejectReason: 200,
} as const;

/**
 * Multi-paragraph text ("plain paragraphs"): line breaks between paragraphs are kept, blank
 * lines collapse to one break, spaces inside a line collapse. Over-long text is refused with its
 * limit, never cut (messages from the plain-Chinese error map in zod.ts).
 */
export const Paragraphs = (max: number, min = 1) =>
  SafeString.transform((s) =>
    s
      .split(/\r?\n/)
      .map((line) => line.replace(/[ \t\u3000]+/g, ' ').trim())
      .filter(Boolean)
      .join('\n'),
  ).pipe(z.string().min(min).max(max));

/** Field codes from the shared taxonomy; the server refuses codes it does not know. */
export const PublicationFields = z
  .array(z.string().min(1).max(40), { error: '请选择领域' })
  .min(1, '请至少选择 1 个领域')
  .max(PUBLICATION_LIMITS.fields, `最多选择 ${PUBLICATION_LIMITS.fields} 个领域`)
  .refine((codes) => new Set(codes).size === codes.length, '领域不能重复');

export const Keywords = z
  .array(Text(PUBLICATION_LIMITS.keyword))
  .max(PUBLICATION_LIMITS.keywords, `最多填写 ${PUBLICATION_LIMITS.keywords} 个关键词`);

export const ContactPersonIds = z
  .array(ObjectIdString)
  .max(PUBLICATION_LIMITS.contacts, `最多选择 ${PUBLICATION_LIMITS.contacts} 位联系人`)
  .refine((ids) => new Set(ids.map((id) => id.toLowerCase())).size === ids.length, '联系人不能重复');

/** Amounts in 万元: positive, at most two decimals, below 10 亿元. */
export const AmountWan = z
  .number({ error: '请输入金额（万元）' })
  .positive('金额应大于 0')
  .max(100_000, '金额不能超过 100000 万元')
  .refine((n) => Math.round(n * 100) === n * 100, '金额最多保留两位小数');

/** A list of distinct enum values, at least one. */
export const distinctList = <T extends z.ZodType<string>>(item: T, label: string, max: number) =>
  z
    .array(item)
    .min(1, `请至少选择 1 种${label}`)
    .max(max)
    .refine((v) => new Set(v).size === v.length, `${label}不能重复`);

export const RejectBody = z.strictObject({ reason: Text(PUBLICATION_LIMITS.rejectReason, 2) });
export type RejectBody = z.input<typeof RejectBody>;

/** submit / approve / archive take no fields; `{}` or no body. */
export const EmptyBody = z.strictObject({});

/** Who owns the item, as list rows and detail pages show it. */
export const OwnerOrgView = z.object({
  id: z.string(),
  name: z.string(),
  aliases: z.array(z.string()),
  kind: OrgKind,
  region: z.object({ province: z.string().nullable(), city: z.string().nullable() }),
  allianceRole: AllianceRole,
});
export type OwnerOrgView = z.infer<typeof OwnerOrgView>;

/**
 * A contact person. Contact fields follow the directory's privacy rule (PIPL): null unless the
 * viewer may see them; `contactsHidden` says exchanging cards would reveal them.
 */
export const PublicationContactView = z.object({
  personId: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  contacts: z.object({
    mobile: z.string().nullable(),
    email: z.string().nullable(),
    wechatId: z.string().nullable(),
  }),
  contactsHidden: z.boolean(),
});
export type PublicationContactView = z.infer<typeof PublicationContactView>;

/** Views and 点菜式 selections; only the owner organization and the staff see them. */
export const InterestCountsView = z.object({ views: z.number(), selections: z.number() });
export type InterestCountsView = z.infer<typeof InterestCountsView>;

/** The review trail the author and the staff see. */
export const ReviewInfoView = z.object({
  submittedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewer: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  /** Present while the item is rejected. */
  rejectionReason: z.string().nullable(),
});
export type ReviewInfoView = z.infer<typeof ReviewInfoView>;

/** What the viewer may do with the item; the UI shows buttons from this, the server re-checks. */
export const PublicationPermissionsView = z.object({
  canEdit: z.boolean(),
  canSubmit: z.boolean(),
  canReview: z.boolean(),
  canArchive: z.boolean(),
});
export type PublicationPermissionsView = z.infer<typeof PublicationPermissionsView>;

/** Query flags arrive as strings: `mine=1` / `mine=true`. */
export const QueryFlag = z.preprocess(
  (v) => (v === '' || v === undefined ? undefined : v === true || v === '1' || v === 'true'),
  z.boolean().optional(),
);

export const optionalQueryFilter = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** Today's date (YYYY-MM-DD) in Asia/Shanghai, where deadlines are set and read. */
export function todayInShanghai(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
