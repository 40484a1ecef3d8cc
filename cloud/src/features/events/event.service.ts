import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type {
  EventCreateInput,
  EventDetailView,
  EventListQuery,
  EventSummaryView,
} from '@alliance-hub/types';
import { notFound, validation } from '../../errors';
import { can, type Actor } from '../../policy/policy';
import { UserModel } from '../users/user.model';
import { EventModel } from './event.model';
import {
  REGISTRATION_REFS,
  presentEventDetail,
  presentEventSummary,
  presentRegistration,
  type EventLean,
  type RegistrationLean,
} from './event.presenter';
import { assertCanReadEvent, readableEventsFilter } from './event-access';
import { RegistrationModel } from './registration.model';

export const newCode = (bytes = 8) => randomBytes(bytes).toString('base64url');

export const isStaffOf = (event: Pick<EventLean, 'staff'>, actor: Pick<Actor, 'id'>) =>
  event.staff.some((s) => s.userId.equals(actor.id));

export async function loadEvent(id: Types.ObjectId | string): Promise<EventLean> {
  const event = await EventModel.findById(id).lean<EventLean>();
  if (!event) throw notFound('活动');
  return event;
}

async function checkStaffUsers(staff: EventCreateInput['staff']) {
  const ids = staff.map((s) => s.userId);
  const found = await UserModel.countDocuments({ _id: { $in: ids }, status: 'active' });
  if (found !== new Set(ids).size)
    throw validation([{ path: 'body.staff', message: '工作人员中有不存在或已停用的账号' }]);
}

function stored(body: Partial<EventCreateInput>) {
  return {
    ...body,
    ...(body.startsAt ? { startsAt: new Date(body.startsAt) } : {}),
    ...(body.endsAt ? { endsAt: new Date(body.endsAt) } : {}),
    ...(body.agenda ? { agenda: body.agenda.map((a) => ({ ...a, time: new Date(a.time) })) } : {}),
  };
}

export async function createEvent(actor: Actor, body: EventCreateInput): Promise<EventDetailView> {
  await checkStaffUsers(body.staff);
  const created = await EventModel.create({ ...stored(body), eventCode: newCode(), createdBy: actor.id });
  return getEvent(actor, created._id);
}

export async function updateEvent(
  actor: Actor,
  id: string,
  body: EventCreateInput,
): Promise<EventDetailView> {
  const event = await loadEvent(id);
  await checkStaffUsers(body.staff);
  if (body.capacity !== undefined && body.capacity < event.registeredCount) {
    throw validation([
      { path: 'body.capacity', message: `已有 ${event.registeredCount} 人报名，名额不能少于报名人数` },
    ]);
  }
  await EventModel.updateOne({ _id: event._id }, { $set: stored(body) });
  return getEvent(actor, event._id);
}

/** Upcoming events soonest first; past (and all) most recent first. The cursor is (startsAt, _id). */
function timeOrder(when: EventListQuery['when']) {
  return when === 'upcoming' ? 1 : -1;
}

function encodeEventCursor(event: EventLean): string {
  return Buffer.from(`${event.startsAt.getTime()}:${event._id.toHexString()}`).toString('base64url');
}

function afterEventCursor(cursor: string | undefined, direction: 1 | -1): Record<string, unknown> {
  if (!cursor) return {};
  const [ms, hex] = Buffer.from(cursor, 'base64url').toString().split(':');
  if (!/^\d+$/.test(ms ?? '') || !/^[a-f\d]{24}$/.test(hex ?? '')) {
    throw validation([{ path: 'query.cursor', message: '分页游标无效，请刷新列表' }]);
  }
  const startsAt = new Date(Number(ms));
  const beyond = direction === 1 ? '$gt' : '$lt';
  return {
    $or: [{ startsAt: { [beyond]: startsAt } }, { startsAt, _id: { [beyond]: new Types.ObjectId(hex) } }],
  };
}

export async function listEvents(
  actor: Actor,
  query: EventListQuery,
): Promise<{ items: EventSummaryView[]; nextCursor: string | null }> {
  const now = new Date();
  const direction = timeOrder(query.when);
  const conditions: Record<string, unknown>[] = [
    await readableEventsFilter(actor),
    afterEventCursor(query.cursor, direction),
  ];
  if (query.kind) conditions.push({ kind: query.kind });
  if (query.when === 'upcoming') conditions.push({ endsAt: { $gte: now } });
  if (query.when === 'past') conditions.push({ endsAt: { $lt: now } });
  const docs = await EventModel.find({ $and: conditions })
    .sort({ startsAt: direction, _id: direction })
    .limit(query.limit + 1)
    .lean<EventLean[]>();
  const page = docs.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(presentEventSummary),
    nextCursor: docs.length > query.limit && last ? encodeEventCursor(last) : null,
  };
}

export async function getEvent(actor: Actor, id: Types.ObjectId | string): Promise<EventDetailView> {
  const event = await loadEvent(id);
  await assertCanReadEvent(actor, event);
  const mine = actor.personId
    ? await RegistrationModel.findOne({ eventId: event._id, personId: actor.personId })
        .populate(REGISTRATION_REFS)
        .lean<RegistrationLean>()
    : null;
  const colleagues = actor.orgId
    ? await RegistrationModel.find({
        eventId: event._id,
        orgId: actor.orgId,
        status: { $in: ['registered', 'pending', 'waitlisted'] },
      })
        .populate('personId', 'name')
        .limit(50)
        .lean<Array<{ personId: { name: string } | null; status: RegistrationLean['status'] }>>()
    : [];
  const staffUsers = await UserModel.find(
    { _id: { $in: event.staff.map((s) => s.userId) } },
    { displayName: 1 },
  ).lean();
  return presentEventDetail(event, {
    myRegistration: mine ? presentRegistration(mine, true) : null,
    colleagues: colleagues.map((c) => ({ name: c.personId?.name ?? '', status: c.status })),
    isStaff: isStaffOf(event, actor),
    canEdit: can(actor, 'event.manage'),
    staffNames: new Map(staffUsers.map((u) => [u._id.toHexString(), u.displayName])),
  });
}
