import {
  InterestPage,
  InterestView,
  SelectionPage,
  SelectionView,
  type InterestCreateBody,
  type SelectionCreateBody,
  type SelectionItemKind,
} from '@alliance-hub/types';
import { request } from '../utils/request';
import { compactQuery } from './directory';

/** 点菜式 selections at an event: ticks by representatives, a work list for the coordinators. */

const selectionsPath = (eventId: string) => `/api/v1/events/${encodeURIComponent(eventId)}/selections`;

export interface SelectionSearch {
  handled?: 'yes' | 'no' | '';
  itemKind?: SelectionItemKind | '';
  cursor?: string | null;
  limit?: number;
}

/** GET …/selections — the event's staff get every tick; anyone else their own. */
export function listSelections(eventId: string, search: SelectionSearch = {}): Promise<SelectionPage> {
  return request(selectionsPath(eventId), { query: compactQuery(search), schema: SelectionPage });
}

/** POST …/selections — idempotent per (person, item, event): ticking again returns the same one. */
export function selectItem(eventId: string, body: SelectionCreateBody): Promise<SelectionView> {
  return request(selectionsPath(eventId), { method: 'POST', body, schema: SelectionView });
}

/** PATCH …/selections/:id — coordinators mark a lead handled (or not). */
export function markSelectionHandled(
  eventId: string,
  selectionId: string,
  handled: boolean,
): Promise<SelectionView> {
  return request(`${selectionsPath(eventId)}/${encodeURIComponent(selectionId)}`, {
    method: 'PATCH',
    body: { handled },
    schema: SelectionView,
  });
}

/** 我感兴趣 outside an event: idempotent per (person, item); a lead on the staff's event-less list. */
export function expressInterest(
  itemKind: SelectionItemKind,
  itemId: string,
  body: InterestCreateBody = {},
): Promise<InterestView> {
  const base = itemKind === 'achievement' ? 'achievements' : 'demands';
  return request(`/api/v1/${base}/${encodeURIComponent(itemId)}/interest`, {
    method: 'POST',
    body,
    schema: InterestView,
  });
}

export interface InterestSearch extends SelectionSearch {
  itemId?: string;
}

/** GET /interests — the staff's event-less leads; anyone else their own (e.g. for one item). */
export function listInterests(search: InterestSearch = {}): Promise<InterestPage> {
  return request('/api/v1/interests', { query: compactQuery(search), schema: InterestPage });
}

/** PATCH /interests/:id — the staff mark an event-less lead handled (or not). */
export function markInterestHandled(interestId: string, handled: boolean): Promise<InterestView> {
  return request(`/api/v1/interests/${encodeURIComponent(interestId)}`, {
    method: 'PATCH',
    body: { handled },
    schema: InterestView,
  });
}
