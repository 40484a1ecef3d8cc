import {
  MatchFeedbackView,
  MatchListView,
  RecommendationListView,
  SynonymGroupView,
  SynonymListView,
  type MatchFeedbackBody,
  type MatchTargetKind,
  type SynonymCreateBody,
  type SynonymUpdateBody,
} from '@alliance-hub/types';
import { request } from '../utils/request';
import { compactQuery } from './directory';

/** 精准对接: matches of an achievement or demand, feedback on them, 为你推荐, the synonym table. */

export type MatchSubjectKind = 'achievement' | 'demand';

const subjectPath = (kind: MatchSubjectKind, id: string) =>
  `/api/v1/${kind === 'achievement' ? 'achievements' : 'demands'}/${encodeURIComponent(id)}/matches`;

/** GET /api/v1/{demands|achievements}/:id/matches */
export function listMatches(
  kind: MatchSubjectKind,
  id: string,
  query: { kind?: MatchTargetKind; limit?: number } = {},
): Promise<MatchListView> {
  return request(subjectPath(kind, id), { query: compactQuery(query), schema: MatchListView });
}

/** POST …/matches/feedback — 不合适 with a reason, or 已对接; one answer per result, a repeat replaces it. */
export function giveMatchFeedback(
  kind: MatchSubjectKind,
  id: string,
  body: MatchFeedbackBody,
): Promise<MatchFeedbackView> {
  return request(`${subjectPath(kind, id)}/feedback`, { method: 'POST', body, schema: MatchFeedbackView });
}

/** GET /api/v1/matching/recommendations — 为你推荐 for my organization. */
export function listRecommendations(): Promise<RecommendationListView> {
  return request('/api/v1/matching/recommendations', { schema: RecommendationListView });
}

/** GET /api/v1/matching/synonyms (staff). */
export function listSynonyms(q?: string): Promise<SynonymListView> {
  return request('/api/v1/matching/synonyms', { query: compactQuery({ q }), schema: SynonymListView });
}

/** POST /api/v1/matching/synonyms (secretariat). */
export function createSynonymGroup(body: SynonymCreateBody): Promise<SynonymGroupView> {
  return request('/api/v1/matching/synonyms', { method: 'POST', body, schema: SynonymGroupView });
}

/** PATCH /api/v1/matching/synonyms/:id with the version last read (409 when someone else saved first). */
export function updateSynonymGroup(id: string, body: SynonymUpdateBody): Promise<SynonymGroupView> {
  return request(`/api/v1/matching/synonyms/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body,
    schema: SynonymGroupView,
  });
}

/** DELETE /api/v1/matching/synonyms/:id (secretariat). */
export function deleteSynonymGroup(id: string): Promise<unknown> {
  return request(`/api/v1/matching/synonyms/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
