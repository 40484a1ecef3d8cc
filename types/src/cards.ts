import { z } from './zod';
import { CONTACT_FIELDS, type ContactField } from './directory';
import { Email, Mobile, ObjectIdString, Text } from './common';
import { OrgKind } from './organizations';
import { PageQuery } from './pagination';

export const ContactFieldName = z.enum(CONTACT_FIELDS);

const WechatId = z
  .string()
  .trim()
  .regex(/^[a-zA-Z][-_a-zA-Z0-9]{5,19}$/, '微信号为 6–20 位字母、数字、下划线或减号，以字母开头');

/** My card: who I am, what I share, and one line each for what I offer and what I seek. */
export const CardUpdateBody = z.strictObject({
  name: Text(40).optional(),
  title: Text(60).nullable().optional(),
  mobile: Mobile.nullable().optional(),
  email: Email.nullable().optional(),
  wechatId: WechatId.nullable().optional(),
  /** The contact fields people I exchange with may see; withdrawing one hides it from them again. */
  sharedFields: z.array(ContactFieldName).max(3).optional(),
  offer: Text(80).nullable().optional(),
  seeking: Text(80).nullable().optional(),
});
export type CardUpdateBody = z.input<typeof CardUpdateBody>;
export type CardUpdateInput = z.output<typeof CardUpdateBody>;

export const CardContacts = z.object({
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  wechatId: z.string().nullable(),
});

export const CardView = z.object({
  personId: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  organization: z.object({ id: z.string(), name: z.string(), kind: OrgKind }).nullable(),
  offer: z.string().nullable(),
  seeking: z.string().nullable(),
  sharedFields: z.array(ContactFieldName),
  /** Only the fields the viewer may see (all of them on my own card). */
  contacts: CardContacts,
});
export type CardView = z.infer<typeof CardView>;

/** A short-lived, single-use, signed token; the QR code encodes it, never my data. */
export const SwapTokenView = z.object({
  token: z.string(),
  expiresAt: z.string(),
  /** Opening this link (H5) or scanning the mini-program code swaps cards. */
  link: z.string(),
});
export type SwapTokenView = z.infer<typeof SwapTokenView>;

export const SwapTokenStatusView = z.object({
  state: z.enum(['active', 'used', 'expired']),
  usedBy: z.object({ name: z.string() }).nullable(),
});
export type SwapTokenStatusView = z.infer<typeof SwapTokenStatusView>;

export const SwapBody = z.strictObject({ token: z.string().min(10).max(64) });
export type SwapBody = z.infer<typeof SwapBody>;

export const EventBrief = z.object({ id: z.string(), title: z.string() });

export const ContactView = z.object({
  id: z.string(),
  card: CardView,
  exchangedAt: z.string(),
  event: EventBrief.nullable(),
  note: z.string().nullable(),
  via: z.enum(['scan', 'request']),
});
export type ContactView = z.infer<typeof ContactView>;

export const SwapResultView = z.object({
  /** false when the two had already exchanged: nothing new was created. */
  created: z.boolean(),
  contact: ContactView,
});
export type SwapResultView = z.infer<typeof SwapResultView>;

export const ContactListQuery = PageQuery.extend({
  q: z.string().trim().max(40).optional(),
}).strict();
export type ContactListQuery = z.infer<typeof ContactListQuery>;

export const ContactNoteBody = z.strictObject({ note: Text(500).nullable() });

export const CARD_REQUEST_STATUSES = ['pending', 'approved', 'declined'] as const;
export const CARD_REQUEST_STATUS_LABELS: Record<(typeof CARD_REQUEST_STATUSES)[number], string> = {
  pending: '待对方同意',
  approved: '已同意',
  declined: '已婉拒',
};

export const CardRequestBody = z.strictObject({
  personId: ObjectIdString,
  message: Text(100).optional(),
});
export type CardRequestBody = z.input<typeof CardRequestBody>;

export const CardRequestView = z.object({
  id: z.string(),
  status: z.enum(CARD_REQUEST_STATUSES),
  from: z.object({ personId: z.string(), name: z.string(), organization: z.string().nullable() }),
  to: z.object({ personId: z.string(), name: z.string(), organization: z.string().nullable() }),
  message: z.string().nullable(),
  createdAt: z.string(),
});
export type CardRequestView = z.infer<typeof CardRequestView>;

export const CardRequestListQuery = z.strictObject({
  box: z.enum(['incoming', 'outgoing']).default('incoming'),
});

/** For coordinators: who met whom (names and organizations only, never contact fields). */
export const EncounterView = z.object({
  id: z.string(),
  at: z.string(),
  event: EventBrief.nullable(),
  people: z.array(z.object({ name: z.string(), organization: z.string().nullable() })),
});
export type EncounterView = z.infer<typeof EncounterView>;

export const EncounterListQuery = PageQuery.extend({ eventId: ObjectIdString.optional() }).strict();

export type { ContactField };
