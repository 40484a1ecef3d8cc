import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import {
  normalizeOrgName,
  type CheckInInput,
  type CheckInResultView,
  type DoorView,
} from '@alliance-hub/types';
import { forbidden, notFound, validation } from '../../errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import { can, type Actor } from '../../policy/policy';
import { ensurePerson } from '../cards/card.service';
import { personSearchFields } from '../directory/search-tokens';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';
import { EventModel } from './event.model';
import {
  REGISTRATION_REFS,
  checkInWindow,
  presentRegistration,
  type EventLean,
  type RegistrationLean,
} from './event.presenter';
import { assertCanReadEvent } from './event-access';
import { loadEvent, newCode } from './event.service';
import { loadRegistration } from './registration.service';
import { RegistrationModel } from './registration.model';

const clock = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
// Door phones' clocks drift; a scan stamped slightly in the future is still a real scan.
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The staff screens (attendees, roster, door, check-ins, sign-in sheet). Someone off the staff
 * of an invite-only event gets a 404 as for any unreadable event; whether they are on its list
 * need not be looked up, since these screens are never theirs either way.
 */
export function assertCanCheckIn(actor: Actor, event: EventLean): void {
  if (can(actor, 'event.checkIn', { event })) return;
  if (!can(actor, 'event.read', { event, onEventList: false })) throw notFound('活动');
  throw forbidden('只有本活动的工作人员可以为他人签到');
}

const rejected = (clientId: string, code: string, message: string): CheckInResultView => ({
  clientId,
  outcome: 'rejected',
  message,
  registration: null,
  error: { code, message },
});

function alreadyMessage(reg: RegistrationLean): string {
  const by = reg.checkIn?.byUserId?.displayName;
  const at = reg.checkIn ? clock.format(reg.checkIn.at) : '';
  return by ? `已于 ${at} 由 ${by} 签到` : `已于 ${at} 签到`;
}

/**
 * A walk-in's person and registration ids derive from the event and the door phone's client id:
 * retries of the same scan find them, and a client id reused at another event (a reinstalled
 * phone, a copied outbox) can never reach this event's records.
 */
const idFromClientId = (eventId: Types.ObjectId, clientId: string, salt: string) =>
  new Types.ObjectId(
    createHash('sha256').update(`${salt}:${eventId.toHexString()}:${clientId}`).digest('hex').slice(0, 24),
  );

/**
 * The directory organization a walk-in named, by its name or an unambiguous alias (哈工大), so
 * the attendee list and sign-in sheet show the same organization as everywhere else.
 */
async function organizationNamed(name: string): Promise<Types.ObjectId | null> {
  const key = normalizeOrgName(name);
  const found = await OrganizationModel.find({ $or: [{ nameKey: key }, { aliasKeys: key }] }, { nameKey: 1 })
    .limit(2)
    .lean();
  const exact = found.find((org) => org.nameKey === key);
  return exact?._id ?? (found.length === 1 ? found[0]._id : null);
}

