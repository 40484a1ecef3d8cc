import type { Types } from 'mongoose';
import type {
  AgendaItemKind,
  EventDetailView,
  EventSummaryView,
  OrgKind,
  RegistrationView,
} from '@alliance-hub/types';
import type { EventRecord } from './event.model';
import type { Registration } from './registration.model';

export type EventLean = EventRecord & { _id: Types.ObjectId };

/** Check-in opens two hours before the start and closes at the end. */
export function checkInWindow(event: Pick<EventLean, 'startsAt' | 'endsAt'>) {
  return { opensAt: new Date(event.startsAt.getTime() - 2 * 3600_000), closesAt: event.endsAt };
}

export function presentEventSummary(event: EventLean): EventSummaryView {
  return {
    id: event._id.toHexString(),
    title: event.title,
    kind: event.kind,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    place: event.place ?? null,
    link: event.link ?? null,
    capacity: event.capacity ?? null,
    registeredCount: event.registeredCount,
    registrationMode: event.registrationMode,
  };
}

export type RegistrationLean = Omit<Registration, 'personId' | 'orgId' | 'checkIn'> & {
  _id: Types.ObjectId;
  createdAt: Date;
  personId: { _id: Types.ObjectId; name: string; title?: string | null } | null;
  orgId?: { _id: Types.ObjectId; name: string; kind: OrgKind } | null;
  checkIn?: {
    at: Date;
    method: NonNullable<Registration['checkIn']>['method'];
    byUserId?: { _id: Types.ObjectId; displayName: string } | null;
  } | null;
};

export function presentRegistration(reg: RegistrationLean, showEntryCode: boolean): RegistrationView {
  return {
    id: reg._id.toHexString(),
    status: reg.status,
    person: {
      id: reg.personId?._id.toHexString() ?? '',
      name: reg.personId?.name ?? '（已删除）',
      title: reg.personId?.title ?? null,
    },
    organization: reg.orgId
      ? { id: reg.orgId._id.toHexString(), name: reg.orgId.name, kind: reg.orgId.kind }
      : reg.orgName
        ? { id: null, name: reg.orgName, kind: null }
        : null,
    entryCode: showEntryCode ? reg.entryCode : null,
    checkIn: reg.checkIn
      ? {
          at: reg.checkIn.at.toISOString(),
          method: reg.checkIn.method,
          by: reg.checkIn.byUserId
            ? { id: reg.checkIn.byUserId._id.toHexString(), name: reg.checkIn.byUserId.displayName }
            : null,
        }
      : null,
    walkIn: reg.walkIn ?? false,
    logistics: reg.logistics
      ? {
          arrivalAt: reg.logistics.arrivalAt?.toISOString() ?? null,
          transport: reg.logistics.transport ?? null,
          note: reg.logistics.note ?? null,
        }
      : null,
    createdAt: reg.createdAt.toISOString(),
  };
}

export function presentEventDetail(
  event: EventLean,
  extra: Pick<EventDetailView, 'myRegistration' | 'colleagues' | 'isStaff' | 'canEdit'> & {
    staffNames: Map<string, string>;
    /** The achievement or demand each roadshow slot presents, by agenda index, as this viewer may see it. */
    agendaLinks?: Map<number, NonNullable<EventDetailView['agenda'][number]['link']>>;
  },
): EventDetailView {
  const window = checkInWindow(event);
  return {
    ...presentEventSummary(event),
    organisers: event.organisers,
    fields: event.fields,
    description: event.description ?? null,
    agenda: event.agenda.map((a, index) => ({
      time: a.time.toISOString(),
      title: a.title,
      speaker: a.speaker ?? null,
      organization: a.organization ?? null,
      kind: (a.kind ?? 'session') as AgendaItemKind,
      link: extra.agendaLinks?.get(index) ?? null,
    })),
    staff: event.staff.map((s) => ({
      userId: s.userId.toHexString(),
      name: extra.staffNames.get(s.userId.toHexString()) ?? '',
      duty: s.duty,
    })),
    checkInWindow: { opensAt: window.opensAt.toISOString(), closesAt: window.closesAt.toISOString() },
    myRegistration: extra.myRegistration,
    colleagues: extra.colleagues,
    isStaff: extra.isStaff,
    canEdit: extra.canEdit,
  };
}

/** How a registration is loaded for presenting. */
export const REGISTRATION_REFS = [
  { path: 'personId', select: 'name title' },
  { path: 'orgId', select: 'name kind' },
  { path: 'checkIn.byUserId', select: 'displayName' },
];
