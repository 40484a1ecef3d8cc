import type { Types } from 'mongoose';
import type {
  AttendeeListQuery,
  RegistrationStatus,
  RegistrationView,
  z,
  RegistrationBody,
} from '@alliance-hub/types';
import { conflict, forbidden, notFound, validation } from '../../errors';
import { ID_CURSOR } from '@alliance-hub/types';
import { isDuplicateKey } from '../../lib/mongo-errors';
import { cursorId, encodeCursor } from '../../lib/pagination';
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

/*
 * Seats and registration state live in two documents and there are no transactions, so every
 * change is a short sequence of single-document conditional updates that is safe to repeat:
 *  - a seat is taken (conditional $inc on the event) just before one conditional state change
 *    that moves a registration into "registered" — and given back if that change loses a race
 *    (the registration was no longer in the state it was read in, or a duplicate was created);
 *  - a seat is given back only by the one update that moved a registration out of "registered".
 * So concurrent double taps, approvals and cancellations never hold two seats for one person.
 */

/** Takes a seat if one is left: one conditional $inc on the event, so concurrent sign-ups never overbook. */
async function takeSeat(event: EventLean): Promise<boolean> {
  const taken = await EventModel.updateOne(
    event.capacity == null
      ? { _id: event._id }
      : { _id: event._id, registeredCount: { $lt: event.capacity } },
    { $inc: { registeredCount: 1 } },
  );
  return taken.modifiedCount === 1;
}

async function giveBackSeat(eventId: Types.ObjectId): Promise<void> {
  await EventModel.updateOne(
    { _id: eventId, registeredCount: { $gt: 0 } },
    { $inc: { registeredCount: -1 } },
  );
}

/** Moves a waitlisted registration into a seat, if one is free and it is still waiting. */
async function promote(event: EventLean, regId: Types.ObjectId): Promise<boolean> {
  if (!(await takeSeat(event))) return false;
  const moved = await RegistrationModel.updateOne(
    { _id: regId, status: 'waitlisted' },
    { $set: { status: 'registered' } },
  );
  if (moved.modifiedCount === 1) return true;
  await giveBackSeat(event._id);
  return false;
}

/** Frees a seat and gives it to the first on the waiting list, if any. */
async function releaseSeat(event: EventLean): Promise<void> {
  await giveBackSeat(event._id);
  const next = await RegistrationModel.findOne({ eventId: event._id, status: 'waitlisted' }, { _id: 1 })
    .sort({ _id: 1 })
    .lean();
  if (next) await promote(await loadEvent(event._id), next._id);
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
  const person = await PersonModel.findById(personId, { orgId: 1 }).lean();
  const seated = event.registrationMode === 'approval' && !staffAdding ? null : await takeSeat(event);
  const fields = {
    status: (seated === null ? 'pending' : seated ? 'registered' : 'waitlisted') as RegistrationStatus,
    registeredBy: actor.id,
    orgId: person?.orgId ?? undefined,
    logistics: body.logistics
      ? {
          ...body.logistics,
          arrivalAt: body.logistics.arrivalAt ? new Date(body.logistics.arrivalAt) : undefined,
        }
      : undefined,
  };
  const claimed = existing ? await reclaim(existing, fields) : await createClaimed(event, personId, fields);
  if (!claimed.won && seated) await giveBackSeat(event._id);
  return {
    created: claimed.won,
    registration: presentRegistration(await loadRegistration(claimed.id), true),
  };
}

type Claim = { won: boolean; id: Types.ObjectId };

/**
 * Registering again after cancelling reuses the record (and its entry code). Only one of several
 * concurrent requests moves it out of the state it was read in; the others answer with its result.
 */
async function reclaim(
  existing: { _id: Types.ObjectId; status: RegistrationStatus },
  fields: object,
): Promise<Claim> {
  const moved = await RegistrationModel.updateOne(
    { _id: existing._id, status: existing.status },
    { $set: fields, $unset: { checkIn: 1 } },
  );
  return { won: moved.modifiedCount === 1, id: existing._id };
}

