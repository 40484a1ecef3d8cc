import type { Types } from 'mongoose';
import type { ContactField, OrgKind, PersonDetailView, PersonSummaryView } from '@alliance-hub/types';
import type { Person } from './person.model';

export type PersonLean = Omit<Person, 'orgId'> & {
  _id: Types.ObjectId;
  orgId?: { _id: Types.ObjectId; name: string; kind: OrgKind } | null;
};

/** What a directory page reads of each person (its organization populated after). */
export const PERSON_SUMMARY_FIELDS = { name: 1, title: 1, orgId: 1, expertise: 1 } as const;

export type PersonSummaryLean = Pick<PersonLean, '_id' | keyof typeof PERSON_SUMMARY_FIELDS>;

export function presentPersonSummary(person: PersonSummaryLean): PersonSummaryView {
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

/** Only the contact fields the privacy rule lets this viewer see (decided via privacy.ts). */
export function visibleContacts(person: Pick<PersonLean, 'contacts'>, visible: readonly ContactField[]) {
  const c = person.contacts;
  const pick = (field: ContactField) => (visible.includes(field) ? (c?.[field] ?? null) : null);
  return { mobile: pick('mobile'), email: pick('email'), wechatId: pick('wechatId') };
}

export function presentPersonDetail(
  person: PersonLean,
  visible: readonly ContactField[],
  canEdit: boolean,
  hasAccount: boolean,
): PersonDetailView {
  const c = person.contacts;
  const hasContacts = !!(c?.mobile || c?.email || c?.wechatId);
  const contacts = visibleContacts(person, visible);
  const shown = !!(contacts.mobile || contacts.email || contacts.wechatId);
  return {
    ...presentPersonSummary(person),
    contacts: visible.length > 0 ? contacts : null,
    contactsHidden: hasContacts && !shown,
    canEdit,
    hasAccount,
  };
}
