import { Types } from 'mongoose';
import type {
  AttendeeListQuery,
  RegistrationStatus,
  RegistrationView,
  z,
  RegistrationBody,
} from '@alliance-hub/types';
import { conflict, forbidden, notFound } from '../../errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import { can, type Actor } from '../../policy/policy';
import { ensurePerson } from '../cards/card.service';
import { queryGrams } from '../directory/search-tokens';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';
import { EventModel } from './event.model';
import {
  REGISTRATION_REFS,
  presentRegistration,
  type EventLean,
  type RegistrationLean,
} from './event.presenter';
import { assertCanReadEvent } from './event-access';
import { loadEvent, newCode } from './event.service';
import { RegistrationModel } from './registration.model';

type RegistrationInput = z.output<typeof RegistrationBody>;
const ACTIVE: RegistrationStatus[] = ['registered', 'pending', 'waitlisted'];

export async function loadRegistration(id: Types.ObjectId | string): Promise<RegistrationLean> {
  const reg = await RegistrationModel.findById(id).populate(REGISTRATION_REFS).lean<RegistrationLean>();
  if (!reg) throw notFound('报名记录');
  return reg;
}

/** Takes a seat if one is left: one conditional $inc on the event, so concurrent sign-ups never overbook. */
async function takeSeat(event: EventLean): Promise<boolean> {
  if (event.capacity == null) {
    await EventModel.updateOne({ _id: event._id }, { $inc: { registeredCount: 1 } });
    return true;
  }
  const taken = await EventModel.updateOne(
    { _id: event._id, registeredCount: { $lt: event.capacity } },
    { $inc: { registeredCount: 1 } },
  );
  return taken.modifiedCount === 1;
}

/** Frees a seat and gives it to the first on the waiting list, if any. */
async function releaseSeat(event: EventLean): Promise<void> {
  await EventModel.updateOne(
    { _id: event._id, registeredCount: { $gt: 0 } },
    { $inc: { registeredCount: -1 } },
  );
  const next = await RegistrationModel.findOne({ eventId: event._id, status: 'waitlisted' })
    .sort({ _id: 1 })
    .lean();
  if (next && (await takeSeat(await loadEvent(event._id)))) {
    const promoted = await RegistrationModel.updateOne(
      { _id: next._id, status: 'waitlisted' },
      { $set: { status: 'registered' } },
    );
    if (promoted.modifiedCount === 0)
      await EventModel.updateOne({ _id: event._id }, { $inc: { registeredCount: -1 } });
  }
}

async function whoIsRegistered(actor: Actor, body: RegistrationInput, event: EventLean) {
  if (!body.personId) return ensurePerson(actor);
  const person = await PersonModel.findById(body.personId, { orgId: 1 }).lean();
  if (!person) throw notFound('人员');
  if (!can(actor, 'registration.createForOthers', { event, orgId: person.orgId ?? null })) {
    throw forbidden('只能为本单位的同事报名');
  }
  return person._id;
}

export async function register(
  actor: Actor,
  eventId: string,
  body: RegistrationInput,
): Promise<{ created: boolean; registration: RegistrationView }> {
  const event = await loadEvent(eventId);
  await assertCanReadEvent(actor, event);
  if (event.endsAt < new Date()) throw conflict('活动已结束，无法报名');
  // The organisers' registrations are admitted directly, past the approval step.
  const staffAdding = can(actor, 'registration.decide', { event });
  if (!can(actor, 'event.register', { event })) throw forbidden('该活动仅限受邀人员参加');
  const personId = await whoIsRegistered(actor, body, event);

  const existing = await RegistrationModel.findOne({ eventId: event._id, personId }).lean();
  if (existing && ACTIVE.includes(existing.status)) {
    return { created: false, registration: presentRegistration(await loadRegistration(existing._id), true) };
  }
  const status: RegistrationStatus =
    event.registrationMode === 'approval' && !staffAdding
      ? 'pending'
      : (await takeSeat(event))
        ? 'registered'
        : 'waitlisted';
  const person = await PersonModel.findById(personId, { orgId: 1 }).lean();
  const fields = {
    status,
    registeredBy: actor.id,
    orgId: person?.orgId ?? undefined,
    logistics: body.logistics
      ? {
          ...body.logistics,
          arrivalAt: body.logistics.arrivalAt ? new Date(body.logistics.arrivalAt) : undefined,
        }
      : undefined,
  };
  try {
    if (existing) {
      // Registering again after cancelling reuses the record (and its entry code).
      await RegistrationModel.updateOne(
        { _id: existing._id, status: existing.status },
        { $set: fields, $unset: { checkIn: 1 } },
      );
      return { created: true, registration: presentRegistration(await loadRegistration(existing._id), true) };
    }
    const created = await RegistrationModel.create({
      eventId: event._id,
      personId,
      entryCode: newCode(9),
      ...fields,
    });
    return { created: true, registration: presentRegistration(await loadRegistration(created._id), true) };
  } catch (err) {
    // A concurrent duplicate request won: give back the seat this one took, and its result.
    if (!isDuplicateKey(err)) throw err;
    if (status === 'registered')
      await EventModel.updateOne({ _id: event._id }, { $inc: { registeredCount: -1 } });
    const winner = await RegistrationModel.findOne({ eventId: event._id, personId }).lean();
    if (!winner) throw err;
    return { created: false, registration: presentRegistration(await loadRegistration(winner._id), true) };
  }
}

