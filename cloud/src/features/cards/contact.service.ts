import type { Types } from 'mongoose';
import type { ContactListQuery, ContactView } from '@alliance-hub/types';
import { notFound } from '../../errors';
import { afterCursor, pageFrom } from '../../lib/pagination';
import type { Actor, EventFacts } from '../../policy/policy';
import { visibleContactFields } from '../directory/privacy';
import { readableEventIds } from '../events/event-access';
import { documentGrams, queryGrams } from '../directory/search-tokens';
import { PersonModel } from '../people/person.model';
import { presentCard, presentContact, type CardPerson, type ContactLean } from './card.presenter';
import { ContactModel } from './contact.model';

type ContactDoc = Omit<ContactLean, 'eventId'> & {
  personId: Types.ObjectId;
  hiddenAt?: Date | null;
  eventId?: (EventFacts & { _id: Types.ObjectId; title: string }) | null;
};
// What the policy needs to decide whether this viewer may see the event they met at.
const MET_AT = 'title registrationMode staff';

/**
 * The other person's card as this viewer may see it: only the fields they share with contacts,
 * and the event they met at only if the viewer may see that event (an invite-only meeting's
 * title is not for someone who was not on its list).
 */
async function presentContacts(actor: Actor, contacts: ContactDoc[]): Promise<ContactView[]> {
  const people = await PersonModel.find(
    { _id: { $in: contacts.map((c) => c.personId) } },
    { nameGrams: 0, textGrams: 0 },
  )
    .populate('orgId', 'name kind')
    .lean<CardPerson[]>();
  // A removed contact no longer grants their fields, whatever path presents it.
  const exchangedWith = new Set(contacts.filter((c) => !c.hiddenAt).map((c) => c.personId.toHexString()));
  const viewer = { ...actor, exchangedWith };
  const events = contacts.flatMap((c) => (c.eventId ? [c.eventId] : []));
  const readable = await readableEventIds(actor, events);
  return contacts.flatMap((contact) => {
    const person = people.find((p) => p._id.equals(contact.personId));
    if (!person) return [];
    const event = contact.eventId && readable.has(contact.eventId._id.toHexString()) ? contact.eventId : null;
    const card = presentCard(person, visibleContactFields(viewer, person));
    return [presentContact({ ...contact, eventId: event }, card)];
  });
}

export async function getContactOf(actor: Actor, personId: Types.ObjectId): Promise<ContactView> {
  const contact = await ContactModel.findOne({
    ownerUserId: actor.id,
    personId,
    hiddenAt: { $exists: false },
  })
    .populate('eventId', MET_AT)
    .lean<ContactDoc>();
  if (!contact) throw notFound('联系人');
  const [view] = await presentContacts(actor, [contact]);
  if (!view) throw notFound('联系人');
  return view;
}

/**
 * Newest first; the client groups by event. `q` matches the other person's name, title,
 * organization, or my private note about them (the search box promises notes too).
 */
export async function listContacts(actor: Actor, query: ContactListQuery) {
  const filter: Record<string, unknown> = { ownerUserId: actor.id, hiddenAt: { $exists: false } };
  const grams = query.q ? queryGrams(query.q) : [];
  if (grams.length > 0) {
    const [matchingPeople, noteHits] = await Promise.all([
      ContactModel.distinct('personId', filter).then((mine) =>
        PersonModel.find({ _id: { $in: mine }, textGrams: { $all: grams } }, { _id: 1 }).lean(),
      ),
      contactsWhoseNoteMatches(filter, grams),
    ]);
    filter.$or = [{ personId: { $in: matchingPeople.map((p) => p._id) } }, { _id: { $in: noteHits } }];
  }
  const docs = await ContactModel.find(afterCursor(filter, query.cursor))
    .sort({ _id: -1 })
    .limit(query.limit + 1)
    .populate('eventId', MET_AT)
    .lean<ContactDoc[]>();
  const page = pageFrom(docs, query.limit, (d) => d);
  return { items: await presentContacts(actor, page.items), nextCursor: page.nextCursor };
}

/**
 * Notes are private and few per user (one per contact), so they are matched here with the same
 * gram rule as names rather than kept in a second index that every note edit must update.
 */
async function contactsWhoseNoteMatches(filter: Record<string, unknown>, grams: string[]) {
  const noted = await ContactModel.find({ ...filter, note: { $exists: true } }, { _id: 1, note: 1 }).lean();
  return noted
    .filter((contact) => {
      const have = new Set(documentGrams(contact.note));
      return grams.every((gram) => have.has(gram));
    })
    .map((contact) => contact._id);
}

export async function setContactNote(actor: Actor, id: string, note: string | null): Promise<ContactView> {
  // A removed contact is gone for its owner: no note on it, and no card (with its fields) in reply.
  const contact = await ContactModel.findOneAndUpdate(
    { _id: id, ownerUserId: actor.id, hiddenAt: { $exists: false } },
    note === null ? { $unset: { note: 1 } } : { $set: { note } },
    { returnDocument: 'after' },
  )
    .populate('eventId', MET_AT)
    .lean<ContactDoc>();
  if (!contact) throw notFound('联系人');
  const [view] = await presentContacts(actor, [contact]);
  return view;
}

/** Hidden from my list (and my access to their contact fields ends); the exchange still counts. */
export async function removeContact(actor: Actor, id: string): Promise<void> {
  const result = await ContactModel.updateOne(
    { _id: id, ownerUserId: actor.id },
    { $set: { hiddenAt: new Date() } },
  );
  if (result.matchedCount === 0) throw notFound('联系人');
}
