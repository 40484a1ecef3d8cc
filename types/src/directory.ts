import { z } from './zod';
import { Email, Mobile, ObjectIdString, Text } from './common';
import { AllianceRole, OrgKind } from './organizations';
import { RankedPageQuery } from './pagination';

const optionalFilter = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const OrgListQuery = RankedPageQuery.extend({
  q: z.string().trim().max(60).optional(),
  kind: optionalFilter(OrgKind),
  field: optionalFilter(z.string().max(40)),
  province: optionalFilter(z.string().max(20)),
  allianceRole: optionalFilter(AllianceRole),
}).strict();
export type OrgListQuery = z.infer<typeof OrgListQuery>;

export const PersonListQuery = RankedPageQuery.extend({
  q: z.string().trim().max(60).optional(),
  orgId: optionalFilter(ObjectIdString),
}).strict();
export type PersonListQuery = z.infer<typeof PersonListQuery>;

export const OrgSummaryView = z.object({
  id: z.string(),
  name: z.string(),
  aliases: z.array(z.string()),
  kind: OrgKind,
  region: z.object({ province: z.string().nullable(), city: z.string().nullable() }),
  fields: z.array(z.string()),
  allianceRole: AllianceRole,
  /** One line of capabilities or needs, for list rows. */
  summary: z.string().nullable(),
});
export type OrgSummaryView = z.infer<typeof OrgSummaryView>;

export const PersonSummaryView = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  organization: z.object({ id: z.string(), name: z.string(), kind: OrgKind }).nullable(),
  expertise: z.array(z.string()),
});
export type PersonSummaryView = z.infer<typeof PersonSummaryView>;

export const OrgDetailView = OrgSummaryView.extend({
  membership: z.object({ status: z.enum(['none', 'active', 'lapsed']), joinedAt: z.string().nullable() }),
  intro: z.string().nullable(),
  capabilities: z.string().nullable(),
  needs: z.string().nullable(),
  /** Free-text keywords (e.g. terms an import kept rather than turning into industry fields). */
  keywords: z.array(z.string()).default([]),
  people: z.array(PersonSummaryView),
  canEdit: z.boolean(),
});
export type OrgDetailView = z.infer<typeof OrgDetailView>;

export const CONTACT_FIELDS = ['mobile', 'email', 'wechatId'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];
export const CONTACT_FIELD_LABELS: Record<ContactField, string> = {
  mobile: '手机',
  email: '邮箱',
  wechatId: '微信号',
};

/**
 * Contact fields are personal information (PIPL): present only for the person themself,
 * coordinators and the secretariat, and people they exchanged cards with. Otherwise null and
 * `contactsHidden` tells the UI to say that exchanging cards reveals them.
 */
export const PersonDetailView = PersonSummaryView.extend({
  contacts: z
    .object({ mobile: z.string().nullable(), email: z.string().nullable(), wechatId: z.string().nullable() })
    .nullable(),
  contactsHidden: z.boolean(),
  canEdit: z.boolean(),
  /** An active 联盟通 account: only then can the person receive a card request (索要名片). */
  hasAccount: z.boolean(),
});
export type PersonDetailView = z.infer<typeof PersonDetailView>;

const FieldCodes = z.array(z.string().min(1).max(40)).max(10);
const Lines = (max: number) => z.array(Text(max)).max(20);

export const OrgUpdateBody = z
  .strictObject({
    name: Text(80, 2),
    aliases: Lines(40),
    kind: OrgKind,
    province: Text(20),
    city: Text(20),
    fields: FieldCodes,
    allianceRole: AllianceRole,
    intro: Text(2000).nullable(),
    capabilities: Text(2000).nullable(),
    needs: Text(2000).nullable(),
  })
  .partial();
export type OrgUpdateBody = z.input<typeof OrgUpdateBody>;

export const OrgCreateBody = OrgUpdateBody.required({ name: true, kind: true });
export type OrgCreateBody = z.input<typeof OrgCreateBody>;

export const PersonUpdateBody = z
  .strictObject({
    name: Text(40),
    title: Text(60).nullable(),
    orgId: ObjectIdString.nullable(),
    expertise: Lines(30),
    mobile: Mobile.nullable(),
    email: Email.nullable(),
    wechatId: z
      .string()
      .trim()
      .regex(/^[a-zA-Z][-_a-zA-Z0-9]{5,19}$/, '微信号为 6–20 位字母、数字、下划线或减号，以字母开头')
      .nullable(),
  })
  .partial();
export type PersonUpdateBody = z.input<typeof PersonUpdateBody>;

export const PersonCreateBody = PersonUpdateBody.required({ name: true });
export type PersonCreateBody = z.input<typeof PersonCreateBody>;

/** Parsed (server-side) forms of the bodies above. */
export type OrgUpdateInput = z.output<typeof OrgUpdateBody>;
export type OrgCreateInput = z.output<typeof OrgCreateBody>;
export type PersonUpdateInput = z.output<typeof PersonUpdateBody>;
export type PersonCreateInput = z.output<typeof PersonCreateBody>;
