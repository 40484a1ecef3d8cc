import {
  IntentBoardView,
  IntentChainView,
  IntentMatchLeadsView,
  IntentPage,
  IntentSettingsView,
  IntentView,
  type IntentCreateBody,
  type IntentSettingsBody,
  type IntentReportSignedBody,
  type IntentSort,
  type IntentStage,
  type IntentStageBody,
  type IntentStatus,
  type IntentUpdateBody,
} from '@alliance-hub/types';
import { downloadFile, request, type DownloadProgress } from '../utils/request';
import { compactQuery } from './directory';

/**
 * Cooperation intents (合作意向). Every write carries the version the screen showed; a stale one
 * answers 409 with `details.current`, the intent as the other writer left it.
 */

const intentPath = (id: string, action = '') => `/api/v1/intents/${encodeURIComponent(id)}${action}`;

/** The filters the list, the board and the export share ('' = not set). */
export interface IntentFilters {
  mine?: boolean;
  ownerId?: string;
  orgId?: string;
  stage?: IntentStage | '';
  status?: IntentStatus | 'open' | 'all';
  field?: string;
  year?: number | '';
  q?: string;
  stale?: boolean;
}

export interface IntentSearch extends IntentFilters {
  sort?: IntentSort;
  order?: 'asc' | 'desc';
  cursor?: string | null;
  limit?: number;
}

/** Booleans travel as the strings the query schema reads; `false` means "not filtered". */
function filterQuery(filters: IntentFilters & Record<string, unknown>) {
  const { mine, stale, ...rest } = filters;
  return compactQuery({ ...rest, mine: mine ? 'true' : undefined, stale: stale ? 'true' : undefined });
}

/** GET /api/v1/intents — sorted and cursor-paged. */
export function listIntents(search: IntentSearch = {}): Promise<IntentPage> {
  return request('/api/v1/intents', { query: filterQuery({ ...search }), schema: IntentPage });
}

/** GET /api/v1/intents/board — every stage column's first page; with `stage` + `cursor`, more of one. */
export function getIntentBoard(
  filters: IntentFilters = {},
  page: { stage?: IntentStage; cursor?: string | null; limit?: number } = {},
): Promise<IntentBoardView> {
  return request('/api/v1/intents/board', {
    query: filterQuery({ ...filters, ...page }),
    schema: IntentBoardView,
  });
}

/** GET /api/v1/intents/:id */
export function getIntent(id: string): Promise<IntentView> {
  return request(intentPath(id), { schema: IntentView });
}

/** POST /api/v1/intents — idempotent by `clientId`. */
export function createIntent(body: IntentCreateBody): Promise<IntentView> {
  return request('/api/v1/intents', { method: 'POST', body, schema: IntentView });
}

/** PATCH /api/v1/intents/:id — any subset with `version`. */
export function updateIntent(id: string, body: IntentUpdateBody): Promise<IntentView> {
  return request(intentPath(id), { method: 'PATCH', body, schema: IntentView });
}

/** POST /api/v1/intents/:id/stage — a stage and/or status change, recorded in the history. */
export function moveIntent(id: string, body: IntentStageBody): Promise<IntentView> {
  return request(intentPath(id, '/stage'), { method: 'POST', body, schema: IntentView });
}

/** POST /api/v1/intents/:id/report-signed — a party's member says "we signed". */
export function reportIntentSigned(id: string, body: IntentReportSignedBody = {}): Promise<IntentView> {
  return request(intentPath(id, '/report-signed'), { method: 'POST', body, schema: IntentView });
}

/** GET /api/v1/intents/:id/chain — the follow-on chain from its root. */
export function getIntentChain(id: string): Promise<IntentChainView> {
  return request(intentPath(id, '/chain'), { schema: IntentChainView });
}

/** GET /api/v1/intents/export.xlsx — the filters and sort of the table; resolves with the file. */
export function downloadIntentExport(
  search: IntentFilters & { sort?: IntentSort; order?: 'asc' | 'desc' },
  onProgress?: (progress: DownloadProgress) => void,
): Promise<string> {
  return downloadFile('/api/v1/intents/export.xlsx', {
    query: filterQuery({ ...search }),
    timeout: 120_000,
    onProgress,
  });
}

/** GET /api/v1/intents/settings — the stale days per stage (version 0 = the defaults, never saved). */
export function getIntentSettings(): Promise<IntentSettingsView> {
  return request('/api/v1/intents/settings', { schema: IntentSettingsView });
}

/** PUT /api/v1/intents/settings — secretariat; a stale `version` answers 409 with the current ones. */
export function saveIntentSettings(body: IntentSettingsBody): Promise<IntentSettingsView> {
  return request('/api/v1/intents/settings', { method: 'PUT', body, schema: IntentSettingsView });
}

/** GET /api/v1/intents/from-matches — which results of a match list led to an intent. */
export function listMatchIntents(
  subjectKind: 'demand' | 'achievement',
  subjectId: string,
): Promise<IntentMatchLeadsView> {
  return request('/api/v1/intents/from-matches', {
    query: { subjectKind, subjectId },
    schema: IntentMatchLeadsView,
  });
}
