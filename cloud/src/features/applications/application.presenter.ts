import type { Types } from 'mongoose';
import type { ApplicationView } from '@alliance-hub/types';
import type { Application } from './application.model';

type UserRef = { _id: Types.ObjectId; displayName: string };

export type ApplicationWithRefs = Omit<Application, 'userId' | 'decidedBy' | 'organization' | 'applicant'> & {
  organization: NonNullable<Application['organization']>;
  applicant: NonNullable<Application['applicant']>;
  _id: Types.ObjectId;
  createdAt: Date;
  userId: UserRef;
  decidedBy?: UserRef | null;
};

export function presentApplication(
  doc: ApplicationWithRefs,
  existing: { _id: Types.ObjectId; name: string } | null,
): ApplicationView {
  const o = doc.organization;
  return {
    id: doc._id.toHexString(),
    status: doc.status,
    organization: {
      name: o.name,
      kind: o.kind,
      province: o.province,
      city: o.city,
      creditCode: o.creditCode ?? null,
      intro: o.intro ?? null,
      existing: existing ? { id: existing._id.toHexString(), name: existing.name } : null,
    },
    applicant: {
      name: doc.applicant.name,
      title: doc.applicant.title,
      mobile: doc.applicant.mobile,
      email: doc.applicant.email ?? null,
    },
    message: doc.message ?? null,
    user: { id: doc.userId._id.toHexString(), displayName: doc.userId.displayName },
    createdAt: doc.createdAt.toISOString(),
    decidedAt: doc.decidedAt?.toISOString() ?? null,
    decidedBy: doc.decidedBy
      ? { id: doc.decidedBy._id.toHexString(), displayName: doc.decidedBy.displayName }
      : null,
    rejectReason: doc.rejectReason ?? null,
  };
}