async function registerWalkIn(
  event: EventLean,
  input: NonNullable<CheckInInput['walkIn']>,
  clientId: string,
) {
  const orgId = input.organization ? await organizationNamed(input.organization) : null;
  const personId = idFromClientId(event._id, clientId, 'walk-in-person');
  await PersonModel.updateOne(
    { _id: personId },
    {
      $setOnInsert: {
        name: input.name,
        ...(orgId ? { orgId } : {}),
        contacts: input.mobile ? { mobile: input.mobile } : {},
        ...personSearchFields({ name: input.name, orgName: input.organization ?? null }),
      },
    },
    { upsert: true },
  );
  const registrationId = idFromClientId(event._id, clientId, 'walk-in-registration');
  try {
    await RegistrationModel.create({
      _id: registrationId,
      eventId: event._id,
      personId,
      status: 'registered',
      entryCode: newCode(9),
      walkIn: true,
      walkInClientId: clientId,
      // Kept as typed when no directory record matches: the sheet must still say where they are from.
      ...(orgId ? { orgId } : input.organization ? { orgName: input.organization } : {}),
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  return registrationId;
}

async function resolveRegistration(
  event: EventLean,
  input: CheckInInput,
): Promise<Types.ObjectId | CheckInResultView> {
  if (input.walkIn) return registerWalkIn(event, input.walkIn, input.clientId);
  const reg = input.entryCode
    ? await RegistrationModel.findOne({ eventId: event._id, entryCode: input.entryCode }, { _id: 1 }).lean()
    : await RegistrationModel.findOne({ eventId: event._id, _id: input.registrationId }, { _id: 1 }).lean();
  return reg?._id ?? rejected(input.clientId, 'NOT_FOUND', '入场码无效或不属于本活动，请核对后手动查找');
}

/**
 * The common case at a busy door — a registered attendee's first scan — in one conditional
 * update that also returns what the banner shows. Anything else (a repeat, a waiting-list
 * registration, a walk-in, an unknown code) returns null and takes the general path below.
 */
async function firstCheckIn(
  actor: Actor,
  event: EventLean,
  input: CheckInInput,
  at: Date,
): Promise<CheckInResultView | null> {
  if (input.walkIn) return null;
  const target = input.entryCode ? { entryCode: input.entryCode } : { _id: input.registrationId };
  const checkIn = { at, byUserId: actor.id, method: input.method, clientId: input.clientId };
  const reg = await RegistrationModel.findOneAndUpdate(
    { ...target, eventId: event._id, status: 'registered', checkIn: { $exists: false } },
    { $set: { checkIn } },
    { returnDocument: 'after' },
  ).lean();
  if (!reg) return null;
  // Two point reads instead of populate; who checked them in is the actor, already loaded.
  const [person, org] = await Promise.all([
    PersonModel.findById(reg.personId, { name: 1, title: 1 }).lean(),
    reg.orgId ? OrganizationModel.findById(reg.orgId, { name: 1, kind: 1 }).lean() : null,
  ]);
  const by = actor.displayName === undefined ? null : { _id: actor.id, displayName: actor.displayName };
  const shown: RegistrationLean = {
    ...reg,
    personId: person,
    orgId: org,
    checkIn: { at, method: input.method, byUserId: by },
  };
  return {
    clientId: input.clientId,
    outcome: 'checked_in',
    message: `${person?.name ?? ''} 签到成功`,
    registration: presentRegistration(shown, false),
    error: null,
  };
}

/**
 * One check-in, exactly once whatever the retries: the update only ever moves the check-in
 * time earlier, so two coordinators scanning the same person (or a phone syncing twice)
 * converge on the earliest real time.
 */
export async function checkIn(
  actor: Actor,
  event: EventLean,
  input: CheckInInput,
): Promise<CheckInResultView> {
  const at = new Date(input.at);
  const window = checkInWindow(event);
  if (at.getTime() > Date.now() + CLOCK_SKEW_MS || at.getTime() < window.opensAt.getTime() - 24 * 3600_000) {
    return rejected(input.clientId, 'VALIDATION_FAILED', '签到时间不在活动时间范围内，请检查手机时间');
  }
  const first = await firstCheckIn(actor, event, input, at);
  if (first) return first;
  const resolved = await resolveRegistration(event, input);
  if (!(resolved instanceof Types.ObjectId)) return resolved;
  const before = await RegistrationModel.findById(resolved, { status: 1, checkIn: 1 }).lean();
  if (!before) return rejected(input.clientId, 'NOT_FOUND', '报名记录不存在');
  if (before.status === 'cancelled' || before.status === 'rejected') {
    return rejected(
      input.clientId,
      'CONFLICT',
      before.status === 'cancelled' ? '该报名已取消，可现场登记后签到' : '该报名未通过审核，请联系工作人员',
    );
  }
  if (before.status === 'pending' || before.status === 'waitlisted') {
    // Standing at the door decides it: they are in, seat or not.
    const promoted = await RegistrationModel.updateOne(
      { _id: resolved, status: before.status },
      { $set: { status: 'registered' } },
    );
    if (promoted.modifiedCount === 1)
      await EventModel.updateOne({ _id: event._id }, { $inc: { registeredCount: 1 } });
  }
  const moved = await RegistrationModel.updateOne(
    { _id: resolved, $or: [{ checkIn: { $exists: false } }, { 'checkIn.at': { $gt: at } }] },
    {
      $set: {
        checkIn: {
          at,
          byUserId: actor.id,
          method: input.walkIn ? 'walk_in' : input.method,
          clientId: input.clientId,
        },
      },
    },
  );
  const reg = await loadRegistration(resolved);
  const registration = presentRegistration(reg, false);
  if (moved.modifiedCount === 1 && !before.checkIn) {
    return {
      clientId: input.clientId,
      outcome: input.walkIn ? 'walk_in_registered' : 'checked_in',
      message: `${reg.personId?.name ?? ''} 签到成功`,
      registration,
      error: null,
    };
  }
  return {
    clientId: input.clientId,
    outcome: 'already_checked_in',
    message: alreadyMessage(reg),
    registration,
    error: null,
  };
}

/** Offline sync: every queued scan gets its own result; one bad item never fails the batch. */
export async function checkInBatch(
  actor: Actor,
  event: EventLean,
  items: CheckInInput[],
): Promise<CheckInResultView[]> {
  const results: CheckInResultView[] = [];
  for (const item of items) results.push(await checkIn(actor, event, item));
  return results;
}

export async function selfCheckIn(
  actor: Actor,
  eventId: string,
  eventCode: string,
  clientId: string,
): Promise<CheckInResultView> {
  const event = await loadEvent(eventId);
  await assertCanReadEvent(actor, event);
  if (event.eventCode !== eventCode)
    throw validation([{ path: 'body.eventCode', message: '签到码不属于该活动' }]);
  const window = checkInWindow(event);
  const now = new Date();
  if (now < window.opensAt || now > window.closesAt) {
    throw validation([{ path: 'body.eventCode', message: `签到时间为活动开始前 2 小时至活动结束` }]);
  }
  const personId = await ensurePerson(actor);
  const reg = await RegistrationModel.findOne({ eventId: event._id, personId }, { _id: 1, status: 1 }).lean();
  if (!reg || reg.status === 'cancelled' || reg.status === 'rejected') {
    throw notFound('你在本活动的报名');
  }
  // Same rule as a staff scan, recorded as done by the attendee themself.
  return checkIn(actor, event, {
    clientId,
    at: now.toISOString(),
    method: 'self',
    registrationId: reg._id.toHexString(),
  });
}

export async function doorView(event: EventLean): Promise<DoorView> {
  const [registered, checkedIn, walkIns, latest] = await Promise.all([
    RegistrationModel.countDocuments({ eventId: event._id, status: 'registered', walkIn: { $ne: true } }),
    RegistrationModel.countDocuments({ eventId: event._id, checkIn: { $exists: true } }),
    RegistrationModel.countDocuments({ eventId: event._id, walkIn: true }),
    RegistrationModel.find({ eventId: event._id, checkIn: { $exists: true } })
      .sort({ 'checkIn.at': -1 })
      .limit(10)
      .populate(REGISTRATION_REFS)
      .lean<RegistrationLean[]>(),
  ]);
  return { registered, checkedIn, walkIns, latest: latest.map((r) => presentRegistration(r, false)) };
}

/** Everything a door phone needs to keep checking people in offline. */
export async function roster(event: EventLean) {
  const regs = await RegistrationModel.find({
    eventId: event._id,
    status: { $in: ['registered', 'pending', 'waitlisted'] },
  })
    .sort({ _id: 1 })
    .populate(REGISTRATION_REFS)
    .lean<RegistrationLean[]>();
  return { items: regs.map((r) => presentRegistration(r, true)), eventCode: event.eventCode };
}
