import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type {
  EventCreateInput,
  EventUpdateInput,
  EventDetailView,
  EventListQuery,
  EventSummaryView,
} from '@alliance-hub/types';
import { TIME_CURSOR } from '@alliance-hub/types';
import { notFound, validation } from '../../errors';
import { encodeCursor, readCursor } from '../../lib/pagination';
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
import { agendaLinksOf, checkAgendaLinks } from '../publications/agenda-links';

export const newCode = (bytes = 8) => randomBytes(bytes).toString('base64url');

export const isStaffOf = (event: Pick<EventLean, 'staff'>, actor: Pick<Actor, 'id'>) =>
  event.staff.some((s) => s.userId.equals(actor.id));

export async function loadEvent(id: Types.ObjectId | string): Promise<EventLean> {
  const event = await EventModel.findById(id).lean<EventLean>();
  if (!event) throw notFound('活动');
  return event;
}

/** Who can be put on an event's staff: the same roles GET /users/staff offers in the picker. */
const STAFF_ROLES = ['coordinator', 'secretariat'] as const;

/**
 * Staff see attendees' names and check people in, so only the alliance's own people qualify:
 * a member or guest named here is refused by name, not silently dropped.
 */
/**
 * Check-ins read the same event on every scan (a 3,000-person door in an hour): a copy kept for
 * a moment spares one database read per scan. An edit in this process drops the copy at once;
 * one made through another process reaches the door within DOOR_EVENT_TTL_MS.
 */
const DOOR_EVENT_TTL_MS = 2_000;
const doorEvents = new Map<string, { event: EventLean; until: number }>();

export async function loadEventForDoor(id: string): Promise<EventLean> {
  const now = Date.now();
  const kept = doorEvents.get(id);
  if (kept && kept.until > now) return kept.event;
  const event = await loadEvent(id);
  if (doorEvents.size > 200) doorEvents.clear();
  doorEvents.set(id, { event, until: now + DOOR_EVENT_TTL_MS });
  return event;
}

async function checkStaffUsers(staff: EventCreateInput['staff']) {
  const ids = [...new Set(staff.map((s) => s.userId))];
  const users = await UserModel.find({ _id: { $in: ids } }, { displayName: 1, role: 1, status: 1 }).lean();
  const byId = new Map(users.map((u) => [u._id.toHexString(), u]));
  const problems = staff.flatMap((s, i) => {
    const user = byId.get(s.userId);
    const path = `body.staff.${i}.userId`;
    if (!user || user.status !== 'active') return [{ path, message: '工作人员中有不存在或已停用的账号' }];
    if (!(STAFF_ROLES as readonly string[]).includes(user.role)) {
      return [{ path, message: `${user.displayName} 不是白衬衫或秘书处成员，不能担任活动工作人员` }];
    }
    return [];
  });
  if (problems.length > 0) throw validation(problems);
}

function stored(body: Partial<EventCreateInput>) {
  return {
    ...body,
    ...(body.startsAt ? { startsAt: new Date(body.startsAt) } : {}),
    ...(body.endsAt ? { endsAt: new Date(body.endsAt) } : {}),
    ...(body.agenda ? { agenda: body.agenda.map((a) => ({ ...a, time: new Date(a.time) })) } : {}),
  };
}

/** The creator organises the event, so they are on its staff from the start (door, attendee list). */
function withOrganiser(actor: Actor, staff: EventCreateInput['staff']): EventCreateInput['staff'] {
  const me = actor.id.toHexString();
  return staff.some((s) => s.userId === me) ? staff : [{ userId: me, duty: 'organiser' }, ...staff];
}

/**
 * Events created before the creator was put on the staff: add them as organiser once, at start-up,
 * so the staff list and the door agree with what the event form shows. Safe to run again.
 */
