import {
  AchievementDetailView,
  AchievementPage,
  type AchievementCreateBody,
  type AchievementUpdateBody,
  type Maturity,
  type OrgKind,
  type PublicationStatus,
  type TransferMode,
} from '@alliance-hub/types';
import { request } from '../utils/request';
import { compactQuery } from './directory';

/** 科技成果: search, publish, edit, the review actions. */

/** What the screens ask for; empty strings mean "no filter". */
export interface AchievementSearch {
  q?: string;
  field?: string;
  maturity?: Maturity | '';
  transferMode?: TransferMode | '';
  region?: string;
  ownerKind?: OrgKind | '';
  status?: PublicationStatus | '';
  mine?: boolean;
  cursor?: string | null;
  limit?: number;
}

const path = (id: string, action = '') =>
  `/api/v1/achievements/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

/** GET /api/v1/achievements — published ones, relevance then recency; `mine` or a staff `status` otherwise. */
export function listAchievements(search: AchievementSearch = {}): Promise<AchievementPage> {
  const { mine, ...rest } = search;
  return request('/api/v1/achievements', {
    query: compactQuery({ ...rest, mine: mine ? 1 : undefined }),
    schema: AchievementPage,
  });
}

/** GET /api/v1/achievements/:id — contacts follow the privacy rule; interest and review for owner and staff. */
export function getAchievement(id: string): Promise<AchievementDetailView> {
  return request(path(id), { schema: AchievementDetailView });
}

/** POST /api/v1/achievements — a draft; members publish for their own organization only. */
export function createAchievement(body: AchievementCreateBody): Promise<AchievementDetailView> {
  return request('/api/v1/achievements', { method: 'POST', body, schema: AchievementDetailView });
}

/** PATCH /api/v1/achievements/:id — only what changed; a substantive edit of a published one goes back to review. */
export function updateAchievement(id: string, body: AchievementUpdateBody): Promise<AchievementDetailView> {
  return request(path(id), { method: 'PATCH', body, schema: AchievementDetailView });
}

/** POST …/submit | approve | archive — no body. */
export function achievementAction(
  id: string,
  action: 'submit' | 'approve' | 'archive',
): Promise<AchievementDetailView> {
  return request(path(id, action), { method: 'POST', body: {}, schema: AchievementDetailView });
}

/** POST …/reject — the reason is shown to the author. */
export function rejectAchievement(id: string, reason: string): Promise<AchievementDetailView> {
  return request(path(id, 'reject'), { method: 'POST', body: { reason }, schema: AchievementDetailView });
}
