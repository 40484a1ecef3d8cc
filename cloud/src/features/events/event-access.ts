import type { Types } from 'mongoose';
import { notFound } from '../../errors';
import { can, type Actor, type EventFacts } from '../../policy/policy';
import { RegistrationModel } from './registration.model';

type EventRef = EventFacts & { _id: Types.ObjectId };

/** The events among `eventIds` this actor has a registration for, whatever its status. */
async function eventsOnListOf(actor: Actor, eventIds: Types.ObjectId[]): Promise<Set<string>> {
  if (!actor.personId || eventIds.length === 0) return new Set();
  const ids = await RegistrationModel.distinct('eventId', {
    personId: actor.personId,
    eventId: { $in: eventIds },
  });
  return new Set(ids.map((id) => String(id)));
}

/**
 * The ids of the events among these that the policy lets this actor read. One query for the
 * whole batch, and only when an invite-only event is among them.
 */
export async function readableEventIds(actor: Actor, events: EventRef[]): Promise<Set<string>> {
  const invite = events.filter((e) => e.registrationMode === 'invite').map((e) => e._id);
  const onList = await eventsOnListOf(actor, invite);
  return new Set(
    events
      .filter((e) => can(actor, 'event.read', { event: e, onEventList: onList.has(e._id.toHexString()) }))
      .map((e) => e._id.toHexString()),
  );
}

/**
 * An event this actor may not read does not exist for them: 404, never 403, so an invite-only
 * event's existence (and title) does not leak through registration, check-in or any other route.
 */
export async function assertCanReadEvent(actor: Actor, event: EventRef): Promise<void> {
  const readable = await readableEventIds(actor, [event]);
  if (!readable.has(event._id.toHexString())) throw notFound('活动');
}

/** The query form of `event.read`, for lists: the same rule, evaluated by the database. */
export async function readableEventsFilter(actor: Actor): Promise<Record<string, unknown>> {
  // Someone who may read an invite-only event they neither staff nor are listed on reads them all.
  const unlisted = { registrationMode: 'invite', staff: [] } as const;
  if (can(actor, 'event.read', { event: unlisted, onEventList: false })) return {};
  const mine = actor.personId
    ? await RegistrationModel.distinct('eventId', { personId: actor.personId })
    : [];
  return {
    $or: [{ registrationMode: { $ne: 'invite' } }, { _id: { $in: mine } }, { 'staff.userId': actor.id }],
  };
}