async function ownOrManaged(actor: Actor, regId: string) {
  const reg = await RegistrationModel.findById(regId).lean();
  if (!reg) throw notFound('报名记录');
  const event = await loadEvent(reg.eventId);
  if (!can(actor, 'registration.cancel', { event, registration: reg })) throw notFound('报名记录');
  return { reg, event };
}

export async function cancelRegistration(actor: Actor, regId: string): Promise<RegistrationView> {
  const { reg, event } = await ownOrManaged(actor, regId);
  if (reg.status === 'cancelled') return presentRegistration(await loadRegistration(reg._id), true);
  if (reg.checkIn) throw conflict('已签到的报名不能取消');
  const cancelled = await RegistrationModel.updateOne(
    { _id: reg._id, status: reg.status },
    { $set: { status: 'cancelled' } },
  );
  if (cancelled.modifiedCount === 1 && reg.status === 'registered') await releaseSeat(event);
  return presentRegistration(await loadRegistration(reg._id), true);
}

export async function decideRegistration(
  actor: Actor,
  regId: string,
  approve: boolean,
): Promise<RegistrationView> {
  const reg = await RegistrationModel.findById(regId).lean();
  if (!reg) throw notFound('报名记录');
  const event = await loadEvent(reg.eventId);
  await assertCanReadEvent(actor, event);
  if (!can(actor, 'registration.decide', { event })) throw forbidden('只有本活动的工作人员可以审核报名');
  if (reg.status !== 'pending') {
    if (
      (approve && ['registered', 'waitlisted'].includes(reg.status)) ||
      (!approve && reg.status === 'rejected')
    ) {
      return presentRegistration(await loadRegistration(reg._id), false);
    }
    throw conflict('该报名已处理');
  }
  const status: RegistrationStatus = !approve
    ? 'rejected'
    : (await takeSeat(event))
      ? 'registered'
      : 'waitlisted';
  const decided = await RegistrationModel.updateOne(
    { _id: reg._id, status: 'pending' },
    { $set: { status } },
  );
  if (decided.modifiedCount === 0 && status === 'registered') {
    await EventModel.updateOne({ _id: event._id }, { $inc: { registeredCount: -1 } });
  }
  return presentRegistration(await loadRegistration(reg._id), false);
}

/** For the event's staff: filters, and search by name, organization or the last digits of a mobile. */
export async function listAttendees(eventId: Types.ObjectId, query: AttendeeListQuery) {
  const filter: Record<string, unknown> = { eventId };
  filter.status = query.status ?? { $in: ['registered', 'pending', 'waitlisted'] };
  if (query.checkedIn === 'yes') filter.checkIn = { $exists: true };
  if (query.checkedIn === 'no') filter.checkIn = { $exists: false };
  if (query.orgKind) {
    filter.orgId = { $in: await OrganizationModel.distinct('_id', { kind: query.orgKind }) };
  }
  if (query.q) filter.personId = { $in: await matchingPeople(eventId, query.q) };
  const after = query.cursor
    ? { _id: { $gt: new Types.ObjectId(Buffer.from(query.cursor, 'base64url').toString('hex')) } }
    : {};
  const docs = await RegistrationModel.find({ ...filter, ...after })
    .sort({ _id: 1 })
    .limit(query.limit + 1)
    .populate(REGISTRATION_REFS)
    .lean<RegistrationLean[]>();
  const page = docs.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => presentRegistration(r, true)),
    nextCursor:
      docs.length > query.limit && last
        ? Buffer.from(last._id.toHexString(), 'hex').toString('base64url')
        : null,
  };
}

async function matchingPeople(eventId: Types.ObjectId, q: string): Promise<Types.ObjectId[]> {
  const registered = await RegistrationModel.distinct('personId', { eventId });
  const digits = q.replace(/\D/g, '');
  if (digits.length >= 4 && digits.length === q.trim().length) {
    // The attendee whose phone is flat: "尾号 8000".
    const people = await PersonModel.find(
      { _id: { $in: registered }, 'contacts.mobile': { $regex: `${digits}$` } },
      { _id: 1 },
    ).lean();
    return people.map((p) => p._id);
  }
  const grams = queryGrams(q);
  if (grams.length === 0) return [];
  const people = await PersonModel.find(
    { _id: { $in: registered }, textGrams: { $all: grams } },
    { _id: 1 },
  ).lean();
  return people.map((p) => p._id);
}
