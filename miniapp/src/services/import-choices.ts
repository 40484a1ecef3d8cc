import {
  ImportRowPage,
  ImportRowView,
  ImportTermList,
  type ImportConflictBody,
  type ImportTermBody,
} from '@alliance-hub/types';
import { request } from '../utils/request';

/**
 * The secretariat's choices in an import's dry run beyond duplicates (cloud
 * features/imports/import.choices.ts): conflicting values and unknown industry-field terms.
 * Each answer re-runs the dry run on the server, so re-read the job's counts afterwards.
 */

const path = (id: string) => `/api/v1/imports/${encodeURIComponent(id)}`;

/** GET /api/v1/imports/:id/rows?conflicts=1 — rows whose values would replace the directory's. */
export function listConflictRows(id: string, cursor: string | null = null): Promise<ImportRowPage> {
  return request(`${path(id)}/rows`, {
    query: { conflicts: '1', limit: 50, ...(cursor ? { cursor } : {}) },
    schema: ImportRowPage,
  });
}

/** POST /api/v1/imports/:id/rows/:row/conflicts — keep the directory's value or take the file's. */
export function chooseImportConflict(
  id: string,
  row: number,
  body: ImportConflictBody,
): Promise<ImportRowView> {
  return request(`${path(id)}/rows/${row}/conflicts`, { method: 'POST', body, schema: ImportRowView });
}

/** GET /api/v1/imports/:id/terms — unknown 行业领域 terms, most used first, with the choice so far. */
export function listImportTerms(id: string): Promise<ImportTermList> {
  return request(`${path(id)}/terms`, { schema: ImportTermList });
}

/** PUT /api/v1/imports/:id/terms — what one unknown term becomes; answers the updated list. */
export function chooseImportTerm(id: string, body: ImportTermBody): Promise<ImportTermList> {
  return request(`${path(id)}/terms`, { method: 'PUT', body, schema: ImportTermList });
}
