import {
  CheckInResultView,
  DoorView,
  EventDetailView,
  EventSummaryView,
  RegistrationView,
  StaffUserView,
  pageOf,
  z,
  type AttendeeListQuery,
  type CheckInBody,
  type EventCreateBody,
  type EventUpdateBody,
  type EventKind,
  type RegistrationBody,
} from '@alliance-hub/types';
import { downloadFile, request } from '../utils/request';
import { compactQuery } from './directory';

/** Events: listing, registration, and the door (check-in) endpoints. */

export const EventPage = pageOf(EventSummaryView);
export type EventPage = z.infer<typeof EventPage>;
export const RegistrationPage = pageOf(RegistrationView);
export type RegistrationPage = z.infer<typeof RegistrationPage>;
export const RosterView = z.object({ items: z.array(RegistrationView), eventCode: z.string() });
export type RosterView = z.infer<typeof RosterView>;
export const CheckInBatchView = z.object({ results: z.array(CheckInResultView) });
export type CheckInBatchView = z.infer<typeof CheckInBatchView>;

const StaffUserList = z.object({ items: z.array(StaffUserView) });

/** GET /api/v1/users/staff — coordinators and the secretariat who can staff an event. */
export async function listStaffUsers(): Promise<StaffUserView[]> {
  return (await request('/api/v1/users/staff', { schema: StaffUserList })).items;
}

const eventPath = (id: string) => `/api/v1/events/${encodeURIComponent(id)}`;

export interface EventSearch {
  when?: 'upcoming' | 'past' | 'all';
  kind?: EventKind | '';
  /** `me`: only the events I am on the staff of. */
  staff?: 'me';
  cursor?: string | null;
  limit?: number;
}

/** GET /api/v1/events — the events open to me, soonest first for `upcoming`. */
export function listEvents(search: EventSearch = {}): Promise<EventPage> {
  return request('/api/v1/events', { query: compactQuery(search), schema: EventPage });
}

/** GET /api/v1/events/:id — facts, my registration (with entry code), colleagues, staff flags. */
export function getEvent(id: string): Promise<EventDetailView> {
  return request(eventPath(id), { schema: EventDetailView });
}

/** POST /api/v1/events — coordinators and the secretariat. */
export function createEvent(body: EventCreateBody): Promise<EventDetailView> {
  return request('/api/v1/events', { method: 'POST', body, schema: EventDetailView });
}

/** PATCH /api/v1/events/:id — only the fields named change; null clears an optional one. */
export function updateEvent(id: string, body: EventUpdateBody): Promise<EventDetailView> {
  return request(eventPath(id), { method: 'PATCH', body, schema: EventDetailView });
}

/** POST …/registrations — myself, or a colleague (`personId`); idempotent (200 = already registered). */
export function register(eventId: string, body: RegistrationBody = {}): Promise<RegistrationView> {
  return request(`${eventPath(eventId)}/registrations`, { method: 'POST', body, schema: RegistrationView });
}

/** POST …/registrations/:rid/cancel */
export function cancelRegistration(eventId: string, registrationId: string): Promise<RegistrationView> {
  return request(`${eventPath(eventId)}/registrations/${encodeURIComponent(registrationId)}/cancel`, {
    method: 'POST',
    schema: RegistrationView,
  });
}

/** POST …/registrations/:rid/approve | reject — staff and coordinators. */
export function decideRegistration(
  eventId: string,
  registrationId: string,
  approve: boolean,
): Promise<RegistrationView> {
  const action = approve ? 'approve' : 'reject';
  return request(`${eventPath(eventId)}/registrations/${encodeURIComponent(registrationId)}/${action}`, {
    method: 'POST',
    schema: RegistrationView,
  });
}

export type AttendeeSearch = Partial<Omit<AttendeeListQuery, 'cursor'>> & { cursor?: string | null };

/** GET …/attendees — staff only; `q` is name/org text or ≥ 4 trailing mobile digits. */
export function listAttendees(eventId: string, search: AttendeeSearch = {}): Promise<RegistrationPage> {
  return request(`${eventPath(eventId)}/attendees`, {
    query: compactQuery(search),
    schema: RegistrationPage,
  });
}

/** GET …/roster — staff only: everyone with their entry code, the door phone's offline cache. */
export function getRoster(eventId: string): Promise<RosterView> {
  return request(`${eventPath(eventId)}/roster`, { schema: RosterView });
}

/** GET …/door — staff only: live counts and the latest arrivals. */
export function getDoor(eventId: string): Promise<DoorView> {
  return request(`${eventPath(eventId)}/door`, { schema: DoorView });
}

/**
 * POST …/check-ins — one scan, manual check-in or walk-in. A rejected check-in answers 404/409
 * with a CheckInResultView body; it is returned as a result, not thrown, so the banner can show it.
 */
export async function checkIn(eventId: string, body: CheckInBody): Promise<CheckInResultView> {
  try {
    return await request(`${eventPath(eventId)}/check-ins`, {
      method: 'POST',
      body,
      schema: CheckInResultView,
    });
  } catch (failure) {
    const details = rejectedBody(failure);
    if (details) return details;
    throw failure;
  }
}

/** POST …/check-ins/batch — the offline queue; one result per item, exactly once on the server. */
export function checkInBatch(eventId: string, items: CheckInBody[]): Promise<CheckInBatchView> {
  return request(`${eventPath(eventId)}/check-ins/batch`, {
    method: 'POST',
    body: { items },
    schema: CheckInBatchView,
  });
}

/** POST …/self-check-in — the attendee scanned the event QR at the door. */
export function selfCheckIn(
  eventId: string,
  body: { eventCode: string; clientId: string },
): Promise<CheckInResultView> {
  return request(`${eventPath(eventId)}/self-check-in`, {
    method: 'POST',
    body,
    schema: CheckInResultView,
  });
}

/**
 * GET …/sign-in-sheet.xlsx — downloaded through the request wrapper (token, re-login, error
 * message); resolves with the temp file path (weapp) or a blob: URL (H5).
 */
export function downloadSignInSheet(eventId: string): Promise<string> {
  return downloadFile(`${eventPath(eventId)}/sign-in-sheet.xlsx`, { timeout: 60_000 });
}

function rejectedBody(failure: unknown): CheckInResultView | null {
  if (!(failure instanceof Error) || !('status' in failure)) return null;
  const status = (failure as { status: number }).status;
  if (status !== 404 && status !== 409) return null;
  const message = failure.message;
  return {
    clientId: '',
    outcome: 'rejected',
    message,
    registration: null,
    error: { code: (failure as { code?: string }).code ?? 'REJECTED', message },
  };
}
