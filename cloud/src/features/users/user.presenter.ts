import type { Types } from 'mongoose';
import type { MeView, UserView } from '@alliance-hub/types';

type OrgRef = { _id: Types.ObjectId; name: string; kind: string } | null | undefined;
type PersonRef = { _id: Types.ObjectId; name: string; title?: string | null } | null | undefined;

export type UserWithRefs = {
  _id: Types.ObjectId;
  displayName: string;
  role: MeView['role'];
  status: MeView['status'];
  orgId?: OrgRef;
  personId?: PersonRef;
  createdAt: Date;
  lastSeenAt?: Date | null;
};

const orgBrief = (org: OrgRef) =>
  org ? { id: org._id.toHexString(), name: org.name, kind: org.kind } : null;
const personBrief = (p: PersonRef) =>
  p ? { id: p._id.toHexString(), name: p.name, title: p.title ?? null } : null;

export function presentMe(user: UserWithRefs): MeView {
  return {
    id: user._id.toHexString(),
    displayName: user.displayName,
    role: user.role,
    status: user.status,
    person: personBrief(user.personId),
    organization: orgBrief(user.orgId),
    createdAt: user.createdAt.toISOString(),
  };
}

export function presentUser(user: UserWithRefs): UserView {
  return { ...presentMe(user), lastSeenAt: user.lastSeenAt?.toISOString() ?? null };
}
