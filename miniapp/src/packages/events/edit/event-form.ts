import {
  EventCreateBody,
  type EventUpdateBody,
  type EventDetailView,
  type EventKind,
  type STAFF_DUTIES,
} from '@alliance-hub/types';
import { formatShanghaiTime } from '../../../utils/format-time';
import { zodFieldErrors, type FieldErrors } from '../../../utils/field-errors';

export type StaffDuty = (typeof STAFF_DUTIES)[number];

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
  agenda: Array<{ time: string; title: string; speaker: string; organization: string }>;
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