/** The unique (event, person) index lets exactly one concurrent first registration in. */
async function createClaimed(event: EventLean, personId: Types.ObjectId, fields: object): Promise<Claim> {
  try {
    const created = await RegistrationModel.create({
      eventId: event._id,
      personId,
      entryCode: newCode(9),
      ...fields,
    });
    return { won: true, id: created._id };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const winner = await RegistrationModel.findOne({ eventId: event._id, personId }, { _id: 1 }).lean();
    if (!winner) throw err;
    return { won: false, id: winner._id };
  }
}

/** A registration as addressed by the URL: it must belong to the event named there. */
async function registrationOf(eventId: string, regId: string) {
  const reg = await RegistrationModel.findOne({ _id: regId, eventId }).lean();
  if (!reg) throw notFound('报名记录');
  return reg;
}

async function ownOrManaged(actor: Actor, eventId: string, regId: string) {
  const reg = await registrationOf(eventId, regId);
  const event = await loadEvent(reg.eventId);
  if (!can(actor, 'registration.cancel', { event, registration: reg })) throw notFound('报名记录');
  return { reg, event };
}

export async function cancelRegistration(
  actor: Actor,
  eventId: string,
  regId: string,
): Promise<RegistrationView> {
  const { reg, event } = await ownOrManaged(actor, eventId, regId);
  if (reg.status === 'cancelled') return presentRegistration(await loadRegistration(reg._id), true);
  if (reg.checkIn) throw conflict('已签到的报名不能取消');
  const cancelled = await RegistrationModel.updateOne(
    { _id: reg._id, status: reg.status, checkIn: { $exists: false } },
    { $set: { status: 'cancelled' } },
  );
  if (cancelled.modifiedCount === 1 && reg.status === 'registered') await releaseSeat(event);
  return presentRegistration(await loadRegistration(reg._id), true);
}

export async function decideRegistration(
  actor: Actor,
  eventId: string,
  regId: string,
  approve: boolean,
): Promise<RegistrationView> {
  const reg = await registrationOf(eventId, regId);
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
  const seated = approve && (await takeSeat(event));
  const decided = await RegistrationModel.updateOne(
    { _id: reg._id, status: 'pending' },
    { $set: { status: !approve ? 'rejected' : seated ? 'registered' : 'waitlisted' } },
  );
  if (decided.modifiedCount === 0 && seated) await giveBackSeat(event._id);
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
  const afterId = cursorId(query.cursor);
  const after = afterId ? { _id: { $gt: afterId } } : {};
  const docs = await RegistrationModel.find({ ...filter, ...after })
    .sort({ _id: 1 })
    .limit(query.limit + 1)
    .populate(REGISTRATION_REFS)
    .lean<RegistrationLean[]>();
  const page = docs.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => presentRegistration(r, true)),
    nextCursor: docs.length > query.limit && last ? encodeCursor(ID_CURSOR, [last._id.toHexString()]) : null,
  };
}

/**
 * Digits look up a mobile by exactly its last 4 (尾号), never by a longer or shorter run:
 * answering "does it end in 38000?" would let staff recover a whole number a digit at a time.
 */
export const MOBILE_TAIL_DIGITS = 4;

async function matchingPeople(eventId: Types.ObjectId, q: string): Promise<Types.ObjectId[]> {
  const registered = await RegistrationModel.distinct('personId', { eventId });
  const compact = q.replace(/\s/g, '');
  if (/^\d+$/.test(compact)) {
    if (compact.length !== MOBILE_TAIL_DIGITS) {
      throw validation([{ path: 'query.q', message: '按手机号查找请输入后 4 位数字' }]);
    }
    // Stored numbers may carry spaces or dashes: skip non-digits between the 4, anchored at the end.
    const tail = `${compact.split('').join('\\D*')}\\D*$`;
    const people = await PersonModel.find(
      { _id: { $in: registered }, 'contacts.mobile': { $regex: tail } },
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
