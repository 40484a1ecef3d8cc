import type { Types } from 'mongoose';
import type { OrgKind, PersonDetailView, PersonSummaryView } from '@alliance-hub/types';
import type { Person } from './person.model';

export type PersonLean = Omit<Person, 'orgId'> & {
  _id: Types.ObjectId;
  orgId?: { _id: Types.ObjectId; name: string; kind: OrgKind } | null;
};

export function presentPersonSummary(person: PersonLean): PersonSummaryView {
  return {
    id: person._id.toHexString(),
    name: person.name,
    title: person.title ?? null,
    organization: person.orgId
      ? { id: person.orgId._id.toHexString(), name: person.orgId.name, kind: person.orgId.kind }
      : null,
    expertise: person.expertise,
  };
}

/** Contact fields only when the privacy rule allows (decided by the caller via privacy.ts). */
export function presentPersonDetail(
  person: PersonLean,
  showContacts: boolean,
  canEdit: boolean,
): PersonDetailView {
  const c = person.contacts;
  const hasContacts = !!(c?.mobile || c?.email || c?.wechatId);
  return {
    ...presentPersonSummary(person),
    contacts: showContacts
      ? { mobile: c?.mobile ?? null, email: c?.email ?? null, wechatId: c?.wechatId ?? null }
      : null,
    contactsHidden: !showContacts && hasContacts,
    canEdit,
  };
}
