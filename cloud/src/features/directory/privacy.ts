import type { Types } from 'mongoose';
import { CONTACT_FIELDS, type ContactField } from '@alliance-hub/types';
import { can, type Actor } from '../../policy/policy';
import { ContactModel } from '../cards/contact.model';

/**
 * Who may see a person's contact fields (PIPL): the person themself, coordinators and the
 * secretariat (all fields), and people they exchanged cards with (only the fields the person
 * shares on their card; withdrawing a field hides it from them again). The screens and the Excel
 * export all ask this module; who may see is the policy's `person.contacts.*`, which fields is here.
 */
export type ContactViewer = Actor & { exchangedWith?: ReadonlySet<string> };

type PersonWithCard = { _id: Types.ObjectId; card?: { sharedFields?: string[] | null } | null };

/** Someone who never chose shares every field on their card: exchanging cards is the consent. */
const sharedFieldsOf = (person: PersonWithCard): ContactField[] =>
  (person.card?.sharedFields as ContactField[] | undefined) ?? [...CONTACT_FIELDS];

export function visibleContactFields(
  viewer: ContactViewer | undefined,
  person: PersonWithCard,
): ContactField[] {
  if (!viewer) return [];
  if (can(viewer, 'person.contacts.read', { personId: person._id })) return [...CONTACT_FIELDS];
  const exchanged = !!viewer.exchangedWith?.has(person._id.toHexString());
  if (can(viewer, 'person.contacts.readShared', { personId: person._id, exchanged })) {
    return sharedFieldsOf(person);
  }
  return [];
}

/** The people this user exchanged cards with and has not removed from their contacts. */
export async function exchangedPersonIds(viewer: Pick<Actor, 'id'>): Promise<ReadonlySet<string>> {
  const ids = await ContactModel.distinct('personId', {
    ownerUserId: viewer.id,
    hiddenAt: { $exists: false },
  });
  return new Set(ids.map((id) => String(id)));
}
