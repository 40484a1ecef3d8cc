import {
  DemandDetailView,
  DemandPage,
  type CooperationMode,
  type DemandCreateBody,
  type DemandProgress,
  type DemandUpdateBody,
  type OrgKind,
  type PublicationStatus,
} from '@alliance-hub/types';
import { request } from '../utils/request';
import { compactQuery } from './directory';

/** 技术需求: search, publish, edit, the review actions. */

/** What the screens ask for; empty strings mean "no filter". */
export interface DemandSearch {
  q?: string;
  field?: string;
  cooperationMode?: CooperationMode | '';
  progress?: DemandProgress | '';
  region?: string;
  ownerKind?: OrgKind | '';
  status?: PublicationStatus | '';
  mine?: boolean;
  cursor?: string | null;
  limit?: number;
}

const path = (id: string, action = '') =>
  `/api/v1/demands/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

/** GET /api/v1/demands — published and visible to me; `mine` or a staff `status` otherwise. */
export function listDemands(search: DemandSearch = {}): Promise<DemandPage> {
  const { mine, ...rest } = search;
  return request('/api/v1/demands', {
    query: compactQuery({ ...rest, mine: mine ? 1 : undefined }),
    schema: DemandPage,
  });
}

/** GET /api/v1/demands/:id */
export function getDemand(id: string): Promise<DemandDetailView> {
  return request(path(id), { schema: DemandDetailView });
}

/** POST /api/v1/demands — a draft; members publish for their own organization only. */
export function createDemand(body: DemandCreateBody): Promise<DemandDetailView> {
  return request('/api/v1/demands', { method: 'POST', body, schema: DemandDetailView });
}

/** PATCH /api/v1/demands/:id — only what changed. */
export function updateDemand(id: string, body: DemandUpdateBody): Promise<DemandDetailView> {
  return request(path(id), { method: 'PATCH', body, schema: DemandDetailView });
}

/** POST …/submit | approve | archive — no body. */
export function demandAction(
  id: string,
  action: 'submit' | 'approve' | 'archive',
): Promise<DemandDetailView> {
  return request(path(id, action), { method: 'POST', body: {}, schema: DemandDetailView });
}

/** POST …/reject — the reason is shown to the author. */
export function rejectDemand(id: string, reason: string): Promise<DemandDetailView> {
  return request(path(id, 'reject'), { method: 'POST', body: { reason }, schema: DemandDetailView });
}
