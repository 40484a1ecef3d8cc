import {
  EventCreateBody,
  type AgendaItemKind,
  type EventUpdateBody,
  type EventDetailView,
  type EventKind,
  type STAFF_DUTIES,
} from '@alliance-hub/types';
import { formatShanghaiTime } from '../../../utils/format-time';
import { zodFieldErrors, type FieldErrors } from '../../../utils/field-errors';

export type StaffDuty = (typeof STAFF_DUTIES)[number];

/** The item a roadshow slot presents, as picked from the achievement or demand search. */
export interface AgendaLink {
  kind: 'achievement' | 'demand';
  id: string;
  title: string;
  ownerName: string;
}

export interface AgendaFormItem {
  time: string;
  title: string;
  speaker: string;
  organization: string;
  kind: AgendaItemKind;
  link: AgendaLink | null;
}

/** Which item a slot of each kind may present. */
export const LINK_KIND: Record<AgendaItemKind, AgendaLink['kind'] | null> = {
  session: null,
  achievement_roadshow: 'achievement',
  demand_roadshow: 'demand',
};

/** The edit screen's state: strings as typed, Beijing date + time pickers, agenda times as HH:MM. */
export interface EventForm {
  title: string;
  kind: EventKind;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  place: string;
  link: string;
  organisers: string;
  capacity: string;
  registrationMode: 'open' | 'approval' | 'invite';
  description: string;
  agenda: AgendaFormItem[];
  staff: Array<{ userId: string; name: string; duty: StaffDuty }>;
}

const toIso = (date: string, time: string) => `${date}T${time}:00+08:00`;
const datePart = (iso: string) => formatShanghaiTime(iso).slice(0, 10);
const timePart = (iso: string) => formatShanghaiTime(iso).slice(11, 16);

/** A new event: tomorrow 09:00–17:00, with me on the staff as organiser (the server adds me too). */
export function emptyForm(
  now = new Date(),
  me: { id: string; displayName: string } | null = null,
): EventForm {
  const tomorrow = datePart(new Date(now.getTime() + 24 * 3600_000).toISOString());
  return {
    title: '',
    kind: 'annual_meeting',
    startDate: tomorrow,
    startTime: '09:00',
    endDate: tomorrow,
    endTime: '17:00',
    place: '',
    link: '',
    organisers: '',
    capacity: '',
    registrationMode: 'open',
    description: '',
    agenda: [],
    staff: me ? [{ userId: me.id, name: me.displayName, duty: 'organiser' }] : [],
  };
}

export function formFromEvent(event: EventDetailView): EventForm {
  return {
    title: event.title,
    kind: event.kind,
    startDate: datePart(event.startsAt),
    startTime: timePart(event.startsAt),
    endDate: datePart(event.endsAt),
    endTime: timePart(event.endsAt),
    place: event.place ?? '',
    link: event.link ?? '',
    organisers: event.organisers.join('、'),
    capacity: event.capacity ? String(event.capacity) : '',
    registrationMode: event.registrationMode,
    description: event.description ?? '',
    agenda: event.agenda.map((item) => ({
      time: timePart(item.time),
      title: item.title,
      speaker: item.speaker ?? '',
      organization: item.organization ?? '',
      kind: item.kind ?? 'session',
      // Saving sends the link back, so editing an event keeps its roadshow links (editors are staff, who see them all).
      link: item.link
        ? { kind: item.link.kind, id: item.link.id, title: item.link.title, ownerName: item.link.owner.name }
        : null,
    })),
    staff: event.staff.map((s) => ({ userId: s.userId, name: s.name, duty: s.duty })),
    // `fields` are kept by the caller: the screen does not edit them yet.
  };
}

const opt = (value: string) => (value.trim() ? value.trim() : undefined);

/** Form → the body the server parses with the same schema; agenda times fall on the start day. */
export function bodyFromForm(form: EventForm, fields: string[] = []): EventCreateBody {
  const capacity = form.capacity.trim() ? Number(form.capacity.trim()) : undefined;
  return {
    title: form.title.trim(),
    kind: form.kind,
    startsAt: toIso(form.startDate, form.startTime),
    endsAt: toIso(form.endDate, form.endTime),
    place: opt(form.place),
    link: opt(form.link),
    organisers: form.organisers
      .split(/[、,，\n]/)
      .map((s) => s.trim())
      .filter(Boolean),
    fields,
    capacity,
    registrationMode: form.registrationMode,
    description: opt(form.description),
    agenda: form.agenda.map((item) => ({
      time: toIso(form.startDate, item.time),
      title: item.title.trim(),
      speaker: opt(item.speaker),
      organization: opt(item.organization),
      ...(item.kind !== 'session' ? { kind: item.kind } : {}),
      ...(item.link && LINK_KIND[item.kind] === item.link.kind
        ? item.link.kind === 'achievement'
          ? { achievementId: item.link.id }
          : { demandId: item.link.id }
        : {}),
    })),
    staff: form.staff.map(({ userId, duty }) => ({ userId, duty })),
  };
}

/**
 * The edit screen's save: PATCH with every field the screen shows, and an emptied optional field
 * sent as null so the server clears it. Fields the screen does not edit (industry `fields`) are
 * left out, so saving never resets them.
 */
export function patchFromForm(form: EventForm): EventUpdateBody {
  const { fields: _notEdited, ...body } = bodyFromForm(form);
  return {
    ...body,
    place: body.place ?? null,
    link: body.link ?? null,
    capacity: body.capacity ?? null,
    description: body.description ?? null,
  };
}

/** Client-side check with the server's schema; keys match the server's error paths. */
export function validateForm(form: EventForm, fields: string[] = []): FieldErrors {
  const parsed = EventCreateBody.safeParse(bodyFromForm(form, fields));
  return parsed.success ? {} : zodFieldErrors(parsed.error);
}
