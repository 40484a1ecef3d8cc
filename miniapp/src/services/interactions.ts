import {
  InteractionBatchView,
  InteractionPage,
  InteractionView,
  TimelinePage,
  type InteractionCreateBody,
  type InteractionListQuery,
  type InteractionUpdateBody,
  type TimelineKind,
} from '@alliance-hub/types';
import { request } from '../utils/request';
import { compactQuery } from './directory';

/** The interaction log and the organization / person timelines built from it. */

const interactionPath = (id: string) => `/api/v1/interactions/${encodeURIComponent(id)}`;

/** POST /api/v1/interactions — idempotent by `clientId`: a retry answers the record already stored. */
export function logInteraction(body: InteractionCreateBody): Promise<InteractionView> {
  return request('/api/v1/interactions', { method: 'POST', body, schema: InteractionView });
}

/** POST /api/v1/interactions/batch — queued logs in one request; one result per item, in order. */
export function logInteractionBatch(items: InteractionCreateBody[]): Promise<InteractionBatchView> {
  return request('/api/v1/interactions/batch', {
    method: 'POST',
    body: { items },
    schema: InteractionBatchView,
  });
}

export type InteractionSearch = Partial<Omit<InteractionListQuery, 'limit' | 'cursor'>> & {
  cursor?: string | null;
  limit?: number;
};

/** GET /api/v1/interactions — newest first; filters by organization, person, event, mine… */
export function listInteractions(search: InteractionSearch = {}): Promise<InteractionPage> {
  return request('/api/v1/interactions', { query: compactQuery(search), schema: InteractionPage });
}

/** GET /api/v1/interactions/:id */
export function getInteraction(id: string): Promise<InteractionView> {
  return request(interactionPath(id), { schema: InteractionView });
}

/** PATCH /api/v1/interactions/:id — own entries only; `note: null` clears the note. */
export function updateInteraction(id: string, body: InteractionUpdateBody): Promise<InteractionView> {
  return request(interactionPath(id), { method: 'PATCH', body, schema: InteractionView });
}

/** DELETE /api/v1/interactions/:id — own entries only (kept, marked deleted, audited). */
export async function deleteInteraction(id: string): Promise<void> {
  await request(interactionPath(id), { method: 'DELETE' });
}

export interface TimelineSearch {
  /** Empty = every kind. */
  kinds?: TimelineKind[];
  cursor?: string | null;
  limit?: number;
}

function timelineQuery(search: TimelineSearch) {
  return compactQuery({ ...search, kinds: search.kinds?.join(',') });
}

/** GET /api/v1/organizations/:id/timeline — newest first, filtered by what I may see. */
export function organizationTimeline(orgId: string, search: TimelineSearch = {}): Promise<TimelinePage> {
  return request(`/api/v1/organizations/${encodeURIComponent(orgId)}/timeline`, {
    query: timelineQuery(search),
    schema: TimelinePage,
  });
}

/** GET /api/v1/people/:id/timeline */
export function personTimeline(personId: string, search: TimelineSearch = {}): Promise<TimelinePage> {
  return request(`/api/v1/people/${encodeURIComponent(personId)}/timeline`, {
    query: timelineQuery(search),
    schema: TimelinePage,
  });
}