export async function addCreatorsToStaff(): Promise<number> {
  const missing = await EventModel.find({ createdBy: { $exists: true } }, { createdBy: 1, staff: 1 }).lean();
  let added = 0;
  for (const event of missing) {
    const creator = event.createdBy;
    if (!creator || event.staff.some((s) => s.userId.equals(creator))) continue;
    const res = await EventModel.updateOne(
      { _id: event._id, 'staff.userId': { $ne: creator } },
      { $push: { staff: { $each: [{ userId: creator, duty: 'organiser' }], $position: 0 } } },
    );
    added += res.modifiedCount;
  }
  return added;
}

export async function createEvent(actor: Actor, body: EventCreateInput): Promise<EventDetailView> {
  // Checked as sent, so an error's path names the entry the form shows; the creator qualifies
  // already (only coordinators and the secretariat create events).
  await checkStaffUsers(body.staff);
  await checkAgendaLinks(body.agenda);
  const staff = withOrganiser(actor, body.staff);
  const created = await EventModel.create({
    ...stored({ ...body, staff }),
    eventCode: newCode(),
    createdBy: actor.id,
  });
  return getEvent(actor, created._id);
}

/** Rules spanning several fields, checked on the event as it will be after a partial update. */
function checkMerged(event: EventLean, body: EventUpdateInput) {
  const startsAt = body.startsAt ? Date.parse(body.startsAt) : event.startsAt.getTime();
  const endsAt = body.endsAt ? Date.parse(body.endsAt) : event.endsAt.getTime();
  if (endsAt <= startsAt) {
    throw validation([{ path: 'body.endsAt', message: '结束时间应晚于开始时间' }]);
  }
  const kind = body.kind ?? event.kind;
  const link = body.link === undefined ? event.link : body.link;
  if (kind === 'online' && !link) {
    throw validation([{ path: 'body.link', message: '云对接活动请填写直播/会议链接' }]);
  }
}

/** Only the fields the body names change; `null` clears an optional one. */
export async function updateEvent(
  actor: Actor,
  id: string,
  body: EventUpdateInput,
): Promise<EventDetailView> {
  const event = await loadEvent(id);
  if (body.staff) await checkStaffUsers(body.staff);
  if (body.agenda) await checkAgendaLinks(body.agenda);
  checkMerged(event, body);
  const set: Partial<EventCreateInput> = {};
  const unset: Record<string, 1> = {};
  for (const [key, value] of Object.entries(body) as Array<[keyof EventUpdateInput, unknown]>) {
    if (value === undefined) continue;
    if (value === null) unset[key] = 1;
    else Object.assign(set, { [key]: value });
  }
  // The capacity is compared with the seats taken in the same atomic update, so a sign-up
  // racing this edit cannot leave more people registered than seats.
  const capacityGuard = body.capacity != null ? { registeredCount: { $lte: body.capacity } } : {};
  const update = {
    ...(Object.keys(set).length > 0 ? { $set: stored(set) } : {}),
    ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
  };
  if (Object.keys(update).length === 0) return getEvent(actor, event._id);
  const changed = await EventModel.updateOne({ _id: event._id, ...capacityGuard }, update);
  doorEvents.delete(event._id.toHexString());
  if (changed.matchedCount === 0) {
    const now = await loadEvent(event._id);
    throw validation([
      { path: 'body.capacity', message: `已有 ${now.registeredCount} 人报名，名额不能少于报名人数` },
    ]);
  }
  return getEvent(actor, event._id);
}

/** Upcoming events soonest first; past (and all) most recent first. The cursor is (startsAt, _id). */
function timeOrder(when: EventListQuery['when']) {
  return when === 'upcoming' ? 1 : -1;
}

function encodeEventCursor(event: EventLean): string {
  return encodeCursor(TIME_CURSOR, [event.startsAt.getTime(), event._id.toHexString()]);
}

function afterEventCursor(cursor: string | undefined, direction: 1 | -1): Record<string, unknown> {
  const values = readCursor(TIME_CURSOR, cursor);
  if (!values) return {};
  const [ms, hex] = values;
  const startsAt = new Date(ms);
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
  if (query.staff === 'me') conditions.push({ 'staff.userId': actor.id });
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
    agendaLinks: await agendaLinksOf(actor, event.agenda),
  });
}
