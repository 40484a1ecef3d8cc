import type { Types } from 'mongoose';
import {
  CONTACT_FIELDS,
  type CardView,
  type ContactField,
  type ContactView,
  type OrgKind,
} from '@alliance-hub/types';
import { visibleContacts } from '../people/person.presenter';

export type CardPerson = {
  _id: Types.ObjectId;
  name: string;
  title?: string | null;
  orgId?: { _id: Types.ObjectId; name: string; kind: OrgKind } | null;
  contacts?: { mobile?: string | null; email?: string | null; wechatId?: string | null } | null;
  card?: { sharedFields?: string[] | null; offer?: string | null; seeking?: string | null } | null;
};

export function presentCard(person: CardPerson, visible: readonly ContactField[]): CardView {
  return {
    personId: person._id.toHexString(),
    name: person.name,
    title: person.title ?? null,
    organization: person.orgId
      ? { id: person.orgId._id.toHexString(), name: person.orgId.name, kind: person.orgId.kind }
      : null,
    offer: person.card?.offer ?? null,
    seeking: person.card?.seeking ?? null,
    sharedFields: (person.card?.sharedFields as ContactField[] | undefined) ?? [...CONTACT_FIELDS],
    contacts: visibleContacts(person, visible),
  };
}

export type ContactLean = {
  _id: Types.ObjectId;
  exchangedAt: Date;
  via: 'scan' | 'request';
  note?: string | null;
  eventId?: { _id: Types.ObjectId; title: string } | null;
};

export function presentContact(contact: ContactLean, card: CardView): ContactView {
  return {
    id: contact._id.toHexString(),
    card,
    exchangedAt: contact.exchangedAt.toISOString(),
    event: contact.eventId ? { id: contact.eventId._id.toHexString(), title: contact.eventId.title } : null,
    note: contact.note ?? null,
    via: contact.via,
  };
}
