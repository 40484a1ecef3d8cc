import { z } from './zod';
import { Email, Mobile, Text } from './common';
import { OrgKind } from './organizations';
import { PageQuery } from './pagination';

export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export const ApplicationStatus = z.enum(APPLICATION_STATUSES);
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;
export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  pending: '待审核',
  approved: '已通过',
  rejected: '未通过',
  withdrawn: '已撤回',
};

/** What the secretariat needs to decide on a membership application. */
export const ApplicationCreateBody = z.strictObject({
  organization: z.strictObject({
    name: Text(80, 2),
    kind: OrgKind,
    province: Text(20),
    city: Text(20),
    creditCode: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, '统一社会信用代码应为 18 位')
      .optional(),
    intro: Text(1000).optional(),
  }),
  applicant: z.strictObject({
    name: Text(40),
    title: Text(60),
    mobile: Mobile,
    email: Email.optional(),
  }),
  message: Text(500).optional(),
});
/** What a form submits (before normalisation) and what the server works with (after). */
export type ApplicationCreateBody = z.input<typeof ApplicationCreateBody>;
export type ApplicationCreateInput = z.output<typeof ApplicationCreateBody>;

export const ApplicationRejectBody = z.strictObject({
  reason: Text(300, 2),
});
export type ApplicationRejectBody = z.infer<typeof ApplicationRejectBody>;

export const ApplicationListQuery = PageQuery.extend({
  status: ApplicationStatus.optional(),
}).strict();
export type ApplicationListQuery = z.infer<typeof ApplicationListQuery>;

export const ApplicationView = z.object({
  id: z.string(),
  status: ApplicationStatus,
  organization: z.object({
    name: z.string(),
    kind: OrgKind,
    province: z.string(),
    city: z.string(),
    creditCode: z.string().nullable(),
    intro: z.string().nullable(),
    /** Set when the name matches an organization already in the directory. */
    existing: z.object({ id: z.string(), name: z.string() }).nullable(),
  }),
  applicant: z.object({
    name: z.string(),
    title: z.string(),
    mobile: z.string(),
    email: z.string().nullable(),
  }),
  message: z.string().nullable(),
  user: z.object({ id: z.string(), displayName: z.string() }),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedBy: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  rejectReason: z.string().nullable(),
});
export type ApplicationView = z.infer<typeof ApplicationView>;
